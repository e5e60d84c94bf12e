"""What the session services share: invitation e-mails and their .ics."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from essaim.core.calendar import ics_event
from essaim.core.emails import email_send
from essaim.core.french import date_fr
from essaim.core.links import absolute_url

from ..models import Participant, Session
from ..planner import PARIS
from ..selectors import (
    Guest,
    session_programme,
)


def _when(session: Session) -> str:
    return date_fr(session.starts_at, weekday=True, time=True)


# --- .ics -----------------------------------------------------------------------------------------


def session_ics(
    session: Session, *, participant: Participant | Guest | None = None, method: str = "REQUEST"
) -> bytes:
    """The session as an iTIP message for one participant or guest (their organisation in the
    text)."""
    programme = session_programme(session)
    organisation = (participant.organisation if participant else None) or session.organisation
    lines = []
    if programme:
        lines.append(f"Programme : {programme.name}")
    if session.cohort is not None:
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
        url=absolute_url("sessions:session_detail", session.pk),
        attendees=[_address(participant)] if participant else [],
        organizer=programme.operator.name if programme else "",
        method=method,
        sequence=session.sequence,
        status="CANCELLED" if method == "CANCEL" else "",
    )


def _address(recipient: Participant | Guest) -> str:
    return recipient.user.email if isinstance(recipient, Participant) else recipient.email


@dataclass
class Invitations:
    """Whom an invitation reached: people with an account (now expected participants), guests
    e-mailed for organisations with nobody on the platform, and the organisations that could
    not be told at all (no account, no contact e-mail)."""

    participants: list[Participant] = field(default_factory=list)
    guests: list[Guest] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)

    @property
    def recipients(self) -> list[Participant | Guest]:
        """Whom the invitation is e-mailed to: participants, then guests."""
        return [*self.participants, *self.guests]

    @property
    def addresses(self) -> set[str]:
        """Every address e-mailed, once."""
        return {_address(recipient) for recipient in self.recipients}

    @classmethod
    def merge(cls, parts: Iterable["Invitations"]) -> "Invitations":
        merged = cls()
        for part in parts:
            merged.participants += part.participants
            merged.guests += part.guests
            merged.unreachable += [n for n in part.unreachable if n not in merged.unreachable]
        return merged


def _send(
    recipients: Iterable[Participant | Guest],
    *,
    session: Session,
    subject: str,
    template: str,
    method: str = "REQUEST",
    extra: Mapping[str, object] | None = None,
) -> None:
    """One e-mail with its .ics to each participant or guest."""
    for participant in recipients:
        email_send(
            to=[_address(participant)],
            subject=subject,
            template=template,
            context={
                "session": session,
                "participant": participant,
                "is_guest": isinstance(participant, Guest),
                "when": timezone.localtime(session.starts_at, PARIS),
                "url": absolute_url("sessions:session_detail", session.pk),
                **(extra or {}),
            },
            attachments=[
                (
                    "session.ics",
                    session_ics(session, participant=participant, method=method).decode(),
                    "text/calendar",
                )
            ],
        )
