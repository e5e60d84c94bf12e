"""Sessions and registrations move along their lifecycles (ADR 0008): the moves each allows,
the refusals, one log row per move (who, which, why), and the pages offering only those moves."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.tests.factories import UserFactory
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.core.models import AuditEvent
from essaim.organisations.tests.factories import MembershipFactory
from essaim.sessions import services
from essaim.sessions.models import (
    PARTICIPANT_LIFECYCLE,
    SESSION_LIFECYCLE,
    Participant,
    ParticipantTransition,
    Session,
    SessionTransition,
)
from essaim.sessions.tests.factories import ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db
S = Session.Status
P = Participant.Status

# The moves of each lifecycle, written out once more so that a change to one is seen.
EXPECTED_SESSION_MOVES = {S.SCHEDULED: {S.CANCELLED}}
EXPECTED_PARTICIPANT_MOVES = {
    P.EXPECTED: {P.CANCELLED},
    P.WAITLISTED: {P.EXPECTED, P.CANCELLED},
    P.CANCELLED: {P.EXPECTED, P.WAITLISTED},
}


@pytest.mark.parametrize("source", S.values)
def test_the_session_lifecycle_allows_exactly_the_expected_moves(source):
    assert SESSION_LIFECYCLE.targets(source) == EXPECTED_SESSION_MOVES.get(source, set())


@pytest.mark.parametrize("source", P.values)
def test_the_registration_lifecycle_allows_exactly_the_expected_moves(source):
    assert PARTICIPANT_LIFECYCLE.targets(source) == EXPECTED_PARTICIPANT_MOVES.get(source, set())


@pytest.mark.parametrize(
    ("source", "transition"),
    SESSION_LIFECYCLE.moves(allowed=False),
)
def test_every_forbidden_session_move_is_refused(source, transition):
    session = SessionFactory(status=source)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        SESSION_LIFECYCLE.apply(session, transition, actor=None)
    assert error.value.code == "forbidden_transition"
    session.refresh_from_db()
    assert session.status == source and not session.transitions.exists()


@pytest.mark.parametrize(
    ("source", "transition"),
    PARTICIPANT_LIFECYCLE.moves(allowed=False),
)
def test_every_forbidden_registration_move_is_refused(source, transition):
    participant = ParticipantFactory(status=source, session=SessionFactory(open=True))
    with pytest.raises(ValidationError) as error, transaction.atomic():
        PARTICIPANT_LIFECYCLE.apply(participant, transition, actor=None)
    assert error.value.code == "forbidden_transition"
    participant.refresh_from_db()
    assert participant.status == source and not participant.transitions.exists()


# --- Each move writes its log row -----------------------------------------------------------------


@pytest.fixture
def scenario(role_users):
    return cohort_scenario(role_users)


def log_of(row):
    return [
        (t.transition, t.from_status, t.to_status, t.actor, t.reason) for t in row.transitions.all()
    ]


def test_cancelling_a_session_logs_who_and_why_and_bumps_its_calendar_sequence(scenario):
    session = SessionFactory(cohort=scenario["cohort"])
    services.session_cancel(actor=scenario["advisor"], session=session, reason="Salle inondée")
    session.refresh_from_db()
    assert (session.status, session.sequence) == (S.CANCELLED, 1)
    assert log_of(session) == [
        ("cancel", S.SCHEDULED, S.CANCELLED, scenario["advisor"], "Salle inondée")
    ]
    # The log is the one record: no audit event repeats it.
    assert not AuditEvent.objects.filter(action="session.cancelled").exists()


def test_a_cancelled_session_cannot_be_cancelled_again(scenario):
    session = SessionFactory(cohort=scenario["cohort"])
    services.session_cancel(actor=scenario["advisor"], session=session, reason="Grève")
    with pytest.raises(ValidationError) as error:
        services.session_cancel(actor=scenario["advisor"], session=session, reason="Encore")
    assert error.value.code == "forbidden_transition"
    assert error.value.messages == [
        "« Annuler la session » n'est pas possible au statut « Annulée »."
    ]
    session.refresh_from_db()
    assert session.sequence == 1 and session.transitions.count() == 1


def member():
    return MembershipFactory().user


def test_registrations_log_their_start_their_cancellation_and_the_waitlist_moving_up():
    training = SessionFactory(open=True, capacity=1)
    first, second = member(), member()
    seat = services.session_register(actor=first, session=training)
    queued = services.session_register(actor=second, session=training)
    assert log_of(seat) == [("create", "", P.EXPECTED, first, "")]
    assert log_of(queued) == [("create", "", P.WAITLISTED, second, "Session complète")]

    services.session_unregister(actor=first, session=training)
    assert log_of(seat)[1:] == [("cancel", P.EXPECTED, P.CANCELLED, first, "")]
    # The place freed by the first person goes to the second: the first person's move.
    assert log_of(queued)[1:] == [
        ("promote", P.WAITLISTED, P.EXPECTED, first, "Désinscription d'une personne inscrite")
    ]


def test_registering_again_is_a_move_to_the_back_of_the_queue():
    training = SessionFactory(open=True, capacity=1)
    person, other = member(), member()
    participant = services.session_register(actor=person, session=training)
    services.session_unregister(actor=person, session=training)
    first_registered_at = Participant.objects.get(pk=participant.pk).registered_at
    services.session_register(actor=other, session=training)

    again = services.session_register(actor=person, session=training)
    assert again.pk == participant.pk and again.status == P.WAITLISTED
    assert Participant.objects.get(pk=participant.pk).registered_at > first_registered_at
    assert log_of(again)[2:] == [
        ("register_again_waitlisted", P.CANCELLED, P.WAITLISTED, person, "Session complète")
    ]
    services.session_unregister(actor=person, session=training)
    services.session_unregister(actor=other, session=training)
    services.session_register(actor=person, session=training)
    assert log_of(again)[-1] == ("register_again", P.CANCELLED, P.EXPECTED, person, "")


def test_raising_the_capacity_promotes_with_the_manager_as_author(scenario):
    training = SessionFactory(open=True, capacity=1, programme=scenario["programme"])
    training.facilitators.add(scenario["advisor"])
    services.session_register(actor=member(), session=training)
    waiting = services.session_register(actor=member(), session=training)
    services.session_update(actor=scenario["advisor"], session=training, data={"capacity": 2})
    assert log_of(waiting)[-1] == (
        "promote",
        P.WAITLISTED,
        P.EXPECTED,
        scenario["advisor"],
        "Places ajoutées",
    )
    assert ParticipantTransition.objects.count() == 3  # two starts and one promotion


# --- Pages offer the moves the policy allows ------------------------------------------------------


def page(client, user, session):
    client.force_login(user)
    return client.get(reverse("sessions:session_detail", args=[session.pk])).content.decode()


CANCEL_FORM = "Annuler la session et prévenir les participant·es"


def test_only_a_manager_is_offered_to_cancel_and_only_a_scheduled_session(client, scenario):
    session = SessionFactory(cohort=scenario["cohort"])
    ParticipantFactory(session=session, user=scenario["member"])
    assert CANCEL_FORM in page(client, scenario["advisor"], session)
    assert CANCEL_FORM not in page(client, scenario["member"], session)

    services.session_cancel(actor=scenario["advisor"], session=session, reason="Grève")
    cancelled = page(client, scenario["advisor"], session)
    assert CANCEL_FORM not in cancelled
    assert "Cette session a été annulée le " in cancelled  # the date comes from its log
    refused = client.post(
        reverse("sessions:session_cancel", args=[session.pk]),
        {"reason": "Encore", "confirmed": "1"},
        follow=True,
    )
    assert "n&#x27;est pas possible au statut « Annulée »" in refused.content.decode()
    assert SessionTransition.objects.filter(session=session).count() == 1


def test_a_registered_person_is_offered_to_unregister_only_before_an_open_session(client):
    person = member()
    training = SessionFactory(open=True)
    services.session_register(actor=person, session=training)
    assert "Me désinscrire" in page(client, person, training)

    started = SessionFactory(open=True)
    ParticipantFactory(session=started, user=person)
    Session.objects.filter(pk=started.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    assert "Me désinscrire" not in page(client, person, started)

    workshop = SessionFactory()  # a cohort's session: the team is told of an absence instead
    ParticipantFactory(session=workshop, user=person)
    assert "Me désinscrire" not in page(client, person, workshop)


def test_someone_who_left_their_organisation_may_still_unregister(client):
    """The button used to follow the registration form (members only) while the service lets
    anyone registered unregister: it follows the registration's lifecycle now."""
    person = UserFactory()
    training = SessionFactory(open=True)
    ParticipantFactory(session=training, user=person, status=P.WAITLISTED)
    assert "Quitter la liste d'attente" in page(client, person, training)
    client.post(reverse("sessions:session_unregister", args=[training.pk]), {"confirmed": "1"})
    assert training.participants.get(user=person).status == P.CANCELLED


