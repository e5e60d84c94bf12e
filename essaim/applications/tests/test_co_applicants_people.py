"""The people around an application: co-applicants see and hear about it, invitations are
bound to their address, partners are found by identifier, look-alike names are refused."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.accounts.tests.factories import UserFactory
from essaim.applications import services
from essaim.applications.models import CoApplicant
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.organisations import services as organisation_services
from essaim.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    valid_siret,
)
from essaim.organisations.tests.test_views import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(role_users):
    return ApplicationFactory(organisation=role_users["member"].organisations.get())


def test_a_confirmed_co_applicant_sees_the_file_and_hears_about_it(
    client, lead, django_capture_on_commit_callbacks
):
    partner = MembershipFactory().user
    co = CoApplicantFactory(application=lead, organisation=partner.organisations.get())
    with django_capture_on_commit_callbacks(execute=True):
        services.co_applicant_respond(actor=partner, co_applicant=co, accept=True)
    assert any("a confirmé" in m.subject for m in mail.outbox)  # the lead is told
    client.force_login(partner)
    page = client.get(reverse("applications:mine")).content.decode()
    assert lead.call.title in page and "vous êtes co-candidate" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(actor=lead.created_by, application=lead)
    (email,) = mail.outbox
    assert partner.email in email.to


def test_the_invitation_says_what_it_is_before_sign_in(client, lead):
    co = CoApplicantFactory(
        application=lead,
        organisation=None,
        invited_name="Terre d'ici",
        invited_email="contact@terredici.fr",
    )
    page = client.get(reverse("applications:invitation", args=[co.token])).content.decode()
    assert lead.organisation.name in page and lead.call.title in page
    assert "c•••@terredici.fr" in page and "contact@terredici.fr" not in page
    assert "?next=" in page


def test_an_emailed_invitation_answers_only_for_its_address(client, lead, role_users):
    co = CoApplicantFactory(
        application=lead,
        organisation=None,
        invited_name="Terre d'ici",
        invited_email="contact@terredici.fr",
    )
    intruder = MembershipFactory().user
    client.force_login(intruder)
    url = reverse("applications:invitation", args=[co.token])
    response = client.post(
        url, {"answer": "accept", "organisation": intruder.organisations.get().pk}
    )
    assert response.status_code == 403
    assert "une autre adresse" in response.content.decode()
    co.refresh_from_db()
    assert co.status == CoApplicant.Status.INVITED and co.organisation is None
    invitee = MembershipFactory(user=UserFactory(email="Contact@TerreDici.fr")).user
    client.force_login(invitee)
    client.post(url, {"answer": "accept", "organisation": invitee.organisations.get().pk})
    co.refresh_from_db()
    assert co.status == CoApplicant.Status.CONFIRMED


def test_creating_the_organisation_leads_back_to_the_invitation(client, lead):
    co = CoApplicantFactory(
        application=lead,
        organisation=None,
        invited_name="Terre d'ici",
        invited_email="contact@terredici.fr",
    )
    client.force_login(UserFactory(email="contact@terredici.fr"))
    url = reverse("applications:invitation", args=[co.token])
    page = client.get(url).content.decode()
    create = reverse("organisations:create") + "?next=" + url
    assert create.replace("/", "%2F").split("?")[1] in page.replace("/", "%2F")
    response = client.post(create, form_data(name="Terre d'ici"))
    assert response.status_code == 302 and response.url == url


def test_a_partner_named_like_several_is_chosen_with_its_siret(client, lead, role_users):
    victim = OrganisationFactory(name="Les Jardins Partagés")
    homonym = OrganisationFactory(name="Les Jardins Partagés du Bocage")
    MembershipFactory(organisation=victim)
    client.force_login(role_users["member"])
    url = reverse("applications:co_applicant_invite", args=[lead.pk])
    response = client.post(url, {"search": "les jardins partages"})
    page = response.content.decode()
    assert response.status_code == 400
    assert f"SIRET {victim.siret}" in page and f"SIRET {homonym.siret}" in page
    assert not lead.co_applicants.exists()  # nothing picked for the applicant
    client.post(url, {"search": "les jardins partages", "choice": victim.pk})
    assert lead.co_applicants.get().organisation == victim


def test_a_partner_is_found_by_its_rna_number(client, lead, role_users):
    partner = OrganisationFactory(siret="", rna_number="W763006956")
    MembershipFactory(organisation=partner)
    client.force_login(role_users["member"])
    client.post(
        reverse("applications:co_applicant_invite", args=[lead.pk]), {"search": "w763006956"}
    )
    assert lead.co_applicants.get().organisation == partner


@pytest.mark.parametrize(
    "name",
    [
        "ORG C SEC",  # differs only by case
        "Org\u200b C Sec",  # zero-width space
        "Org C Séc",  # an accent
        "\u202eceS C grO",  # right-to-left override
        "Org С Sec",  # Cyrillic « С »
    ],
)
def test_look_alike_names_are_refused(role_users, name):
    OrganisationFactory(name="Org C Sec")
    with pytest.raises(ValidationError) as error:
        organisation_services.organisation_create(
            actor=role_users["outsider"], data={"name": name, "siret": valid_siret(901)}
        )
    assert "name" in error.value.message_dict


def test_the_same_name_with_another_siret_stays_possible(role_users):
    OrganisationFactory(name="Restos du Cœur")
    organisation = organisation_services.organisation_create(
        actor=role_users["outsider"], data={"name": "Restos du Cœur", "siret": valid_siret(902)}
    )
    assert organisation.pk and organisation.name_key == "restos du cœur"
