"""Sessions reach the right people: organisations of a cohort with nobody on the platform yet
are invited through the contact pair of their application, and the advisor is told plainly
which organisations nobody could be invited for."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from essaim.applications.models import ApplicationStatus
from essaim.applications.tests.factories import ApplicationFactory
from essaim.cohorts.tests.factories import CohortMembershipFactory, cohort_scenario
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.sessions import services
from essaim.sessions.models import Session, SessionKind
from essaim.sessions.planner import PARIS

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 10, tzinfo=PARIS)  # a Monday


@pytest.fixture(autouse=True)
def clock():
    """Frozen for the fixtures too: the sessions they create are then still to come."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scenario(role_users):
    """The cohort of cohort_scenario (three people with an account in two organisations), plus
    three organisations with nobody on the platform: one whose membership names its admitted
    application, one found through its admitted application to the programme (both contacts
    share one address), and one with no contact at all."""
    scenario = cohort_scenario(role_users)
    cohort, programme = scenario["cohort"], scenario["programme"]
    grocery = OrganisationFactory(name="Épicerie solidaire du Bessin")
    application = ApplicationFactory(
        organisation=grocery,
        call__programme=programme,
        status=ApplicationStatus.ADMITTED,
        decision_maker_email="presidente@epicerie.example",
        operational_lead_email="coordination@epicerie.example",
    )
    CohortMembershipFactory(cohort=cohort, organisation=grocery, application=application)
    third_place = OrganisationFactory(name="Tiers-lieu de Vire")
    ApplicationFactory(
        organisation=third_place,
        call__programme=programme,
        status=ApplicationStatus.ADMITTED,
        decision_maker_email="contact@tiers-lieu.example",
        operational_lead_email="contact@tiers-lieu.example",
    )
    ApplicationFactory(  # refused elsewhere: not a contact for this programme
        organisation=third_place, status=ApplicationStatus.DECLINED
    )
    CohortMembershipFactory(cohort=cohort, organisation=third_place)
    silent = OrganisationFactory(name="Structure X")
    CohortMembershipFactory(cohort=cohort, organisation=silent)
    return scenario | {"grocery": grocery, "third_place": third_place, "silent": silent}


PEOPLE = 3  # member, peer, peer_bis
GUESTS = {
    "presidente@epicerie.example",
    "coordination@epicerie.example",
    "contact@tiers-lieu.example",
}


def form_data(scenario, **overrides):
    return {
        "audience": "cohort",
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier gouvernance",
        "starts_at": "2026-03-12T09:30",
        "duration_minutes": 180,
        "location": "Maison des associations, Bayeux",
        "video_url": "",
        "facilitators": [scenario["advisor"].pk],
        "agenda": "",
        "methodology_step": "",
        **overrides,
    }


def said(client, response) -> list[str]:
    """The messages the page the user lands on shows them."""
    assert response.status_code == 302
    return [str(m) for m in client.get(response.url).context["messages"]]


def events_of(message):
    return [
        event
        for _name, content, _mime in message.attachments
        for event in Calendar.from_ical(content).walk("VEVENT")
    ]


def people(scenario):
    return {scenario[k].email for k in ("member", "peer", "peer_bis")}


