"""Two people take the last seat of an open session at the same moment: one seat, one waitlist."""

import pytest

from essaim.core.tests.concurrency import race, require_postgresql
from essaim.organisations.tests.factories import MembershipFactory
from essaim.sessions import services as session_services
from essaim.sessions.models import Participant
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_registrations_for_the_last_seat_give_one_seat_and_one_waitlist(reference_data):
    require_postgresql()
    session = SessionFactory(open=True, capacity=1, title="Formation au modèle économique")
    first, second = MembershipFactory().user, MembershipFactory().user

    def register(user):
        return lambda: session_services.session_register(actor=user, session=session)

    seat, queued = race(
        register(first),
        register(second),
        hold="essaim.sessions.services.registration._expected_count",
    )
    assert (seat.user, seat.status) == (first, Participant.Status.EXPECTED)
    assert (queued.user, queued.status) == (second, Participant.Status.WAITLISTED)
    statuses = sorted(session.participants.values_list("status", flat=True))
    assert statuses == sorted([Participant.Status.EXPECTED, Participant.Status.WAITLISTED])