# --- Sessions cancelled before the lifecycle ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_sessions_cancelled_before_keep_when_who_and_why_in_their_log():
    advisor = UserFactory()
    when = timezone.now() - timedelta(days=3)
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [("support_sessions", "0001_initial")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldSession = old.get_model("support_sessions", "Session")
        facts = {"kind": "training", "starts_at": when, "location": "Caen"}
        cancelled = OldSession.objects.create(title="Annulée", cancelled_at=when, **facts)
        held = OldSession.objects.create(title="Tenue", **facts)
        content_type, _created = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="support_sessions", model="session"
        )
        old.get_model("core", "AuditEvent").objects.create(
            actor_id=advisor.pk,
            action="session.cancelled",
            content_type=content_type,
            object_id=str(cancelled.pk),
            reason="Grève des transports",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    assert dict(Session.objects.values_list("title", "status")) == {
        "Annulée": S.CANCELLED,
        "Tenue": S.SCHEDULED,
    }
    log = SessionTransition.objects.get()
    assert (log.session_id, log.transition, log.from_status, log.to_status) == (
        cancelled.pk,
        "cancel",
        S.SCHEDULED,
        S.CANCELLED,
    )
    assert (log.actor, log.reason, log.created_at) == (advisor, "Grève des transports", when)
    assert not SessionTransition.objects.filter(session_id=held.pk).exists()
