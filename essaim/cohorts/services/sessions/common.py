"""What the session services share: invitation e-mails and their .ics."""

from datetime import timedelta

from django.utils import timezone

from essaim.core.calendar import ics_event
from essaim.core.emails import email_send
from essaim.core.french import date_fr
from essaim.core.links import absolute_url
from essaim.core.models import AuditEvent

from ...selectors_sessions import (
    PARIS,
    SEQUENCE_ACTIONS,
    session_programme,
)


def _when(session) -> str:
    return date_fr(session.starts_at, weekday=True, time=True)


# --- .ics -----------------------------------------------------------------------------------------


def ics_sequence(session) -> int:
    """0 for the invitation, then one more each time the session moved or was cancelled."""
    return AuditEvent.objects.filter(
        content_type__app_label="cohorts",
        content_type__model="session",
        object_id=str(session.pk),
        action__in=SEQUENCE_ACTIONS,
    ).count()


def session_ics(
    session, *, participant=None, method: str = "REQUEST", sequence: int | None = None
) -> bytes:
    """The session as an iTIP message for one participant (their organisation in the text)."""
    programme = session_programme(session)
    organisation = (participant.organisation if participant else None) or session.organisation
    lines = []
    if programme:
        lines.append(f"Programme : {programme.name}")
    if session.cohort_id:
        lines.append(f"Cohorte : {session.cohort.name}")
    if organisation:
        lines.append(f"Structure : {organisation.name}")
    if session.location:
        lines.append(f"Lieu : {session.location}")
    if session.video_url:
        lines.append(f"Visioconférence : {session.video_url}")
    if session.agenda:
        lines += ["", "Ordre du jour :", session.agenda]
    return ics_event(
        uid=f"session-{session.pk}",
        summary=("Annulé : " if method == "CANCEL" else "") + session.title,
        start=session.starts_at,
        duration=timedelta(minutes=session.duration_minutes),
        description="\n".join(lines),
        location=session.location or session.video_url,
        url=absolute_url("cohorts:session_detail", session.pk),
        attendees=[participant.user.email] if participant else [],
        organizer=programme.operator.name if programme else "",
        method=method,
        sequence=ics_sequence(session) if sequence is None else sequence,
        status="CANCELLED" if method == "CANCEL" else "",
    )


def _send(participants, *, session, subject, template, method="REQUEST", extra=None):
    sequence = ics_sequence(session)
    for participant in participants:
        email_send(
            to=[participant.user.email],
            subject=subject,
            template=template,
            context={
                "session": session,
                "participant": participant,
                "when": timezone.localtime(session.starts_at, PARIS),
                "url": absolute_url("cohorts:session_detail", session.pk),
                **(extra or {}),
            },
            attachments=[
                (
                    "session.ics",
                    session_ics(
                        session, participant=participant, method=method, sequence=sequence
                    ).decode(),
                    "text/calendar",
                )
            ],
        )
