import io

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.html import escape

from essaim.accounts.models import User
from essaim.applications.models import Application, ApplicationStatus
from essaim.cohorts.models import Cohort
from essaim.demo.loader import DEMO_PASSWORD, DEMO_USERS
from essaim.organisations.models import Membership, Organisation
from essaim.programmes.models import Call, Programme, ProgrammeStep
from essaim.territories.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def snapshot():
    """Every demo row's content, without the timestamps a save refreshes."""
    rows = {}
    models = (Programme, Call, Cohort, Organisation, Membership, ProgrammeStep, User, Application)
    for model in models:
        rows[model.__name__] = sorted(
            str(
                {
                    k: v
                    for k, v in model_to_dict(obj).items()
                    if k not in {"updated_at", "last_login"}
                }
            )
            for obj in model.objects.all()
        )
    return rows


def test_demo_loads_the_real_programmes(demo):
    essor = Programme.objects.get(slug="essor")
    assert essor.operator.name == "SocialCOBizz"
    assert {f.name for f in essor.funders.all()} >= {"Région Normandie"}
    assert essor.regions.get() == Region.objects.get(code="28")
    assert essor.themes.count() == 3
    assert essor.steps.filter(kind=ProgrammeStep.Kind.METHODOLOGY).count() == 10
    cohorts = essor.cohorts.order_by("end_date")
    assert cohorts.count() == 3
    assert cohorts[0].start_date.isoformat() == "2022-09-01"
    assert essor.calls.get().criteria.filter(label__icontains="normande").exists()

    dla_call = Call.objects.get(slug="dla-pdl-ami-cooperation-2023")
    assert dla_call.capacity == 5
    assert dla_call.programme.regions.get().code == "52"
    assert dla_call.milestones.count() >= 2
    assert dla_call.status == "closed"
    assert dla_call.programme.calendar_note == ""  # its dated calendar is milestones, not text

    tressons = Programme.objects.get(slug="tressons")
    assert tressons.children.count() == 10
    assert tressons.operator.name == "Avise"


def test_demo_population_has_valid_sirets_and_real_communes(demo):
    from stdnum.fr import siret

    population = Organisation.objects.filter(slug__startswith="demo-")
    assert population.count() == 60
    assert all(siret.is_valid(o.siret) for o in population)
    regions = set(population.values_list("head_office_commune__department__region", flat=True))
    assert regions == {"28", "52"}


def test_running_the_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.parametrize(("email", "role"), [(u[0], u[3]) for u in DEMO_USERS])
def test_each_demo_account_signs_in_and_sees_its_role(client, demo, email, role):
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert escape(role.label if role else "Administrateur·rice") in page


def test_home_lists_the_demo_programmes_and_the_open_call(client, demo):
    page = client.get(reverse("portal:home")).content.decode()
    assert "ESSor" in page
    assert "DLA régional Pays de la Loire" in page
    assert "TRESSONS" in page
    assert "Demande d&#x27;intégration au dispositif ESSor" in page


def test_demo_has_a_pipeline_in_every_state_and_twelve_admitted_files(demo):
    applications = Application.objects.filter(call__slug="essor-demande-integration")
    assert applications.filter(status=ApplicationStatus.ADMITTED).count() == 12
    assert set(applications.values_list("status", flat=True)) >= {
        "draft",
        "submitted",
        "eligible",
        "interview_scheduled",
        "not_eligible",
        "redirected",
        "declined",
    }
    for application in applications.exclude(status="draft").prefetch_related("transitions"):
        path = [t.to_status for t in application.transitions.all()]
        assert path[0] == "submitted" and path[-1] == application.status
    essor_call = Call.objects.get(slug="essor-demande-integration")
    assert essor_call.criteria.filter(rule_type="head_office_in").exists()
    assert essor_call.questions.count() == 3


def test_demo_organisations_describe_their_sector_in_plain_french(demo):
    from essaim.demo.descriptions import SECTORS, a_commune

    population = Organisation.objects.filter(slug__startswith="demo-").select_related(
        "naf_code", "head_office_commune"
    )
    descriptions = set()
    for organisation in population:
        text = organisation.description
        assert sum(sentence in text for sentence in SECTORS[organisation.naf_code.code]) == 2
        assert a_commune(organisation.head_office_commune.name) in text
        assert str(organisation.creation_date.year) in text
        descriptions.add(text)
    assert len(descriptions) == population.count()  # no two alike


def test_place_names_take_the_right_preposition():
    from essaim.demo.descriptions import a_commune

    assert a_commune("Caen") == "à Caen"
    assert a_commune("Le Havre") == "au Havre"
    assert a_commune("Les Andelys") == "aux Andelys"
    assert a_commune("La Ferté-Macé") == "à La Ferté-Macé"


def test_demo_spells_the_boischaut(demo):
    programme = Programme.objects.get(slug="adar-civam-boischaut-sud")
    assert programme.territory_label == "Boischaut Sud de l'Indre"
    assert not any("Boischaud" in str(v) for v in model_to_dict(programme).values())
