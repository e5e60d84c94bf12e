"""Create, plan as a series, update and cancel sessions; their participants and documents."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.accounts.models import Role
from essaim.core.emails import email_send
from essaim.core.links import absolute_url
from essaim.core.services import audit_event_record, model_changes
from essaim.core.uploads import private_upload_path, validate_upload
from essaim.organisations.models import Membership

from ...models import (
    Cohort,
    CohortMembership,
    Participant,
    Session,
    SessionDocument,
    SessionKind,
)
from ...selectors_sessions import (
    PARIS,
    facilitator_choices,
    session_programme,
    step_choices,
)
from .common import _send, _when, session_ics
from .registration import _waitlist_promote

P = Participant.Status

MOVE_FIELDS = {"starts_at", "duration_minutes", "location", "video_url"}
EDITABLE_FIELDS = {
    "kind",
    "title",
    "starts_at",
    "duration_minutes",
    "location",
    "video_url",
    "agenda",
    "methodology_step",
    "minutes",
    "capacity",
}


# --- Validation shared by create and update -------------------------------------------------------


def _validate(
    session: Session, *, facilitators, eligible, context_cohort=None, also_allowed=()
) -> None:
    errors = {}
    if not (session.location.strip() or session.video_url):
        errors["location"] = "Indiquez un lieu ou un lien de visioconférence."
    if session.cohort_id and session.organisation_id:
        errors["__all__"] = "Une session concerne une cohorte ou une structure, pas les deux."
    elif not session.cohort_id and not session.organisation_id and not session.is_open:
        errors["kind"] = (
            "Une session sans cohorte ni structure doit être ouverte aux inscriptions "
            "(formation, visite apprenante ou journée de pitch)."
        )
    if session.kind == SessionKind.INDIVIDUAL_DIAGNOSIS and not session.organisation_id:
        errors["kind"] = "Un diagnostic individuel concerne une seule structure."
    if session.organisation_id and session.is_open:
        errors["kind"] = "Une session ouverte aux inscriptions ne concerne pas une seule structure."
    if session.is_open and session.capacity == 0:
        errors["capacity"] = "Indiquez au moins une place, ou laissez vide pour ne pas limiter."
    if not session.is_open:
        session.capacity = None
    if context_cohort is not None and session.organisation_id:
        in_cohort = (
            context_cohort.memberships.filter(organisation_id=session.organisation_id)
            .exclude(status=CohortMembership.Status.WITHDRAWN)
            .exists()
        )
        if not in_cohort:
            errors["organisation"] = "Cette structure ne fait pas partie de la cohorte."
    if session.methodology_step_id:
        programme = (context_cohort.programme if context_cohort else None) or session_programme(
            session
        )
        if not step_choices(programme, session).filter(pk=session.methodology_step_id).exists():
            errors["methodology_step"] = "Cette étape n'appartient pas au programme."
    wanted = {u.pk for u in facilitators}
    outsiders = (
        wanted
        - set(eligible.filter(pk__in=wanted).values_list("pk", flat=True))
        - {u.pk for u in also_allowed}
    )
    if outsiders:
        errors["facilitators"] = (
            "L'animation se choisit parmi les chargé·es d'accompagnement et expert·es de la "
            "cohorte et les chargé·es d'accompagnement de l'opérateur."
        )
    try:
        session.full_clean(exclude=["facilitators"])
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, messages)
    if errors:
        raise ValidationError(errors)


def _eligible(session, context_cohort=None):
    if session.cohort_id:
        return facilitator_choices(cohort=session.cohort, session=session)
    if context_cohort is not None:
        return facilitator_choices(cohort=context_cohort, session=session)
    return facilitator_choices(programme=session_programme(session), session=session)


# --- Participants ---------------------------------------------------------------------------------


def _members(organisation_ids):
    return (
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role=Role.MEMBER, user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__email")
    )


def _invite_members(session: Session) -> list[Participant]:
    """Make the members of the session's organisations expected participants (new ones only)."""
    if session.is_open or session.cancelled_at:
        return []
    if session.cohort_id:
        organisation_ids = CohortMembership.objects.filter(
            cohort_id=session.cohort_id, status=CohortMembership.Status.ACTIVE
        ).values_list("organisation_id", flat=True)
    else:
        organisation_ids = [session.organisation_id]
    known = set(session.participants.values_list("user_id", flat=True))
    now = timezone.now()
    created = []
    for membership in _members(list(organisation_ids)):
        if membership.user_id in known:
            continue
        known.add(membership.user_id)
        created.append(
            Participant(
                session=session,
                user=membership.user,
                organisation=membership.organisation,
                status=P.EXPECTED,
                invited_at=now,
            )
        )
    Participant.objects.bulk_create(created)
    return created


