"""Sessions: creation and invitations (.ics), moves and cancellations, the planner (public
holidays, preview, confirmation, overlaps), open sessions with their waitlist, documents,
reminders, co-development, and who may see or manage what."""

from datetime import date, datetime, time, timedelta

import holidays
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from essaim.accounts.models import Role
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.core.models import AuditEvent
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.sessions import services
from essaim.sessions.models import Attendance, CodevSession, Participant, Session, SessionKind
from essaim.sessions.planner import PARIS, holiday_name, is_working_day, series_propose
from essaim.sessions.selectors import planner_checks

pytestmark = pytest.mark.django_db
P = Participant.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def ordinary_day():
    """A session on a public holiday or in the past asks for a confirmation: these tests run on an
    ordinary Monday morning, so that in_days(10) is a working day whatever the real date. The
    clock runs: a waitlist is in order of registration time."""
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=PARIS), tick=True):
        yield


@pytest.fixture
def scenario(role_users):
    return cohort_scenario(role_users)


def in_days(days, hour=9, minute=30):
    day = timezone.localdate(timezone=PARIS) + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def form_data(scenario, **overrides):
    data = {
        "audience": "cohort",
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier modèle économique",
        "starts_at": in_days(10).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 180,
        "location": "Maison des associations, Bayeux",
        "video_url": "",
        "facilitators": [scenario["advisor"].pk],
        "agenda": "Tour de table ; chaîne de valeur.",
        "methodology_step": scenario["step"].pk,
    }
    return {**data, **overrides}


def ics_of(message):
    name, content, _mime = next(a for a in message.attachments if a[0].endswith(".ics"))
    return Calendar.from_ical(content)


def event_of(message):
    return next(iter(ics_of(message).walk("VEVENT")))


def create(scenario, **overrides):
    data = {
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier",
        "starts_at": in_days(10),
        "duration_minutes": 120,
        "location": "Caen",
        "cohort": scenario["cohort"],
        "facilitators": [scenario["advisor"]],
    }
    return services.session_create(actor=scenario["advisor"], **{**data, **overrides})


# --- Creation, invitations, moves, cancellation ---------------------------------------------------


