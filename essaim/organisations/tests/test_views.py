import pytest
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.core.models import AuditEvent
from essaim.organisations.models import LegalForm, Organisation
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.territories.models import Commune

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "La Recyclerie du Bocage",
        "siret": "732 829 320 00074",
        "rna_number": "",
        "legal_form": "9220",
        "is_ess": "on",
        "creation_date": "2015-03-01",
        "employees_fte": "4.5",
        "volunteers": "12",
        "head_office_commune": "14000",
        "naf_code": "",
        "social_purpose": "Réemploi et insertion.",
        "description": "Collecte et revente d'objets.",
        "website": "https://recyclerie.example.org",
    }
    data.update(overrides)
    return data


def test_a_signed_in_user_creates_an_organisation_and_becomes_its_member(client, role_users):
    user = role_users["outsider"]
    client.force_login(user)
    response = client.post(reverse("organisations:create"), form_data())
    organisation = Organisation.objects.get(siret="73282932000074")
    assert response.status_code == 302
    assert response.url == reverse("organisations:detail", args=[organisation.slug])
    assert organisation.siren == "732829320"
    assert organisation.head_office_commune.name == "Caen"
    assert organisation.department.code == "14" and organisation.region.code == "28"
    assert organisation.memberships.get().user == user
    assert AuditEvent.objects.filter(
        action="organisation.created", object_id=str(organisation.pk)
    ).exists()


def test_visitors_are_sent_to_sign_in_before_creating(client):
    response = client.get(reverse("organisations:create"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siret", "73282932000079", "clé de contrôle est fausse"),
        ("siret", "123", "14 chiffres (3 saisis)"),
        ("siret", "ABCDEFGHIJKLMN", "que des chiffres"),
        ("head_office_commune", "99999", "Le code postal 99999 ne correspond à aucune commune."),
        # A fixed date: the parameters are computed at collection, before any frozen clock.
        ("creation_date", "2999-01-04", "dans le futur"),
        ("employees_fte", "-2", "supérieure ou égale à 0"),
        ("volunteers", "-1", "supérieure ou égale à 0"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_the_rest_is_kept(
    client, role_users, field, value, message
):
    client.force_login(role_users["outsider"])
    response = client.post(reverse("organisations:create"), form_data(**{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'value="La Recyclerie du Bocage"' in html  # what was typed is still there
    assert "Réemploi et insertion." in html
    assert not Organisation.objects.filter(name="La Recyclerie du Bocage").exists()


def test_siret_or_rna_is_required_and_rna_alone_is_enough(client, role_users):
    client.force_login(role_users["outsider"])
    response = client.post(reverse("organisations:create"), form_data(siret=""))
    assert "Indiquez le SIRET" in str(response.context["form"].errors["siret"])
    response = client.post(
        reverse("organisations:create"), form_data(siret="", rna_number="w763006956")
    )
    assert response.status_code == 302
    assert Organisation.objects.get(rna_number="W763006956").siret == ""


def test_a_siret_already_on_the_platform_is_refused(client, role_users):
    existing = role_users["member"].organisations.get()
    client.force_login(role_users["outsider"])
    response = client.post(reverse("organisations:create"), form_data(siret=existing.siret))
    assert "existe déjà" in str(response.context["form"].errors["siret"])


def test_a_member_edits_their_organisation_and_the_change_is_recorded(client, role_users):
    member = role_users["member"]
    organisation = member.organisations.get()
    client.force_login(member)
    url = reverse("organisations:update", args=[organisation.slug])
    assert client.get(url).status_code == 200
    data = form_data(name="Nouveau nom", siret=organisation.siret, head_office_commune="76100")
    response = client.post(url, data)
    organisation.refresh_from_db()
    assert response.status_code == 302
    assert organisation.name == "Nouveau nom"
    assert organisation.head_office_commune_id == "76540"
    event = AuditEvent.objects.get(action="organisation.updated", object_id=str(organisation.pk))
    assert event.actor == member
    assert event.changes["name"][1] == "Nouveau nom"


@pytest.mark.parametrize("role", ["outsider", "advisor", "expert", "funder", "provider"])
def test_non_members_cannot_edit(client, role_users, role):
    organisation = role_users["member"].organisations.get()
    client.force_login(role_users[role])
    url = reverse("organisations:update", args=[organisation.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(name="Piraté", siret=organisation.siret)).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name != "Piraté"


def test_administrators_may_edit_any_organisation(client, role_users):
    organisation = role_users["member"].organisations.get()
    client.force_login(role_users["admin"])
    assert client.get(reverse("organisations:update", args=[organisation.slug])).status_code == 200


def test_members_contacts_are_shown_to_members_only(client, role_users):
    member = role_users["member"]
    organisation = member.organisations.get()
    url = reverse("organisations:detail", args=[organisation.slug])
    assert member.email not in client.get(url).content.decode()
    client.force_login(role_users["outsider"])
    page = client.get(url).content.decode()
    assert organisation.name in page and member.email not in page
    assert "Modifier la fiche" not in page
    client.force_login(member)
    page = client.get(url).content.decode()
    assert member.email in page and "Modifier la fiche" in page


def test_operators_and_funders_are_not_in_the_directory(client, role_users):
    operator = role_users["advisor"].organisations.get()
    response = client.get(reverse("organisations:list"))
    assert operator.name not in response.content.decode()
    assert client.get(reverse("organisations:detail", args=[operator.slug])).status_code == 404


def test_directory_filters_by_name_department_legal_form_and_sector(client):
    caen = Commune.objects.get(code="14118")
    scop = LegalForm.objects.get(code="5458")
    a = OrganisationFactory(name="Jardins de Caen", head_office_commune=caen, legal_form=scop)
    b = OrganisationFactory(name="Théâtre de Rouen")
    url = reverse("organisations:list")

    def names(params):
        return {o.name for o in client.get(url, params).context["page"]}

    assert names({"q": "jardins"}) == {a.name}
    assert names({"department": "14"}) == {a.name}
    assert names({"legal_form": "54"}) == {a.name}  # SARL family, SCOP included
    assert names({"department": "76"}) == {b.name}


def test_directory_answers_htmx_with_the_results_fragment(client):
    OrganisationFactory(name="Jardins de Caen")
    response = client.get(reverse("organisations:list"), {"q": "jardins"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Jardins de Caen" in html and "<html" not in html


def test_directory_pages_by_twenty(client):
    OrganisationFactory.create_batch(25)
    first = client.get(reverse("organisations:list"))
    assert len(first.context["page"]) == 20
    assert "Page 1 sur 2" in first.content.decode()
    assert len(client.get(reverse("organisations:list"), {"page": 2}).context["page"]) == 5


@pytest.mark.parametrize("rows", [3, 33])
def test_directory_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    OrganisationFactory.create_batch(rows)
    # The count for the pager, the filters' departments, legal forms and activity codes, the page.
    with django_assert_num_queries(5):
        client.get(reverse("organisations:list"))


@pytest.mark.parametrize("members", [1, 11])
def test_detail_query_count_does_not_grow_with_members(client, django_assert_num_queries, members):
    organisation = OrganisationFactory()
    MembershipFactory.create_batch(members, organisation=organisation, role=Role.MEMBER)
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    url = reverse("organisations:detail", args=[organisation.slug])
    # Session, user, their roles; the organisation, its networks, its members; failed e-mails.
    with django_assert_num_queries(7):
        client.get(url)