@transaction.atomic
def session_participants_invite(*, actor, session: Session) -> list[Participant]:
    """Invite the members of organisations that joined since the session was created."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at:
        raise ValidationError("Cette session est annulée.", code="cancelled")
    if session.starts_at < timezone.now():
        raise ValidationError("Cette session est passée.", code="past")
    created = _invite_members(session)
    if created:
        audit_event_record(
            actor=actor,
            obj=session,
            action="session.participants_invited",
            changes={"invited": [str(p.user) for p in created]},
        )
        _send(
            created,
            session=session,
            subject=f"Invitation : {session.title} le {_when(session)}",
            template="cohorts/emails/session_invitation.txt",
        )
    return created


# --- Create, plan, update, cancel -----------------------------------------------------------------


def _session_new(
    *, actor, data: dict, cohort, organisation, facilitators, context_cohort, series=""
) -> Session:
    session = Session(cohort=cohort, organisation=organisation, series=series, **data)
    facilitators = list(facilitators)
    if session.cohort_id is None and actor not in facilitators and not actor.is_superuser:
        # Outside a cohort only facilitators manage a session: the author keeps their hand on it.
        facilitators.append(actor)
    _validate(
        session,
        facilitators=facilitators,
        eligible=_eligible(session, context_cohort),
        context_cohort=context_cohort,
        also_allowed=[actor],
    )
    session.save()
    session.facilitators.set(facilitators)
    audit_event_record(
        actor=actor,
        obj=session,
        action="session.created",
        changes={"series": series} if series else {},
    )
    return session


@transaction.atomic
def session_create(
    *,
    actor,
    kind: str,
    title: str,
    starts_at,
    duration_minutes: int = 180,
    cohort: Cohort | None = None,
    organisation=None,
    context_cohort: Cohort | None = None,
    location: str = "",
    video_url: str = "",
    facilitators=(),
    agenda: str = "",
    methodology_step=None,
    minutes: str = "",
    capacity: int | None = None,
) -> Session:
    """A session of a cohort, of one organisation (an individual diagnosis), or open to
    registration. `context_cohort` is the cohort it is planned from when it has none itself:
    facilitators, steps and the organisation are checked against it.

    Members of the cohort's active organisations (or of the organisation) become expected
    participants and receive an invitation with an .ics."""
    session = _session_new(
        actor=actor,
        data={
            "kind": kind,
            "title": title,
            "starts_at": starts_at,
            "duration_minutes": duration_minutes,
            "location": location,
            "video_url": video_url,
            "agenda": agenda,
            "methodology_step": methodology_step,
            "minutes": minutes,
            "capacity": capacity,
        },
        cohort=cohort,
        organisation=organisation,
        facilitators=facilitators,
        context_cohort=context_cohort or cohort,
    )
    invited = _invite_members(session)
    _send(
        invited,
        session=session,
        subject=f"Invitation : {session.title} le {_when(session)}",
        template="cohorts/emails/session_invitation.txt",
    )
    return session


@transaction.atomic
def sessions_plan(
    *,
    actor,
    cohort: Cohort,
    starts: list,
    kind: str,
    title: str,
    duration_minutes: int,
    location: str = "",
    video_url: str = "",
    facilitators=(),
    agenda: str = "",
    methodology_step=None,
) -> list[Session]:
    """Create a series at once (all or nothing). Each person gets one e-mail listing the dates,
    with one .ics per session."""
    if not starts:
        raise ValidationError("Gardez au moins une séance.", code="empty")
    series = uuid.uuid4().hex
    total = len(starts)
    sessions, invitations = [], {}
    for number, starts_at in enumerate(sorted(starts), start=1):
        session = _session_new(
            actor=actor,
            data={
                "kind": kind,
                "title": f"{title} ({number}/{total})" if total > 1 else title,
                "starts_at": starts_at,
                "duration_minutes": duration_minutes,
                "location": location,
                "video_url": video_url,
                "agenda": agenda,
                "methodology_step": methodology_step,
            },
            cohort=cohort,
            organisation=None,
            facilitators=facilitators,
            context_cohort=cohort,
            series=series,
        )
        sessions.append(session)
        for participant in _invite_members(session):
            invitations.setdefault(participant.user, []).append((session, participant))
    for user, items in invitations.items():
        email_send(
            to=[user.email],
            subject=f"{len(items)} séance(s) planifiée(s) : {title}",
            template="cohorts/emails/series_invitation.txt",
            context={
                "title": title,
                "cohort": cohort,
                "participant": items[0][1],
                "sessions": [
                    {
                        "session": s,
                        "when": timezone.localtime(s.starts_at, PARIS),
                        "url": absolute_url("cohorts:session_detail", s.pk),
                    }
                    for s, _p in items
                ],
            },
            attachments=[
                (
                    f"session-{number}.ics",
                    session_ics(s, participant=p, sequence=0).decode(),
                    "text/calendar",
                )
                for number, (s, p) in enumerate(items, start=1)
            ],
        )
    return sessions


@transaction.atomic
def session_update(*, actor, session: Session, data: dict, facilitators=None) -> Session:
    """Change a session; a move (date, duration, place) e-mails an updated .ics to participants.

    `data` holds fields among EDITABLE_FIELDS; `facilitators` None keeps them as they are."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at:
        raise ValidationError("Cette session est annulée : elle n'est plus modifiable.")
    was_open = session.is_open
    changes = model_changes(session, data)
    if session.is_open != was_open:
        raise ValidationError(
            {"kind": "Une session ouverte aux inscriptions ne peut pas changer de famille de type."}
        )
    current = list(session.facilitators.all())
    wanted = current if facilitators is None else list(facilitators)
    _validate(session, facilitators=wanted, eligible=_eligible(session))
    session.save()
    if facilitators is not None and {u.pk for u in wanted} != {u.pk for u in current}:
        session.facilitators.set(wanted)
        changes["facilitators"] = [
            ", ".join(str(u) for u in current),
            ", ".join(str(u) for u in wanted),
        ]
    if not changes:
        return session
    moved = bool(MOVE_FIELDS & changes.keys())
    audit_event_record(
        actor=actor,
        obj=session,
        action="session.moved" if moved else "session.updated",
        changes=changes,
    )
    if moved:
        _send(
            session.participants.filter(status=P.EXPECTED).select_related("user", "organisation"),
            session=session,
            subject=f"Session modifiée : {session.title} le {_when(session)}",
            template="cohorts/emails/session_updated.txt",
        )
    if "capacity" in changes:
        _waitlist_promote(session, actor=actor)
    return session


