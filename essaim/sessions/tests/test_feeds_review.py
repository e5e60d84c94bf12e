"""Defects found by the review (issue 8): calendar pages that wrote on a GET, a cohort feed shown
to every viewer and kept after a withdrawal, SEQUENCE numbers counted from the audit log, and the
EU mention of attendance sheets read from the funder's name."""

import importlib
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from essaim.cohorts.models import CohortMembership
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.core.models import AuditEvent
from essaim.core.services import audit_event_record
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.sessions import services
from essaim.sessions.models import CalendarFeed, Session, SessionKind
from essaim.sessions.planner import PARIS
from essaim.sessions.services import attendance as attendance_services

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)  # an ordinary Monday morning


@pytest.fixture(autouse=True)
def ordinary_day():
    """Sessions a week ahead fall on an ordinary day whatever the real date."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def scenario(role_users):
    return cohort_scenario(role_users)


def workshop(scenario, **extra):
    data = {
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier gouvernance",
        "starts_at": NOW + timedelta(days=8, hours=5),
        "duration_minutes": 120,
        "location": "Bayeux",
        "video_url": "https://visio.example.org/bessin",
        "cohort": scenario["cohort"],
        "facilitators": [scenario["expert"]],
    }
    return services.session_create(actor=scenario["advisor"], **{**data, **extra})


def feed_events(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return {str(e["SUMMARY"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def feed_path(feed: CalendarFeed) -> str:
    return reverse("sessions:calendar_feed", args=[feed.token])


# --- A GET only reads -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("member", "my_calendar"),
        ("expert", "my_calendar"),  # the facilitator
        ("member", "cohort_calendar"),
        ("advisor", "cohort_calendar"),
    ],
)
def test_opening_a_calendar_page_writes_nothing(client, scenario, role, page):
    workshop(scenario)
    args = [scenario["cohort"].pk] if page == "cohort_calendar" else []
    client.force_login(scenario[role])
    feeds, events = CalendarFeed.objects.count(), AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"sessions:{page}", args=args))
    assert response.status_code == 200
    assert "Atelier gouvernance" in response.content.decode()
    assert (CalendarFeed.objects.count(), AuditEvent.objects.count()) == (feeds, events)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        or "FOR UPDATE" in q["sql"].upper()
        or "SAVEPOINT" in q["sql"].upper()
    ]
    assert writes == []


def test_my_feed_is_created_when_i_ask_for_it(client, scenario):
    workshop(scenario)
    client.force_login(scenario["member"])
    page = client.get(reverse("sessions:my_calendar")).content.decode()
    assert "Créer mon adresse d'agenda" in page and "/agenda/flux/" not in page

    response = client.post(reverse("sessions:my_calendar_feed_create"), follow=True)
    feed = CalendarFeed.objects.get(user=scenario["member"])
    assert feed_path(feed) in response.content.decode()
    assert "Créer mon adresse d'agenda" not in response.content.decode()
    assert AuditEvent.objects.filter(action="calendar_feed.created").count() == 1
    # Asking twice (a double click) keeps the one address.
    client.post(reverse("sessions:my_calendar_feed_create"))
    assert CalendarFeed.objects.filter(user=scenario["member"]).count() == 1
    assert client.get(reverse("sessions:my_calendar_feed_create")).status_code == 405
    client.logout()
    assert set(feed_events(client, feed_path(feed))) == {"Atelier gouvernance"}


# --- The cohort feed is the managers' -------------------------------------------------------------


def test_a_member_does_not_see_the_cohort_feed_and_is_sent_to_their_own(client, scenario):
    workshop(scenario)
    client.force_login(scenario["advisor"])
    calendar = reverse("sessions:cohort_calendar", args=[scenario["cohort"].pk])
    page = client.get(calendar).content.decode()
    assert "Créer l'adresse d'agenda de la cohorte" in page
    client.post(reverse("sessions:cohort_calendar_feed_create", args=[scenario["cohort"].pk]))
    feed = CalendarFeed.objects.get(cohort=scenario["cohort"])
    assert feed_path(feed) in client.get(calendar).content.decode()

    for role in ("member", "peer"):
        client.force_login(scenario[role])
        page = client.get(calendar).content.decode()
        assert "Atelier gouvernance" in page
        assert feed.token not in page and "Adresse de l'agenda" not in page
        assert f'href="{reverse("sessions:my_calendar")}">votre agenda personnel</a>' in page
        create = reverse("sessions:cohort_calendar_feed_create", args=[scenario["cohort"].pk])
        assert client.post(create).status_code == 403
    assert CalendarFeed.objects.filter(cohort=scenario["cohort"]).count() == 1


def test_a_withdrawal_replaces_the_cohort_feed_address(client, scenario):
    workshop(scenario)
    client.force_login(scenario["advisor"])
    client.post(reverse("sessions:cohort_calendar_feed_create", args=[scenario["cohort"].pk]))
    old = feed_path(CalendarFeed.objects.get(cohort=scenario["cohort"]))
    membership = CohortMembership.objects.get(
        cohort=scenario["cohort"], organisation=scenario["second"]
    )
    # The individual path keeps the organisation in the programme: the address stays.
    client.post(
        reverse("cohorts:membership_status", args=[membership.pk]),
        {"transition": "to_individual_path", "reason": "Besoin individuel"},
    )
    assert client.get(old).status_code == 200

    client.post(
        reverse("cohorts:membership_status", args=[membership.pk]),
        {"transition": "withdraw", "reason": "Cessation d'activité", "confirmed": "1"},
    )
    client.logout()
    assert client.get(old).status_code == 404
    new = CalendarFeed.objects.get(cohort=scenario["cohort"], revoked_at__isnull=True)
    assert "Atelier gouvernance" in feed_events(client, feed_path(new))
    assert AuditEvent.objects.filter(
        action="calendar_feed.revoked", reason__contains="Recyclerie du Bessin"
    ).exists()
    client.force_login(scenario["advisor"])
    page = client.get(reverse("sessions:cohort_calendar", args=[scenario["cohort"].pk]))
    assert feed_path(new) in page.content.decode()


# --- SEQUENCE: a number on the session, one more at each move -------------------------------------


def invitation_sequence(address: str) -> int:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    _name, content, _mime = message.attachments[0]
    return int(Calendar.from_ical(content).walk("VEVENT")[0]["SEQUENCE"])


def test_each_move_raises_the_sequence_even_once_the_audit_log_is_purged(
    client, scenario, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = workshop(scenario)
    client.force_login(scenario["member"])
    client.post(reverse("sessions:my_calendar_feed_create"))
    url = feed_path(CalendarFeed.objects.get(user=scenario["member"]))
    sequences = [int(feed_events(client, url)["Atelier gouvernance"]["SEQUENCE"])]
    e_mailed = [invitation_sequence(scenario["member"].email)]
    for hours in (1, 2):
        with django_capture_on_commit_callbacks(execute=True):
            services.session_update(
                actor=scenario["advisor"],
                session=session,
                data={"starts_at": session.starts_at + timedelta(hours=hours)},
            )
        sequences.append(int(feed_events(client, url)["Atelier gouvernance"]["SEQUENCE"]))
        e_mailed.append(invitation_sequence(scenario["member"].email))
    assert sequences == e_mailed == [0, 1, 2]

    # A change of title is no move; a purge of old audit rows (retention) forgets nothing.
    services.session_update(actor=scenario["advisor"], session=session, data={"title": "Atelier"})
    AuditEvent.objects.filter(object_id=str(session.pk)).delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=scenario["advisor"], session=session, data={"location": "Caen"}
        )
    assert invitation_sequence(scenario["member"].email) == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(actor=scenario["advisor"], session=session, reason="Grève")
    assert invitation_sequence(scenario["member"].email) == 4
    assert int(feed_events(client, url)["Atelier"]["SEQUENCE"]) == 4


def test_existing_sessions_take_their_sequence_from_the_audit_log_once(scenario):
    moved, untouched = workshop(scenario), workshop(scenario, title="Autre")
    for hours in (1, 2):
        services.session_update(
            actor=scenario["advisor"],
            session=moved,
            data={"starts_at": moved.starts_at + timedelta(hours=hours)},
        )
    # Cancellations were audit events then (their log is the session's transitions now).
    audit_event_record(
        actor=scenario["advisor"], obj=moved, action="session.cancelled", reason="Grève"
    )
    Session.objects.update(sequence=0)  # as before the field existed
    migration = importlib.import_module(
        "essaim.cohorts.migrations.0005_session_sequence_from_audit"
    )
    # As on that day: sessions were cohorts' (support_sessions 0001 moves their content type).
    ContentType.objects.filter(app_label="support_sessions", model="session").update(
        app_label="cohorts"
    )
    state = MigrationLoader(connection).project_state(
        ("cohorts", "0005_session_sequence_from_audit")
    )
    migration.sequence_from_audit(state.apps, None)
    ContentType.objects.filter(app_label="cohorts", model="session").update(
        app_label="support_sessions"
    )
    ContentType.objects.clear_cache()
    assert dict(Session.objects.values_list("pk", "sequence")) == {moved.pk: 3, untouched.pk: 0}


# --- EU co-funding is the funder's field ----------------------------------------------------------


def sheet_context(role_users, *, name: str, eu_cofunding: bool) -> dict:
    scenario = cohort_scenario(role_users, funder_name=name, eu_cofunding=eu_cofunding)
    session = workshop(scenario)
    return attendance_services.attendance_sheet_context(session)


def test_the_eu_mention_follows_the_funder_s_field_not_its_name(role_users):
    from django.template.loader import render_to_string

    flagged = sheet_context(role_users, name="Région X", eu_cofunding=True)
    html = render_to_string("sessions/pdf/attendance_sheet.html", flagged)
    assert "Région X" in html and "Cofinancé par l'Union européenne" in html

    named = sheet_context(role_users, name="Fonds FEDER des Hauts", eu_cofunding=False)
    html = render_to_string("sessions/pdf/attendance_sheet.html", named)
    assert "Fonds FEDER des Hauts" in html and "Union européenne" not in html


def test_the_eu_field_is_offered_on_funders_in_the_admin(admin_client):
    funder = OrganisationFactory(funder=True, name="Région X")
    page = admin_client.get(reverse("admin:organisations_organisation_change", args=[funder.pk]))
    assert page.status_code == 200
    assert "Cofinancement européen (FEDER, FSE+…)" in page.content.decode()
    assert 'name="eu_cofunding"' in page.content.decode()