def test_a_cohort_session_invites_the_contacts_of_organisations_with_nobody_on_the_platform(
    client, scenario, django_capture_on_commit_callbacks
):
    client.force_login(scenario["advisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions:session_create", args=[scenario["cohort"].pk]), form_data(scenario)
        )
    assert response.status_code == 302
    assert said(client, response) == [
        f"Session créée. Invitations envoyées à {PEOPLE + len(GUESTS)} personnes. "
        "Personne n'a pu être invité pour : Structure X (aucun contact)."
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(people(scenario) | GUESTS)

    guest = next(m for m in mail.outbox if m.to == ["coordination@epicerie.example"])
    assert "Invitation : Atelier gouvernance" in guest.subject
    assert "contact de Épicerie solidaire du Bessin indiqué dans sa candidature" in guest.body
    (event,) = events_of(guest)
    assert str(event["ATTENDEE"]).lower() == "mailto:coordination@epicerie.example"
    assert "Épicerie solidaire du Bessin" in str(event["DESCRIPTION"])
    assert event.decoded("DTSTART") == datetime(2026, 3, 12, 9, 30, tzinfo=PARIS)


def test_a_series_sends_each_guest_one_e_mail_with_every_date(
    client, scenario, django_capture_on_commit_callbacks
):
    url = reverse("sessions:session_plan", args=[scenario["cohort"].pk])
    days = [date(2026, 3, 9), date(2026, 3, 23), date(2026, 4, 13)]  # 6 April is Easter Monday
    data = {
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier collectif",
        "interval_weeks": 2,
        "weekday": 0,
        "at": "09:30",
        "start_date": "2026-03-03",
        "count": 3,
        "until": "",
        "duration_minutes": 180,
        "location": "Tiers-lieu, Vire",
        "video_url": "",
        "facilitators": [scenario["advisor"].pk],
        "agenda": "",
        "methodology_step": "",
        "action": "save",
        "rows-TOTAL_FORMS": 3,
        "rows-INITIAL_FORMS": 3,
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 52,
    }
    for index, day in enumerate(days):
        data |= {f"rows-{index}-day": day.isoformat(), f"rows-{index}-at": "09:30"}
        data[f"rows-{index}-keep"] = "on"
    client.force_login(scenario["advisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302 and Session.objects.count() == 3
    assert said(client, response) == [
        f"3 séances planifiées. Invitations envoyées à {PEOPLE + len(GUESTS)} personnes. "
        "Personne n'a pu être invité pour : Structure X (aucun contact)."
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(people(scenario) | GUESTS)
    guest = next(m for m in mail.outbox if m.to == ["contact@tiers-lieu.example"])
    assert "contact de Tiers-lieu de Vire" in guest.body
    assert [e.decoded("DTSTART") for e in events_of(guest)] == [
        datetime.combine(day, time(9, 30), tzinfo=PARIS) for day in days
    ]


def test_guests_hear_of_a_move_and_a_cancellation_and_are_invited_once(
    client, scenario, django_capture_on_commit_callbacks
):
    client.force_login(scenario["advisor"])
    url = reverse("sessions:session_create", args=[scenario["cohort"].pk])
    said(client, client.post(url, form_data(scenario)))
    session = Session.objects.get()
    # Someone of the grocery signs up: they are invited; the contacts are not told twice.
    newcomer = MembershipFactory(organisation=scenario["grocery"]).user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sessions:session_participants_invite", args=[session.pk]))
    assert [m.to for m in mail.outbox] == [[newcomer.email]]
    assert said(client, response) == [
        "Invitation envoyée à 1 personne. "
        "Personne n'a pu être invité pour : Structure X (aucun contact)."
    ]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=scenario["advisor"],
            session=session,
            data={"starts_at": datetime(2026, 3, 13, 14, tzinfo=PARIS)},
        )
    moved = {m.to[0] for m in mail.outbox}
    assert moved == people(scenario) | GUESTS | {newcomer.email}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(actor=scenario["advisor"], session=session, reason="Grève")
    cancelled = next(m for m in mail.outbox if m.to == ["contact@tiers-lieu.example"])
    assert "Session annulée" in cancelled.subject
    assert str(Calendar.from_ical(cancelled.attachments[0][1])["METHOD"]) == "CANCEL"


def test_an_individual_diagnosis_reaches_the_contacts_of_an_organisation_without_users(
    client, scenario, django_capture_on_commit_callbacks
):
    client.force_login(scenario["advisor"])
    data = form_data(
        scenario,
        audience="organisation",
        organisation=scenario["third_place"].pk,
        kind=SessionKind.INDIVIDUAL_DIAGNOSIS,
        title="Diagnostic du tiers-lieu",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions:session_create", args=[scenario["cohort"].pk]), data
        )
    assert response.status_code == 302
    assert said(client, response) == ["Session créée. Invitation envoyée à 1 personne."]
    assert [m.to for m in mail.outbox] == [["contact@tiers-lieu.example"]]

    data |= {
        "organisation": scenario["silent"].pk,
        "title": "Diagnostic de X",
        "starts_at": "2026-03-19T09:30",
    }
    mail.outbox.clear()
    response = client.post(reverse("sessions:session_create", args=[scenario["cohort"].pk]), data)
    assert said(client, response) == [
        "Session créée. Aucune invitation envoyée. "
        "Personne n'a pu être invité pour : Structure X (aucun contact)."
    ]
    assert mail.outbox == []