@transaction.atomic
def session_cancel(*, actor, session: Session, reason: str) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.cancelled_at:
        raise ValidationError("Cette session est déjà annulée.", code="cancelled")
    if not reason.strip():
        raise ValidationError("Indiquez le motif de l'annulation.", code="reason")
    session.cancelled_at = timezone.now()
    session.save(update_fields=["cancelled_at", "updated_at"])
    audit_event_record(actor=actor, obj=session, action="session.cancelled", reason=reason)
    _send(
        session.participants.filter(status__in=[P.EXPECTED, P.WAITLISTED]).select_related(
            "user", "organisation"
        ),
        session=session,
        subject=f"Session annulée : {session.title} du {_when(session)}",
        template="cohorts/emails/session_cancelled.txt",
        method="CANCEL",
        extra={"reason": reason},
    )
    return session


# --- Documents ------------------------------------------------------------------------------------


@transaction.atomic
def session_document_add(*, actor, session: Session, uploaded_file) -> SessionDocument:
    check = validate_upload(uploaded_file)
    document = SessionDocument(
        session=session,
        original_name=uploaded_file.name[:255],
        mime_type=check.mime_type,
        size=check.size,
        uploaded_by=actor,
    )
    document.file.save(
        private_upload_path(f"sessions/{session.pk}", check.safe_name), uploaded_file, save=False
    )
    document.save()
    audit_event_record(
        actor=actor, obj=session, action="session.document_added", changes={"file": check.safe_name}
    )
    return document


@transaction.atomic
def session_document_remove(*, actor, document: SessionDocument) -> None:
    audit_event_record(
        actor=actor,
        obj=document.session,
        action="session.document_removed",
        changes={"file": document.original_name},
    )
    document.file.delete(save=False)
    document.delete()
