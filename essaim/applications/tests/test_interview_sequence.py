"""A rescheduled interview carries a higher SEQUENCE each time, so calendar apps replace the
event instead of ignoring the update (it used to be the time of day modulo 100000)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from essaim.accounts.tests.factories import UserFactory
from essaim.applications import services
from essaim.applications.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

# 99 990 seconds past a multiple of 100 000: the old number (timestamp % 100000) of a move made
# then wrapped to a few dozen a minute later, so the next move looked older than the last.
NEAR_WRAP = datetime.fromtimestamp(1_799_999_990, tz=UTC)


def sent_sequence() -> int:
    _name, content, _mime = mail.outbox[-1].attachments[0]
    return int(Calendar.from_ical(content).walk("VEVENT")[0]["SEQUENCE"])


def test_each_reschedule_raises_the_interview_sequence(django_capture_on_commit_callbacks):
    advisor = UserFactory()
    application = ApplicationFactory(eligible=True)
    when = NEAR_WRAP + timedelta(days=7)
    sequences = []
    for minutes, place in [(0, "Caen"), (60, "Caen"), (60, "Bayeux"), (60, "Bayeux")]:
        moment = NEAR_WRAP + timedelta(minutes=len(sequences) - 1)
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.interview_schedule(
                actor=advisor,
                application=application,
                scheduled_at=when + timedelta(minutes=minutes),
                location=place,
            )
        sequences.append(sent_sequence())
    # Planned, moved by an hour, moved elsewhere, sent again unchanged.
    assert sequences == [0, 1, 2, 2]
