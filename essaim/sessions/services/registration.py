"""Open sessions (training, learning visit, pitch day): registration, waitlist, reminders."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.accounts.models import User
from essaim.core.emails import email_send
from essaim.core.links import absolute_url
from essaim.core.services import audit_event_record
from essaim.organisations.models import Organisation
from essaim.organisations.policies import organisations_of

from ..models import PARTICIPANT_LIFECYCLE, Participant, Session
from ..planner import PARIS
from ..selectors import (
    Guest,
    session_recipients,
)
from .common import _address, _send, _when

P = Participant.Status


# --- Open sessions: registration and waitlist -----------------------------------------------------


# Registrations change only under their session's row lock (select_for_update in each service
# below, and in session_update for the capacity): that lock also guards the participants' rows.


def _expected_count(session: Session) -> int:
    return session.participants.filter(status=P.EXPECTED).count()


def _waitlist_promote(session: Session, *, actor: User, reason: str) -> list[Participant]:
    """Move the first waitlisted people up while places are free, and tell them. The caller
    holds the session's lock; `reason` says what freed the places."""
    waiting = list(
        session.participants.filter(status=P.WAITLISTED).select_related("user", "organisation")
    )
    if not waiting:
        return []
    free = len(waiting) if session.capacity is None else session.capacity - _expected_count(session)
    promoted = waiting[: max(free, 0)]
    for participant in promoted:
        PARTICIPANT_LIFECYCLE.apply(participant, "promote", actor=actor, reason=reason)
    if promoted:
        _send(
            promoted,
            session=session,
            subject=f"Une place s'est libérée : {session.title} le {_when(session)}",
            template="sessions/emails/session_promoted.txt",
        )
    return promoted


FULL = "Session complète"  # why a registration went to the waitlist (its log's reason)


@transaction.atomic
def session_register(
    *, actor: User, session: Session, organisation: Organisation | None = None
) -> Participant:
    """Register oneself to an open session, on the waitlist when it is full. The first
    registration starts the participant's log; one after cancelling is a transition."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise ValidationError("Cette session n'est pas ouverte aux inscriptions.", code="closed")
    if session.is_cancelled:
        raise ValidationError("Cette session est annulée.", code="cancelled")
    if session.starts_at <= timezone.now():
        raise ValidationError("Cette session a commencé : les inscriptions sont closes.")
    mine = list(organisations_of(actor))
    if not mine:
        raise ValidationError(
            "Les inscriptions sont réservées aux membres d'une structure.", code="not_member"
        )
    if organisation is None and len(mine) == 1:
        organisation = mine[0]
    if organisation is None:
        raise ValidationError("Choisissez la structure que vous représentez.", code="organisation")
    if organisation.pk not in {o.pk for o in mine}:
        raise ValidationError("Vous n'êtes pas membre de cette structure.", code="organisation")
    existing = Participant.objects.filter(session=session, user=actor).first()
    if existing and existing.status == P.EXPECTED:
        raise ValidationError("Vous êtes déjà inscrit·e à cette session.", code="registered")
    if existing and existing.status == P.WAITLISTED:
        raise ValidationError(
            "Vous êtes déjà sur la liste d'attente de cette session.", code="waitlisted"
        )
    full = session.capacity is not None and _expected_count(session) >= session.capacity
    reason = FULL if full else ""
    if existing:  # registering again after cancelling: back of the queue
        existing.organisation, existing.registered_at = organisation, timezone.now()
        PARTICIPANT_LIFECYCLE.apply(
            existing,
            "register_again_waitlisted" if full else "register_again",
            actor=actor,
            reason=reason,
            also=["organisation", "registered_at"],
        )
        participant = existing
    else:
        participant = Participant.objects.create(
            session=session,
            user=actor,
            organisation=organisation,
            status=P.WAITLISTED if full else P.EXPECTED,
        )
        PARTICIPANT_LIFECYCLE.record_start(participant, actor=actor, reason=reason)
    if full:
        email_send(
            to=[actor.email],
            subject=f"Liste d'attente : {session.title} le {_when(session)}",
            template="sessions/emails/session_waitlisted.txt",
            context={
                "session": session,
                "when": timezone.localtime(session.starts_at, PARIS),
                "url": absolute_url("sessions:session_detail", session.pk),
            },
        )
    else:
        _send(
            [participant],
            session=session,
            subject=f"Inscription confirmée : {session.title} le {_when(session)}",
            template="sessions/emails/session_registered.txt",
        )
    return participant


@transaction.atomic
def session_unregister(*, actor: User, session: Session) -> Participant:
    """Cancel one's own registration; the first person waiting takes the place."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise ValidationError(
            "Pour une session de cohorte, prévenez l'équipe du programme de votre absence.",
            code="closed",
        )
    if session.starts_at <= timezone.now():
        raise ValidationError("Cette session a commencé : la désinscription n'est plus possible.")
    participant = (
        Participant.objects.filter(session=session, user=actor)
        .exclude(status=P.CANCELLED)
        .select_related("user", "organisation")
        .first()
    )
    if participant is None:
        raise ValidationError("Vous n'êtes pas inscrit·e à cette session.", code="not_registered")
    was_expected = participant.status == P.EXPECTED
    PARTICIPANT_LIFECYCLE.apply(participant, "cancel", actor=actor)
    if was_expected:
        _send(
            [participant],
            session=session,
            subject=f"Désinscription : {session.title} le {_when(session)}",
            template="sessions/emails/session_unregistered.txt",
            method="CANCEL",
        )
        _waitlist_promote(session, actor=actor, reason="Désinscription d'une personne inscrite")
    return participant


# --- Reminders ------------------------------------------------------------------------------------


def sessions_remind(*, now: datetime | None = None) -> int:
    """E-mail the participants of sessions starting within 24 h, once per session (claimed by
    `reminder_sent_at` first, so two runs at the same time never both send). Returns how many
    sessions were reminded."""
    now = now or timezone.now()
    due = Session.objects.filter(
        status=Session.Status.SCHEDULED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=24),
    ).select_related("cohort__programme", "organisation", "methodology_step__programme")
    reminded = 0
    for session in due:
        with transaction.atomic():
            claimed = Session.objects.filter(pk=session.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            participants = session_recipients(session, statuses=[P.EXPECTED])
            for participant in participants:
                email_send(
                    to=[_address(participant)],
                    subject=f"Rappel : {session.title} le {_when(session)}",
                    template="sessions/emails/session_reminder.txt",
                    context={
                        "session": session,
                        "participant": participant,
                        "is_guest": isinstance(participant, Guest),
                        "when": timezone.localtime(session.starts_at, PARIS),
                        "url": absolute_url("sessions:session_detail", session.pk),
                    },
                )
            audit_event_record(
                actor=None,
                obj=session,
                action="session.reminded",
                changes={"participants": len(participants)},
            )
            reminded += 1
    return reminded
