"""Signed attendance: the proof of support that EU funders check (DOMAIN.md §5).

A participant signs for themselves only, during the session window (30 minutes before the start
to 30 minutes after the end); the facilitator or a manager marks people present and may take a
mark back the same day. The printable sheet is rendered by WeasyPrint (see `attendance_sheet_pdf`).
"""

from datetime import datetime, time, timedelta
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from essaim.accounts.models import User
from essaim.core.services import audit_event_record

from ..models import Attendance, Participant, Session
from ..planner import PARIS
from ..selectors import attendance_rows, session_programme, signing_window


def _hm(moment: datetime) -> str:
    return f"{timezone.localtime(moment, PARIS):%H:%M}"


def _participant(session: Session, user: User) -> Participant | None:
    return (
        Participant.objects.filter(session=session, user=user)
        .exclude(status=Participant.Status.CANCELLED)
        .select_related("organisation")
        .first()
    )


@transaction.atomic
def attendance_sign(*, actor: User, session: Session, user: User | None) -> Attendance:
    """The participant signs their own presence, within the session window."""
    if user is None or user.pk != actor.pk:
        raise ValidationError(
            "Vous ne pouvez signer que pour vous-même : chaque personne émarge avec son compte.",
            code="not_self",
        )
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("Cette session est annulée.", code="cancelled")
    participant = _participant(session, actor)
    if participant is None or participant.status != Participant.Status.EXPECTED:
        raise ValidationError(
            "Vous n'êtes pas inscrit·e parmi les participant·es attendu·es de cette session.",
            code="not_expected",
        )
    opens, closes = signing_window(session)
    now = timezone.now()
    if not opens <= now <= closes:
        day = timezone.localtime(opens, PARIS)
        raise ValidationError(
            "L'émargement en ligne est ouvert le %(day)s de %(opens)s à %(closes)s "
            "(30 minutes avant le début jusqu'à 30 minutes après la fin).",
            code="outside_window",
            params={"day": f"{day:%d/%m/%Y}", "opens": _hm(opens), "closes": _hm(closes)},
        )
    existing = Attendance.objects.filter(session=session, user=actor).first()
    if existing:
        raise ValidationError(
            "Votre présence est déjà enregistrée (à %(time)s).",
            code="already_signed",
            params={"time": _hm(existing.signed_at)},
        )
    attendance = Attendance.objects.create(
        session=session,
        user=actor,
        organisation=participant.organisation,
        method=Attendance.Method.SELF,
        recorded_by=actor,
    )
    audit_event_record(actor=actor, obj=session, action="attendance.signed")
    return attendance


@transaction.atomic
def attendance_mark(*, actor: User, session: Session, user: User) -> Attendance:
    """The facilitator (or a manager) marks someone present, from the opening of the window."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("Cette session est annulée.", code="cancelled")
    participant = _participant(session, user)
    if participant is None:
        raise ValidationError(
            "Cette personne n'est pas inscrite à la session.", code="not_participant"
        )
    opens, _closes = signing_window(session)
    if timezone.now() < opens:
        raise ValidationError(
            "Le pointage s'ouvre le %(day)s à %(time)s.",
            code="too_early",
            params={"day": f"{timezone.localtime(opens, PARIS):%d/%m/%Y}", "time": _hm(opens)},
        )
    existing = Attendance.objects.filter(session=session, user=user).first()
    if existing:
        raise ValidationError(
            "%(name)s est déjà noté·e présent·e (à %(time)s).",
            code="already_signed",
            params={"name": str(user), "time": _hm(existing.signed_at)},
        )
    attendance = Attendance.objects.create(
        session=session,
        user=user,
        organisation=participant.organisation,
        method=Attendance.Method.FACILITATOR,
        recorded_by=actor,
    )
    audit_event_record(
        actor=actor, obj=session, action="attendance.marked", changes={"user": str(user)}
    )
    return attendance


@transaction.atomic
def attendance_unmark(*, actor: User, session: Session, user: User, reason: str = "") -> None:
    """Take back a facilitator's mark, the same day (Paris time) it was recorded. A signature
    made by the person themselves stays: it is the proof."""
    attendance = Attendance.objects.select_for_update().filter(session=session, user=user).first()
    if attendance is None:
        raise ValidationError("Cette personne n'est pas notée présente.", code="not_present")
    if attendance.method == Attendance.Method.SELF:
        raise ValidationError(
            "Cette personne a signé elle-même : sa signature ne peut pas être retirée.",
            code="self_signed",
        )
    marked_day = timezone.localtime(attendance.signed_at, PARIS).date()
    end_of_day = datetime.combine(marked_day + timedelta(days=1), time.min, tzinfo=PARIS)
    if timezone.now() >= end_of_day:
        raise ValidationError(
            "Un pointage ne peut être retiré que le jour même (pointé le %(day)s).",
            code="too_late",
            params={"day": f"{marked_day:%d/%m/%Y}"},
        )
    audit_event_record(
        actor=actor,
        obj=session,
        action="attendance.unmarked",
        changes={"user": str(user), "signed_at": attendance.signed_at.isoformat()},
        reason=reason,
    )
    attendance.delete()


# --- The printable sheet (no write) ---------------------------------------------------------------


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot load (its Pango libraries are missing on this server)."""


def weasyprint_html() -> Any:  # WeasyPrint ships no types
    """WeasyPrint's HTML class, imported on demand: it loads native libraries (Pango)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: libpango missing
        raise PdfUnavailable(str(error)) from error
    return HTML


def attendance_sheet_context(session: Session) -> dict[str, object]:
    programme = session_programme(session)
    funders = list(programme.funders.order_by("name")) if programme else []
    return {
        "session": session,
        "programme": programme,
        "operator": programme.operator if programme else None,
        "funders": funders,
        "eu_co_funded": any(funder.eu_cofunding for funder in funders),
        "rows": attendance_rows(session),
        "facilitators": list(session.facilitators.all()),
        "starts": timezone.localtime(session.starts_at, PARIS),
        "ends": timezone.localtime(
            session.starts_at + timedelta(minutes=session.duration_minutes), PARIS
        ),
        "printed_at": timezone.localtime(timezone.now(), PARIS),
    }


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> NoReturn:
    # The sheet is self-contained: never let a URL in the data make the server fetch anything.
    raise ValueError(f"External resource refused: {url}")


def attendance_sheet_pdf(session: Session) -> bytes:
    html = render_to_string("sessions/pdf/attendance_sheet.html", attendance_sheet_context(session))
    pdf: bytes = weasyprint_html()(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf
