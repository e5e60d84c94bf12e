"""Who reads the documents and minutes of a session, open sessions above all: listed to everyone
signed in so that they may register, their files go only to the people who run or attend them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.sessions import services
from essaim.sessions.models import Participant, SessionKind
from essaim.sessions.tests.factories import ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESERVED = "Les documents et le compte rendu sont réservés aux personnes inscrites"


@pytest.fixture
def training(role_users):
    """An open training run by a support provider, with its support and minutes; one member of
    an ESS structure registered with a seat, another on the waitlist."""
    facilitator = MembershipFactory(
        organisation=OrganisationFactory(provider=True), role=Role.PROVIDER
    ).user
    session = SessionFactory(open=True, title="Formation paie", minutes="Relevé : trois points.")
    session.facilitators.add(facilitator)
    document = services.session_document_add(
        actor=facilitator,
        session=session,
        uploaded_file=SimpleUploadedFile("Support formation.pdf", PDF),
    )
    ParticipantFactory(session=session, user=role_users["member"])
    waitlisted = MembershipFactory(organisation=OrganisationFactory()).user
    ParticipantFactory(session=session, user=waitlisted, status=Participant.Status.WAITLISTED)
    return {
        "session": session,
        "document": document,
        "facilitator": facilitator,
        "waitlisted": waitlisted,
        "unregistered": MembershipFactory(organisation=OrganisationFactory()).user,
    }


def people(role_users, training):
    return {**role_users, **{k: v for k, v in training.items() if k not in ("session", "document")}}


ALLOWED = ["admin", "facilitator", "member"]
REFUSED = ["funder", "provider", "expert", "advisor", "outsider", "waitlisted", "unregistered"]


@pytest.mark.parametrize("who", ALLOWED + REFUSED)
def test_open_session_documents_go_only_to_its_facilitators_and_registered_people(
    client, role_users, training, who
):
    session, document = training["session"], training["document"]
    client.force_login(people(role_users, training)[who])

    download = client.get(reverse("sessions:session_document", args=[session.pk, document.pk]))
    page = client.get(reverse("sessions:session_detail", args=[session.pk])).content.decode()

    # Everyone signed in still sees the open session itself, to register.
    assert "Formation paie" in page
    if who in ALLOWED:
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert "Support formation.pdf" in page and "Relevé : trois points." in page
        assert RESERVED not in page
    else:
        assert download.status_code == 404
        assert "Support formation.pdf" not in page and "Relevé : trois points." not in page
        assert RESERVED in page


def test_a_provider_reads_the_documents_once_facilitating(client, role_users, training):
    session, document = training["session"], training["document"]
    url = reverse("sessions:session_document", args=[session.pk, document.pk])
    client.force_login(role_users["provider"])
    assert client.get(url).status_code == 404

    session.facilitators.add(role_users["provider"])

    assert client.get(url).status_code == 200


def test_cohort_session_documents_stay_with_the_cohort_and_never_reach_funders(client, role_users):
    scenario = cohort_scenario(role_users)
    scenario["programme"].funders.add(role_users["funder"].organisations.get())
    session = SessionFactory(cohort=scenario["cohort"], kind=SessionKind.WORKSHOP)
    document = services.session_document_add(
        actor=scenario["advisor"],
        session=session,
        uploaded_file=SimpleUploadedFile("Compte rendu.pdf", PDF),
    )
    url = reverse("sessions:session_document", args=[session.pk, document.pk])

    for who, status in [
        ("advisor", 200),
        ("member", 200),
        ("expert", 200),
        ("funder", 404),  # even the programme's own funder: aggregated reports only
        ("provider", 404),
        ("other_member", 404),
    ]:
        client.force_login(scenario.get(who) or role_users[who])
        assert client.get(url).status_code == status, who
