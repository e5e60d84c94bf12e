"""Calendar invitations carry an organiser and the Europe/Paris time zone (RFC 5545/5546):
without them some calendar apps refuse the invitation or show it at the UTC hour."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from icalendar import Calendar

from essaim.core.calendar import ics_calendar, ics_event, ics_vevent

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


def invitation(**extra) -> Calendar:
    return Calendar.from_ical(
        ics_event(
            uid="session-1",
            summary="Atelier gouvernance",
            start=datetime(2026, 12, 1, 13, 30, tzinfo=UTC),  # as stored: 14 h 30 in Paris
            duration=timedelta(hours=2),
            attendees=["camille@example.org"],
            **extra,
        )
    )


@override_settings(DEFAULT_FROM_EMAIL="essaim <no-reply@essaim.example.org>")
def test_an_invitation_has_an_organiser():
    event = invitation().walk("VEVENT")[0]
    assert str(event["ORGANIZER"]) == "mailto:no-reply@essaim.example.org"
    assert event["ORGANIZER"].params["CN"] == "essaim"
    named = invitation(organizer="SocialCOBizz").walk("VEVENT")[0]
    assert named["ORGANIZER"].params["CN"] == "SocialCOBizz"


def test_an_invitation_is_in_paris_time_with_its_vtimezone():
    calendar = invitation()
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Paris"
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 12, 1, 14, 30)
    assert event.decoded("DTEND").replace(tzinfo=None) == datetime(2026, 12, 1, 16, 30)
    # The zone's rules cover a summer event too (CEST, UTC+2).
    assert {str(c["TZNAME"]) for c in timezone.subcomponents} >= {"CET", "CEST"}


def test_a_feed_declares_the_time_zone_once_for_all_its_events():
    events = [
        ics_vevent(
            uid=f"session-{n}",
            summary=f"Atelier {n}",
            start=datetime(2026, month, 10, 8, 0, tzinfo=UTC),
            duration=timedelta(hours=1),
        )
        for n, month in enumerate([1, 7])
    ]
    calendar = Calendar.from_ical(ics_calendar(events, name="Cohorte Bessin"))
    assert len(calendar.walk("VTIMEZONE")) == 1
    hours = sorted(e.decoded("DTSTART").hour for e in calendar.walk("VEVENT"))
    assert hours == [9, 10]  # 8 h UTC is 9 h in January, 10 h in July


@pytest.mark.django_db
def test_a_session_invitation_names_the_operator_as_organiser(
    role_users, mailoutbox, django_capture_on_commit_callbacks
):
    from essaim.cohorts.tests.factories import cohort_scenario
    from essaim.sessions import services as session_services

    scenario = cohort_scenario(role_users)
    with django_capture_on_commit_callbacks(execute=True):
        session_services.session_create(
            actor=scenario["advisor"],
            kind="workshop",
            title="Atelier gouvernance",
            starts_at=datetime(2031, 3, 4, 9, 0, tzinfo=PARIS),
            duration_minutes=120,
            location="Caen",
            cohort=scenario["cohort"],
            facilitators=[scenario["expert"]],
        )
    _name, content, _mime = mailoutbox[0].attachments[0]
    calendar = Calendar.from_ical(content)
    event = calendar.walk("VEVENT")[0]
    assert event["ORGANIZER"].params["CN"] == scenario["programme"].operator.name
    assert calendar.walk("VTIMEZONE") and event.decoded("DTSTART").hour == 9