def test_creating_a_cohort_session_invites_the_members_of_its_active_organisations(
    client, scenario, django_capture_on_commit_callbacks
):
    client.force_login(scenario["advisor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions:session_create", args=[scenario["cohort"].pk]), form_data(scenario)
        )
    session = Session.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "sessions:session_detail", args=[session.pk]
    )
    expected = {scenario["member"], scenario["peer"], scenario["peer_bis"]}
    assert {p.user for p in session.participants.all()} == expected  # not the withdrawn one
    assert all(p.status == P.EXPECTED and p.invited_at for p in session.participants.all())
    assert list(session.facilitators.all()) == [scenario["advisor"]]
    assert AuditEvent.objects.filter(action="session.created", object_id=str(session.pk)).exists()

    assert {m.to[0] for m in mail.outbox} == {u.email for u in expected}
    message = next(m for m in mail.outbox if m.to == [scenario["peer"].email])
    assert "Atelier modèle économique" in message.subject and "Bayeux" in message.body
    calendar = ics_of(message)
    event = event_of(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert event.decoded("DTSTART") == in_days(10)
    assert event.decoded("DTEND") == in_days(10) + timedelta(hours=3)
    assert str(event["UID"]).startswith(f"session-{session.pk}@")
    assert int(event["SEQUENCE"]) == 0
    assert str(event["LOCATION"]) == "Maison des associations, Bayeux"
    assert "Recyclerie du Bessin" in str(event["DESCRIPTION"])  # the participant's organisation
    assert "ESSor Normandie" in str(event["DESCRIPTION"])


def test_moving_then_cancelling_sends_updates_that_replace_the_event(
    scenario, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = create(scenario)
    invitation = event_of(mail.outbox[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=scenario["advisor"], session=session, data={"title": "Atelier (titre)"}
        )
    assert mail.outbox == []  # a new title is not a move

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=scenario["advisor"],
            session=session,
            data={"starts_at": in_days(12, 14), "location": "Saint-Lô"},
        )
    assert len(mail.outbox) == 3 and all("modifiée" in m.subject for m in mail.outbox)
    moved = event_of(mail.outbox[0])
    assert str(moved["UID"]) == str(invitation["UID"])
    assert int(moved["SEQUENCE"]) > int(invitation["SEQUENCE"])
    assert moved.decoded("DTSTART") == in_days(12, 14)
    assert str(moved["LOCATION"]) == "Saint-Lô"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(actor=scenario["advisor"], session=session, reason="Salle fermée")
    calendar = ics_of(mail.outbox[0])
    cancelled = event_of(mail.outbox[0])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == str(invitation["UID"])
    assert int(cancelled["SEQUENCE"]) > int(moved["SEQUENCE"])
    assert "Salle fermée" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.session_update(actor=scenario["advisor"], session=session, data={"title": "x"})


def test_a_session_needs_a_place_and_facilitators_of_the_cohort_or_operator(scenario):
    with pytest.raises(ValidationError) as error:
        create(scenario, location="", video_url="")
    assert "lieu" in str(error.value)
    with pytest.raises(ValidationError) as error:
        create(scenario, facilitators=[scenario["other_advisor"]])
    assert "animation" in str(error.value).lower()
    # The cohort's expert may facilitate; a video link is a place.
    session = create(
        scenario, facilitators=[scenario["expert"]], location="", video_url="https://visio.fr/a"
    )
    assert list(session.facilitators.all()) == [scenario["expert"]]


def test_an_individual_diagnosis_concerns_one_organisation_only(
    client, scenario, django_capture_on_commit_callbacks
):
    client.force_login(scenario["advisor"])
    data = form_data(
        scenario,
        audience="organisation",
        organisation=scenario["second"].pk,
        kind=SessionKind.INDIVIDUAL_DIAGNOSIS,
        title="Diagnostic",
        facilitators=[scenario["expert"].pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions:session_create", args=[scenario["cohort"].pk]), data
        )
    session = Session.objects.get()
    assert response.status_code == 302
    assert session.cohort is None and session.organisation == scenario["second"]
    assert {p.user for p in session.participants.all()} == {scenario["peer"], scenario["peer_bis"]}
    # The author keeps a hand on it: outside a cohort, only facilitators manage a session.
    assert set(session.facilitators.all()) == {scenario["expert"], scenario["advisor"]}
    url = reverse("sessions:session_detail", args=[session.pk])
    client.force_login(scenario["peer"])
    assert client.get(url).status_code == 200
    client.force_login(scenario["member"])  # another organisation of the cohort
    assert client.get(url).status_code == 404

    client.force_login(scenario["advisor"])
    refused = client.post(
        reverse("sessions:session_create", args=[scenario["cohort"].pk]),
        {**data, "audience": "cohort"},
    )
    assert refused.status_code == 400
    assert "une seule structure" in refused.content.decode()


# --- Who may see and manage -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "see", "manage"),
    [
        ("member", 200, 403),
        ("peer", 200, 403),
        ("expert", 200, 403),
        ("advisor", 200, 200),
        ("admin", 200, 200),
        ("other_member", 404, 404),
        ("other_advisor", 404, 404),
        ("funder", 404, 404),
        # An organisation that withdrew no longer reads the cohort's sessions.
        ("withdrawn_member", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_who_sees_and_manages_a_cohort_session(client, scenario, role, see, manage):
    session = create(scenario)
    client.force_login(scenario[role])
    assert client.get(reverse("sessions:session_detail", args=[session.pk])).status_code == see
    assert client.get(reverse("sessions:session_update", args=[session.pk])).status_code == manage
    plan = client.get(reverse("sessions:session_plan", args=[scenario["cohort"].pk]))
    assert plan.status_code == manage


def test_visitors_are_sent_to_sign_in(client, scenario):
    session = create(scenario)
    response = client.get(reverse("sessions:session_detail", args=[session.pk]))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_a_facilitating_expert_manages_the_session(client, scenario):
    session = create(scenario, facilitators=[scenario["expert"]])
    client.force_login(scenario["expert"])
    response = client.post(
        reverse("sessions:session_update", args=[session.pk]),
        {
            "kind": SessionKind.WORKSHOP,
            "title": "Atelier renommé",
            "starts_at": in_days(10).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 120,
            "location": "Caen",
            "facilitators": [scenario["expert"].pk],
            "minutes": "Compte rendu : trois pistes.",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Atelier renommé" and session.minutes.startswith("Compte rendu")


def test_a_cancellation_needs_a_reason_and_a_manager(client, scenario):
    session = create(scenario)
    url = reverse("sessions:session_cancel", args=[session.pk])
    client.force_login(scenario["member"])
    assert client.post(url, {"reason": "Non"}).status_code == 403
    client.force_login(scenario["advisor"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Grève des transports", "confirmed": "1"}).status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED


def test_members_who_joined_later_can_be_invited(scenario, django_capture_on_commit_callbacks):
    from essaim.cohorts.tests.factories import CohortMembershipFactory

    session = create(scenario)
    newcomer = OrganisationFactory()
    CohortMembershipFactory(cohort=scenario["cohort"], organisation=newcomer)
    person = MembershipFactory(organisation=newcomer).user
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.session_participants_invite(actor=scenario["advisor"], session=session)
    assert [p.user for p in invited.participants] == [person]
    assert [m.to for m in mail.outbox] == [[person.email]]
    again = services.session_participants_invite(actor=scenario["advisor"], session=session)
    assert again.participants == [] and not again.addresses


# --- Documents ------------------------------------------------------------------------------------


def test_documents_are_checked_on_upload_and_served_to_those_who_see_the_session(client, scenario):
    session = create(scenario)
    client.force_login(scenario["advisor"])
    url = reverse("sessions:session_document_add", args=[session.pk])
    disguised = SimpleUploadedFile("support.pdf", b"MZ\x90\x00 not a pdf at all")
    response = client.post(url, {"file": disguised})
    assert response.status_code == 400 and "type accepté" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("Support atelier.pdf", PDF)})
    assert response.status_code == 302
    document = session.documents.get()
    assert document.file.name.startswith(f"sessions/{session.pk}/")
    assert document.file.name.endswith("/support-atelier.pdf")
    download = reverse("sessions:session_document", args=[session.pk, document.pk])
    client.force_login(scenario["member"])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert (
        client.post(
            reverse("sessions:session_document_remove", args=[session.pk, document.pk])
        ).status_code
        == 403
    )
    client.force_login(scenario["other_member"])
    assert client.get(download).status_code == 404


# --- Planner --------------------------------------------------------------------------------------

HOLIDAY_NAMES = [
    "Lundi de Pâques",
    "Fête du Travail",
    "Fête de la Victoire",
    "Ascension",
    "Lundi de Pentecôte",
    "Fête nationale",
    "Assomption",
    "Toussaint",
    "Armistice",
    "Noël",
]


@pytest.mark.parametrize("year", [2026, 2027, 2028])
@pytest.mark.parametrize("name", HOLIDAY_NAMES)
def test_a_fortnightly_series_moves_off_public_holidays_to_the_next_working_day(year, name):
    french = holidays.country_holidays("FR", years=year, language="fr")
    holiday = next(day for day, label in french.items() if label == name)
    proposals = series_propose(
        start_date=holiday - timedelta(weeks=2),
        weekday=holiday.weekday(),
        at=time(9, 30),
        interval_weeks=2,
        count=3,
    )
    # Each date is moved if and only if it falls on a holiday (Easter Monday and 1 May may both be).
    originals = [holiday + timedelta(weeks=n) for n in (-2, 0, 2)]
    assert [p.moved_from or p.day for p in proposals] == originals
    assert [bool(p.moved_from) for p in proposals] == [bool(d in french) for d in originals]
    moved = proposals[1]
    assert moved.holiday == name
    assert moved.day > holiday and moved.day.weekday() < 5 and moved.day not in french
    # Nothing was skipped in between: every day up to the new date is off.
    skipped = [holiday + timedelta(days=n) for n in range(1, (moved.day - holiday).days)]
    assert all(not is_working_day(day) for day in skipped)
    assert all(p.day.weekday() < 5 and p.day not in french for p in proposals if p.moved_from)


def test_a_fortnightly_monday_series_over_two_years_lands_on_working_days_only():
    french = holidays.country_holidays("FR", years=[2027, 2028], language="fr")
    easter_monday = next(d for d, n in french.items() if n == "Lundi de Pâques" and d.year == 2027)
    start = easter_monday - timedelta(weeks=4)
    proposals = series_propose(
        start_date=start, weekday=0, at=time(14, 0), interval_weeks=2, until=date(2028, 12, 31)
    )
    mondays = [start + timedelta(weeks=2 * n) for n in range(60)]
    assert len(proposals) == len([d for d in mondays if d <= date(2028, 12, 31)])
    assert [p.moved_from or p.day for p in proposals] == mondays[: len(proposals)]
    assert {p.moved_from for p in proposals if p.moved_from} == {
        d for d in mondays[: len(proposals)] if d in french
    }
    assert all(p.day.weekday() < 5 and p.day not in french for p in proposals)
    moved = {p.moved_from: p for p in proposals if p.moved_from}
    assert moved[easter_monday].day == easter_monday + timedelta(days=1)
    assert moved[easter_monday].holiday == "Lundi de Pâques"
    assert all(holiday_name(day) for day in moved)
    assert all(p.day.weekday() == 0 for p in proposals if not p.moved_from)


def test_planner_checks_flag_past_dates_holidays_and_facilitator_overlaps(scenario):
    christmas = date(timezone.localdate().year + 1, 12, 25)
    busy = create(scenario, starts_at=in_days(20, 10, 0), duration_minutes=120, title="Comité")
    checks = planner_checks(
        [
            in_days(-3),
            datetime.combine(christmas, time(9, 30), tzinfo=PARIS),
            in_days(20, 11, 30),  # overlaps the committee, 10:00–12:00
            in_days(20, 12, 30),  # starts when the previous date ends: no overlap
        ],
        duration_minutes=60,
        facilitators=[scenario["advisor"]],
    )
    assert [c.in_past for c in checks] == [True, False, False, False]
    assert checks[1].holiday == "Noël" and checks[1].needs_confirmation
    assert len(checks[2].conflicts) == 1 and busy.title in checks[2].conflicts[0]
    assert str(scenario["advisor"]) in checks[2].conflicts[0]
    assert checks[3].conflicts == [] and not checks[3].needs_confirmation
    # Someone else's sessions do not conflict.
    assert (
        planner_checks([in_days(20, 11)], duration_minutes=60, facilitators=[scenario["expert"]])[
            0
        ].conflicts
        == []
    )


def plan_data(scenario, **overrides):
    data = {
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier collectif",
        "interval_weeks": 2,
        "weekday": 0,
        "at": "09:30",
        "start_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "count": 4,
        "until": "",
        "duration_minutes": 180,
        "location": "Tiers-lieu, Vire",
        "video_url": "",
        "facilitators": [scenario["advisor"].pk],
        "agenda": "",
        "methodology_step": "",
    }
    return {**data, **overrides}


def rows_data(rows):
    data = {
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": len(rows),
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": 52,
    }
    for index, (day, at, keep) in enumerate(rows):
        data[f"rows-{index}-day"] = day.isoformat()
        data[f"rows-{index}-at"] = at
        if keep:
            data[f"rows-{index}-keep"] = "on"
    return data


def test_the_planner_previews_then_saves_the_edited_dates_at_once(
    client, scenario, django_capture_on_commit_callbacks
):
    url = reverse("sessions:session_plan", args=[scenario["cohort"].pk])
    client.force_login(scenario["advisor"])
    assert client.get(url).status_code == 200
    preview = client.post(url, {**plan_data(scenario), "action": "propose"})
    assert preview.status_code == 200
    rows = [form.initial for form, _check in preview.context["rows"]]
    assert len(rows) == 4 and Session.objects.count() == 0  # nothing saved by a preview

    edited = [
        (rows[0]["day"], "09:30", True),
        (rows[1]["day"] + timedelta(days=1), "14:00", True),  # moved by hand
        (rows[2]["day"], "09:30", False),  # unticked
        (rows[3]["day"], "09:30", True),
    ]
    checked = client.post(url, {**plan_data(scenario), **rows_data(edited), "action": "check"})
    assert checked.status_code == 200 and Session.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(url, {**plan_data(scenario), **rows_data(edited), "action": "save"})
    assert saved.status_code == 302
    assert saved.url == reverse("sessions:cohort_calendar", args=[scenario["cohort"].pk])
    sessions = list(Session.objects.order_by("starts_at"))
    assert [s.starts_at for s in sessions] == [
        datetime.combine(edited[0][0], time(9, 30), tzinfo=PARIS),
        datetime.combine(edited[1][0], time(14, 0), tzinfo=PARIS),
        datetime.combine(edited[3][0], time(9, 30), tzinfo=PARIS),
    ]
    assert [s.title for s in sessions] == [f"Atelier collectif ({n}/3)" for n in (1, 2, 3)]
    assert len({s.series for s in sessions}) == 1 and sessions[0].series
    # One e-mail per person, with one .ics per session.
    assert len(mail.outbox) == 3
    assert all(len(m.attachments) == 3 for m in mail.outbox)


def test_a_past_or_holiday_date_needs_an_explicit_confirmation(client, scenario):
    url = reverse("sessions:session_plan", args=[scenario["cohort"].pk])
    client.force_login(scenario["advisor"])
    next_christmas = date(timezone.localdate().year + 1, 12, 25)
    rows = [
        (timezone.localdate() - timedelta(days=7), "09:30", True),
        (next_christmas, "10:00", True),
    ]
    refused = client.post(url, {**plan_data(scenario), **rows_data(rows), "action": "save"})
    assert refused.status_code == 400 and Session.objects.count() == 0
    page = refused.content.decode()
    assert "date passée" in page and "jour férié (Noël)" in page
    assert "cochez la case pour confirmer" in page
    confirmed = client.post(
        url, {**plan_data(scenario), **rows_data(rows), "confirm": "on", "action": "save"}
    )
    assert confirmed.status_code == 302 and Session.objects.count() == 2


def test_the_preview_says_which_holiday_moved_a_date_and_warns_of_overlaps(client, scenario):
    french = holidays.country_holidays("FR", years=timezone.localdate().year + 1, language="fr")
    easter_monday = next(d for d, n in french.items() if n == "Lundi de Pâques")
    create(
        scenario,
        title="Comité de pilotage",
        starts_at=datetime.combine(easter_monday - timedelta(weeks=2), time(9), tzinfo=PARIS),
    )
    client.force_login(scenario["advisor"])
    response = client.post(
        reverse("sessions:session_plan", args=[scenario["cohort"].pk]),
        {
            **plan_data(scenario, start_date=(easter_monday - timedelta(weeks=2)).isoformat()),
            "count": 2,
            "action": "propose",
        },
    )
    page = response.content.decode()
    assert "(Lundi de Pâques) : reportée au jour ouvré suivant" in page
    assert "anime déjà « Comité de pilotage »" in page
    assert Session.objects.count() == 1


# --- Open sessions --------------------------------------------------------------------------------


@pytest.fixture
def training(scenario):
    return create(
        scenario, kind=SessionKind.TRAINING, cohort=None, capacity=2, title="Formation paie"
    )


def test_anyone_in_an_organisation_registers_to_an_open_session_once(client, scenario, training):
    url = reverse("sessions:session_register", args=[training.pk])
    client.force_login(scenario["other_member"])
    assert client.get(reverse("sessions:open_sessions")).content.decode().count("Formation paie")
    page = client.post(url, follow=True).content.decode()
    assert "Vous êtes inscrit·e" in page
    page = client.post(url, follow=True).content.decode()
    assert "Vous êtes déjà inscrit·e à cette session." in page
    assert training.participants.filter(user=scenario["other_member"]).count() == 1
    client.force_login(scenario["expert"])  # not a member of an organisation
    page = client.post(url, follow=True).content.decode()
    assert "réservées aux membres d&#x27;une structure" in page
    assert not training.participants.filter(user=scenario["expert"]).exists()


def test_the_first_waitlisted_person_moves_up_when_someone_cancels(
    scenario, training, django_capture_on_commit_callbacks
):
    first, second, third, fourth = (
        scenario["member"],
        scenario["peer"],
        scenario["other_member"],
        scenario["peer_bis"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        for person in (first, second, third, fourth):
            services.session_register(actor=person, session=training)
    statuses = dict(training.participants.values_list("user", "status"))
    assert statuses == {
        first.pk: P.EXPECTED,
        second.pk: P.EXPECTED,
        third.pk: P.WAITLISTED,
        fourth.pk: P.WAITLISTED,
    }
    assert any("Liste d'attente" in m.subject for m in mail.outbox if m.to == [third.email])
    with pytest.raises(ValidationError, match="liste d'attente"):
        services.session_register(actor=third, session=training)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.session_unregister(actor=second, session=training)
    statuses = dict(training.participants.values_list("user", "status"))
    assert statuses[second.pk] == P.CANCELLED
    assert statuses[third.pk] == P.EXPECTED  # first in line
    assert statuses[fourth.pk] == P.WAITLISTED
    promoted = next(m for m in mail.outbox if m.to == [third.email])
    assert "Une place s'est libérée" in promoted.subject
    assert str(event_of(promoted)["UID"]).startswith(f"session-{training.pk}@")
    cancelled = next(m for m in mail.outbox if m.to == [second.email])
    assert str(ics_of(cancelled)["METHOD"]) == "CANCEL"

    # Registering again after cancelling puts you at the back of the queue.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.session_register(actor=second, session=training)
    assert again.status == P.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        services.session_unregister(actor=first, session=training)
    assert training.participants.get(user=fourth).status == P.EXPECTED
    assert training.participants.get(user=second).status == P.WAITLISTED


def test_raising_the_capacity_moves_the_waitlist_up(scenario, training):
    for person in (scenario["member"], scenario["peer"], scenario["other_member"]):
        services.session_register(actor=person, session=training)
    services.session_update(actor=scenario["advisor"], session=training, data={"capacity": 3})
    assert training.participants.get(user=scenario["other_member"]).status == P.EXPECTED


def test_cohort_sessions_are_not_open_to_registration(scenario):
    session = create(scenario)
    with pytest.raises(ValidationError, match="pas ouverte aux inscriptions"):
        services.session_register(actor=scenario["other_member"], session=session)
    with pytest.raises(ValidationError):
        services.session_unregister(actor=scenario["member"], session=session)


def test_the_names_of_registered_people_stay_with_the_managers(client, scenario, training):
    services.session_register(actor=scenario["member"], session=training)
    url = reverse("sessions:session_detail", args=[training.pk])
    name = str(scenario["member"])
    client.force_login(scenario["other_member"])
    assert name not in client.get(url).content.decode()
    client.force_login(scenario["advisor"])
    assert name in client.get(url).content.decode()


# --- Reminders ------------------------------------------------------------------------------------


def test_the_reminder_command_emails_participants_once(
    scenario, django_capture_on_commit_callbacks
):
    soon = create(scenario, starts_at=timezone.now() + timedelta(hours=20))
    create(scenario, starts_at=timezone.now() + timedelta(hours=30), title="Plus tard")
    cancelled = create(scenario, starts_at=timezone.now() + timedelta(hours=5), title="Annulée")
    services.session_cancel(actor=scenario["advisor"], session=cancelled, reason="Reportée")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (scenario["member"], scenario["peer"], scenario["peer_bis"])
    )
    assert all(m.subject.startswith("[essaim] Rappel : Atelier") for m in mail.outbox)
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
    assert len(mail.outbox) == 3


# --- Co-development -------------------------------------------------------------------------------


@pytest.fixture
def codev(scenario):
    return create(scenario, kind=SessionKind.CODEV, title="Co-développement n° 1")


def test_participants_read_the_codev_page_and_only_managers_edit_it(client, scenario, codev):
    url = reverse("sessions:codev", args=[codev.pk])
    client.force_login(scenario["member"])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    assert "Exposé" in page.content.decode() and "Consultation" in page.content.decode()
    assert client.post(url, {"problem_statement": "x"}).status_code == 403
    assert client.post(reverse("sessions:codev_stage_next", args=[codev.pk])).status_code == 403
    client.force_login(scenario["other_member"])
    assert client.get(url).status_code == 404
    client.force_login(scenario["advisor"])
    workshop = create(scenario)
    assert client.get(reverse("sessions:codev", args=[workshop.pk])).status_code == 404

    data = {
        "client": scenario["second"].pk,
        "problem_statement": "Comment fidéliser nos bénévoles ?",
        "notes": "Hypothèses : reconnaissance, formation.",
        "action_plan": "Créer un parcours d'accueil.",
        **{
            f"minutes_{k}": m
            for k, m in [
                ("expose", 5),
                ("clarification", 10),
                ("contrat", 5),
                ("consultation", 30),
                ("synthese", 10),
                ("apprentissages", 10),
            ]
        },
        f"role_{scenario['peer'].pk}": "client",
        f"role_{scenario['member'].pk}": "consultant",
        f"role_{scenario['advisor'].pk}": "facilitator",
    }
    assert client.post(url, data).status_code == 302
    record = CodevSession.objects.get(session=codev)
    assert record.client == scenario["second"]
    assert [s["minutes"] for s in record.stages] == [5, 10, 5, 30, 10, 10]
    assert record.roles == {
        str(scenario["peer"].pk): "client",
        str(scenario["member"].pk): "consultant",
        str(scenario["advisor"].pk): "facilitator",
    }
    two_clients = {**data, f"role_{scenario['member'].pk}": "client"}
    assert client.post(url, two_clients).status_code == 400
    stranger = {**data, "client": scenario["withdrawn"].pk}
    assert client.post(url, stranger).status_code == 400

    client.force_login(scenario["member"])
    page = client.get(url).content.decode()
    assert "Comment fidéliser nos bénévoles ?" in page and "parcours d&#x27;accueil" in page


def test_the_facilitator_runs_the_stages_with_a_timer(client, scenario, codev):
    url = reverse("sessions:codev_stage_next", args=[codev.pk])
    client.force_login(scenario["advisor"])
    client.post(url)
    record = CodevSession.objects.get(session=codev)
    assert record.current_stage == 0 and record.stage_started_at is not None
    page = client.get(reverse("sessions:codev", args=[codev.pk])).content.decode()
    assert "Étape en cours : <strong>1. Exposé</strong>" in page
    assert "data-ends-at=" in page and "Temps restant" in page and "sessions/timer.js" in page
    for _ in range(6):
        client.post(url)
    record.refresh_from_db()
    assert record.current_stage == 6
    assert (
        "La séance est terminée"
        in client.get(reverse("sessions:codev", args=[codev.pk])).content.decode()
    )
    response = client.post(url, follow=True)
    assert "La séance est terminée." in response.content.decode()


def test_a_facilitator_from_elsewhere_cannot_be_chosen(scenario):
    with pytest.raises(ValidationError):
        create(scenario, facilitators=[MembershipFactory(role=Role.MEMBER).user])


# Session, user, memberships, MFA device; the session with its facilitators and documents; may
# the user see it, manage it; attendance; participants (expected, invited); places taken; may the
# user manage its registrations; failed e-mails.
SESSION_PAGE_QUERIES = 14


def test_the_session_page_takes_a_constant_number_of_queries(
    client, scenario, django_assert_num_queries
):

    session = create(scenario, starts_at=timezone.now())
    url = reverse("sessions:session_detail", args=[session.pk])

    def grow(n):
        for _ in range(n):
            person = MembershipFactory(organisation=OrganisationFactory())
            Participant.objects.create(
                session=session, user=person.user, organisation=person.organisation
            )
            Attendance.objects.create(
                session=session,
                user=person.user,
                organisation=person.organisation,
                method=Attendance.Method.FACILITATOR,
                recorded_by=scenario["advisor"],
            )

    client.force_login(scenario["advisor"])
    grow(2)
    with django_assert_num_queries(SESSION_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    grow(10)
    with django_assert_num_queries(SESSION_PAGE_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("Retirer le pointage") == 12


def test_a_single_session_on_a_public_holiday_or_in_the_past_needs_a_confirmation(client, scenario):
    cohort = scenario["cohort"]
    client.force_login(scenario["advisor"])
    year = timezone.localdate().year + 1
    bastille = date(year, 7, 14)
    assert bastille in holidays.country_holidays("FR", years=year)
    data = {
        "audience": "cohort",
        "kind": "workshop",
        "title": "Atelier du 14 juillet",
        "starts_at": f"{bastille.isoformat()}T09:30",
        "duration_minutes": 180,
        "location": "Caen",
    }
    url = reverse("sessions:session_create", args=[cohort.pk])
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "jour férié" in refused.content.decode()
    assert 'value="Atelier du 14 juillet"' in refused.content.decode()  # nothing typed is lost
    assert not Session.objects.filter(title="Atelier du 14 juillet").exists()
    past = client.post(url, {**data, "title": "Atelier d'hier", "starts_at": "2020-01-06T09:30"})
    assert "est passée" in past.content.decode()
    accepted = client.post(url, {**data, "confirm": "on"})
    assert accepted.status_code == 302
    assert Session.objects.filter(title="Atelier du 14 juillet").exists()
