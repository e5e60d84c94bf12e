"""Who may see and do what with sessions.

- advisors of the programme's operator (and administrators) manage its sessions, in a cohort
  or not; facilitators manage the sessions they run;
- whoever sees a cohort (essaim.cohorts.policies) sees its sessions;
- members of an organisation see its own sessions, the sessions they were invited to and open
  sessions, and sign their own attendance;
- funders and everyone else see nothing here (they get aggregated reports elsewhere);
- open sessions are listed to everyone signed in, so that they may register, but their
  documents and minutes are for the people who run or attend them (see readable_sessions);
- the transitions a page offers (cancel a session, unregister) are those of
  allowed_session_transitions and allowed_participant_transitions.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from essaim.accounts.models import Role, User
from essaim.cohorts.policies import cohort_managers_condition, cohort_readers_condition
from essaim.core.policies import cached_for_request
from essaim.organisations.policies import organisation_ids

from .models import OPEN_KINDS, PARTICIPANT_LIFECYCLE, SESSION_LIFECYCLE, Participant, Session


def facilitated_ids(user: User) -> QuerySet[Any]:
    """Ids of the sessions `user` runs (a subquery on the facilitators' table alone)."""
    return Session.facilitators.through.objects.filter(user=user).values("session_id").order_by()


def participation_ids(user: User, *, statuses: Iterable[str] | None = None) -> QuerySet[Any]:
    """Ids of the sessions `user` is registered to (with one of `statuses`, any when None)."""
    participants = Participant.objects.filter(user=user)
    if statuses is not None:
        participants = participants.filter(status__in=list(statuses))
    return participants.values("session_id").order_by()


def _of_programme(user: User) -> list[Q]:
    """The sessions of the programmes the user's operators run, in a cohort or not (an
    individual diagnosis, an open session); nothing to test for someone of no operator."""
    operators = organisation_ids(user, Role.ADVISOR)
    return [Q(programme__operator_id__in=operators)] if operators else []


def _of_organisation(user: User) -> list[Q]:
    """The sessions of one of the user's organisations alone."""
    members_of = organisation_ids(user, Role.MEMBER)
    return [Q(organisation_id__in=members_of)] if members_of else []


# Each visibility below is an OR of conditions on one session's own columns (ids in short
# subqueries of the user's rows): no join repeats a session, so no DISTINCT, and a check of one
# session (filter(pk=…)) is answered from its key without listing the others.


def visible_sessions(user: User | AnonymousUser) -> QuerySet[Session]:
    if not user.is_authenticated:
        return Session.objects.none()
    if user.is_superuser:
        return Session.objects.all()
    return Session.objects.filter(
        reduce(
            or_,
            [
                cohort_readers_condition(user, via="cohort__"),
                *_of_programme(user),
                *_of_organisation(user),
                Q(pk__in=facilitated_ids(user)),
                Q(pk__in=participation_ids(user)),
                Q(kind__in=sorted(OPEN_KINDS), cohort__isnull=True),
            ],
        )
    )


def readable_sessions(user: User | AnonymousUser) -> QuerySet[Session]:
    """Sessions whose documents and minutes the user may read.

    Those of visible_sessions, less the open sessions seen only because they are open: there,
    documents go to the people registered with a seat (not the waitlist) and to facilitators.
    Funders, support providers and experts get no other way in: funders never read raw files
    (DESIGN.md), providers and experts only when they run or attend the session.
    """
    if not user.is_authenticated:
        return Session.objects.none()
    if user.is_superuser:
        return Session.objects.all()
    return Session.objects.filter(
        reduce(
            or_,
            [
                cohort_readers_condition(user, via="cohort__"),
                *_of_programme(user),
                *_of_organisation(user),
                Q(pk__in=facilitated_ids(user)),
                Q(pk__in=participation_ids(user, statuses=[Participant.Status.EXPECTED])),
            ],
        )
    )


def can_read_session_documents(user: User | AnonymousUser, session: Session) -> bool:
    return readable_sessions(user).filter(pk=session.pk).exists()


def managed_sessions(user: User | AnonymousUser) -> QuerySet[Session]:
    if not user.is_authenticated:
        return Session.objects.none()
    if user.is_superuser:
        return Session.objects.all()
    return Session.objects.filter(
        reduce(
            or_,
            [
                cohort_managers_condition(user, via="cohort__"),
                *_of_programme(user),
                Q(pk__in=facilitated_ids(user)),
            ],
        )
    )


def can_manage_session(user: User | AnonymousUser, session: Session) -> bool:
    """Cached for the request's user: the session page asks for each of its parts."""
    if not user.is_authenticated:
        return False
    return cached_for_request(
        user,
        ("manages_session", session.pk),
        lambda: managed_sessions(user).filter(pk=session.pk).exists(),
    )


def allowed_session_transitions(user: User | AnonymousUser, session: Session) -> set[str]:
    """The session's transitions this user may take now: its managers cancel it."""
    names = {t.name for t in SESSION_LIFECYCLE.available(session)}
    return names if names and can_manage_session(user, session) else set()


# Nobody's button: the waitlist moves up by itself when a place is freed (services).
AUTOMATIC_PARTICIPANT_TRANSITIONS = {"promote"}


def allowed_participant_transitions(
    user: User | AnonymousUser, participant: Participant
) -> set[str]:
    """The registration's transitions this user may take now: people unregister themselves, or
    register again, from an open session still to come. A cohort's session is not left here:
    the programme's team is told of an absence."""
    session = participant.session
    if (
        participant.user_id != user.pk
        or not session.is_open
        or session.is_cancelled
        or session.starts_at <= timezone.now()
    ):
        return set()
    names = {t.name for t in PARTICIPANT_LIFECYCLE.available(participant)}
    return names - AUTOMATIC_PARTICIPANT_TRANSITIONS
