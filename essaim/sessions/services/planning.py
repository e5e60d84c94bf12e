"""Create, plan as a series, update and cancel sessions; their participants and documents."""

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from essaim.accounts.models import Role, User
from essaim.applications.models import Application, ApplicationStatus
from essaim.cohorts.models import Cohort, CohortMembership
from essaim.core.emails import email_send
from essaim.core.links import absolute_url
from essaim.core.services import audit_event_record, model_changes
from essaim.core.uploads import private_upload_path, validate_upload
from essaim.organisations.models import Membership, Organisation
from essaim.programmes.models import Programme, ProgrammeStep

from ..models import SESSION_LIFECYCLE, Participant, Session, SessionDocument, SessionKind
from ..planner import PARIS
from ..selectors import (
    GUESTS_ACTION,
    Guest,
    facilitator_choices,
    session_guests,
    session_programme,
    session_recipients,
    step_choices,
)
from .common import Invitations, _address, _send, _when, session_ics
from .registration import _waitlist_promote

P = Participant.Status


class SessionFields(TypedDict, total=False):
    """A session's own fields, as create takes them and update changes some (EDITABLE_FIELDS)."""

    kind: str
    title: str
    starts_at: datetime
    duration_minutes: int
    location: str
    video_url: str
    agenda: str
    methodology_step: ProgrammeStep | None
    minutes: str
    capacity: int | None


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
    session: Session,
    *,
    facilitators: Iterable[User],
    eligible: QuerySet[User],
    context_cohort: Cohort | None = None,
    also_allowed: Iterable[User] = (),
) -> None:
    errors: dict[str, str | list[str]] = {}
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


def _eligible(session: Session, context_cohort: Cohort | None = None) -> QuerySet[User]:
    if session.cohort_id:
        return facilitator_choices(cohort=session.cohort, session=session)
    if context_cohort is not None:
        return facilitator_choices(cohort=context_cohort, session=session)
    return facilitator_choices(programme=session_programme(session), session=session)


# --- Participants ---------------------------------------------------------------------------------


def _members(organisation_ids: Iterable[int]) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role=Role.MEMBER, user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__email")
    )


def _contact_pairs(
    organisations: Iterable[Organisation],
    *,
    applications: Mapping[int, Application],
    programme: Programme | None,
) -> dict[int, list[str]]:
    """The contact pair (decision maker, operational lead) of each organisation: from the
    application its cohort membership names, else from its latest admitted application to the
    programme."""
    found = dict(applications)
    missing = [o.pk for o in organisations if o.pk not in found]
    if missing and programme is not None:
        admitted = Application.objects.filter(
            organisation_id__in=missing,
            call__programme=programme,
            status=ApplicationStatus.ADMITTED,
        ).order_by("submitted_at", "pk")
        found |= {application.organisation_id: application for application in admitted}
    return {
        pk: list(
            dict.fromkeys(
                e for e in (a.decision_maker_email, a.operational_lead_email) if e.strip()
            )
        )
        for pk, a in found.items()
    }


def _invite(session: Session) -> Invitations:
    """Make the members of the session's organisations expected participants (new ones only).
    An organisation with nobody on the platform yet is reached through its application's
    contact pair, by e-mail (once per session); one without either is reported unreachable."""
    if session.is_open or session.is_cancelled:
        return Invitations()
    organisations: list[Organisation] = []
    applications: dict[int, Application] = {}
    if session.cohort_id:
        memberships = CohortMembership.objects.filter(
            cohort_id=session.cohort_id, status=CohortMembership.Status.ACTIVE
        ).select_related("organisation", "application")
        organisations = [m.organisation for m in memberships]
        applications = {m.organisation_id: m.application for m in memberships if m.application}
    elif session.organisation is not None:  # not open: _validate gave it an organisation
        organisations = [session.organisation]
    known = set(session.participants.values_list("user_id", flat=True))
    with_people: set[int] = set()
    now = timezone.now()
    invitations = Invitations()
    for membership in _members([o.pk for o in organisations]):
        with_people.add(membership.organisation_id)
        if membership.user_id in known:
            continue
        known.add(membership.user_id)
        invitations.participants.append(
            Participant(
                session=session,
                user=membership.user,
                organisation=membership.organisation,
                status=P.EXPECTED,
                invited_at=now,
            )
        )
    Participant.objects.bulk_create(invitations.participants)
    nobody = [o for o in organisations if o.pk not in with_people]
    if not nobody:
        return invitations
    contacts = _contact_pairs(
        nobody, applications=applications, programme=session_programme(session)
    )
    told = {guest.email for guest in session_guests(session)}
    for organisation in sorted(nobody, key=lambda o: o.name.lower()):
        addresses = contacts.get(organisation.pk, [])
        if not addresses:
            invitations.unreachable.append(organisation.name)
        invitations.guests += [Guest(a, organisation) for a in addresses if a not in told]
    return invitations


def _invitations_record(*, actor: User, session: Session, invitations: Invitations) -> None:
    if invitations.guests or invitations.unreachable:
        audit_event_record(
            actor=actor,
            obj=session,
            action=GUESTS_ACTION,
            changes={
                "guests": [[g.email, g.organisation.pk] for g in invitations.guests],
                "unreachable": invitations.unreachable,
            },
        )


@transaction.atomic
def session_participants_invite(*, actor: User, session: Session) -> Invitations:
    """Invite the members of organisations that joined since the session was created, and the
    contacts of those that still have nobody on the platform."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("Cette session est annulée.", code="cancelled")
    if session.starts_at < timezone.now():
        raise ValidationError("Cette session est passée.", code="past")
    invitations = _invite(session)
    if invitations.participants:
        audit_event_record(
            actor=actor,
            obj=session,
            action="session.participants_invited",
            changes={"invited": [str(p.user) for p in invitations.participants]},
        )
    _invitations_record(actor=actor, session=session, invitations=invitations)
    _send(
        invitations.recipients,
        session=session,
        subject=f"Invitation : {session.title} le {_when(session)}",
        template="sessions/emails/session_invitation.txt",
    )
    return invitations


# --- Create, plan, update, cancel -----------------------------------------------------------------


def _session_new(
    *,
    actor: User,
    data: SessionFields,
    cohort: Cohort | None,
    organisation: Organisation | None,
    facilitators: Iterable[User],
    context_cohort: Cohort | None,
    series: str = "",
) -> Session:
    session = Session(cohort=cohort, organisation=organisation, series=series, **data)
    planned_in = context_cohort or cohort
    session.programme = planned_in.programme if planned_in else session_programme(session)
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
    actor: User,
    kind: str,
    title: str,
    starts_at: datetime,
    duration_minutes: int = 180,
    cohort: Cohort | None = None,
    organisation: Organisation | None = None,
    context_cohort: Cohort | None = None,
    location: str = "",
    video_url: str = "",
    facilitators: Iterable[User] = (),
    agenda: str = "",
    methodology_step: ProgrammeStep | None = None,
    minutes: str = "",
    capacity: int | None = None,
) -> Session:
    """A session of a cohort, of one organisation (an individual diagnosis), or open to
    registration. `context_cohort` is the cohort it is planned from when it has none itself:
    facilitators, steps and the organisation are checked against it.

    Members of the cohort's active organisations (or of the organisation) become expected
    participants and receive an invitation with an .ics; for an organisation with nobody on the
    platform, its application's contact pair gets it. The returned session carries
    `invitations`: whom it reached, and which organisations it could not."""
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
    session.invitations = _invite(session)
    _invitations_record(actor=actor, session=session, invitations=session.invitations)
    _send(
        session.invitations.recipients,
        session=session,
        subject=f"Invitation : {session.title} le {_when(session)}",
        template="sessions/emails/session_invitation.txt",
    )
    return session


@transaction.atomic
def sessions_plan(
    *,
    actor: User,
    cohort: Cohort,
    starts: list[datetime],
    kind: str,
    title: str,
    duration_minutes: int,
    location: str = "",
    video_url: str = "",
    facilitators: Iterable[User] = (),
    agenda: str = "",
    methodology_step: ProgrammeStep | None = None,
) -> list[Session]:
    """Create a series at once (all or nothing). Each person (or guest, see session_create) gets
    one e-mail listing the dates, with one .ics per session. Each session carries
    `invitations`."""
    if not starts:
        raise ValidationError("Gardez au moins une séance.", code="empty")
    series = uuid.uuid4().hex
    total = len(starts)
    sessions: list[Session] = []
    invitations: dict[str, list[tuple[Session, Participant | Guest]]] = {}
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
        session.invitations = _invite(session)
        _invitations_record(actor=actor, session=session, invitations=session.invitations)
        for recipient in session.invitations.recipients:
            invitations.setdefault(_address(recipient), []).append((session, recipient))
    for address, items in invitations.items():
        email_send(
            to=[address],
            subject=f"{len(items)} séance(s) planifiée(s) : {title}",
            template="sessions/emails/series_invitation.txt",
            context={
                "title": title,
                "cohort": cohort,
                "participant": items[0][1],
                "is_guest": isinstance(items[0][1], Guest),
                "sessions": [
                    {
                        "session": s,
                        "when": timezone.localtime(s.starts_at, PARIS),
                        "url": absolute_url("sessions:session_detail", s.pk),
                    }
                    for s, _p in items
                ],
            },
            attachments=[
                (
                    f"session-{number}.ics",
                    session_ics(s, participant=p).decode(),
                    "text/calendar",
                )
                for number, (s, p) in enumerate(items, start=1)
            ],
        )
    return sessions


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: Session,
    data: SessionFields,
    facilitators: Iterable[User] | None = None,
) -> Session:
    """Change a session; a move (date, duration, place) e-mails an updated .ics to participants.

    `data` holds fields among EDITABLE_FIELDS; `facilitators` None keeps them as they are."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
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
    moved = bool(MOVE_FIELDS & changes.keys())
    if moved:
        session.sequence += 1  # the row is locked: two moves at once give two numbers
    session.save()
    if facilitators is not None and {u.pk for u in wanted} != {u.pk for u in current}:
        session.facilitators.set(wanted)
        changes["facilitators"] = [
            ", ".join(str(u) for u in current),
            ", ".join(str(u) for u in wanted),
        ]
    if not changes:
        return session
    audit_event_record(
        actor=actor,
        obj=session,
        action="session.moved" if moved else "session.updated",
        changes=changes,
    )
    if moved:
        _send(
            session_recipients(session, statuses=[P.EXPECTED]),
            session=session,
            subject=f"Session modifiée : {session.title} le {_when(session)}",
            template="sessions/emails/session_updated.txt",
        )
    if "capacity" in changes:
        _waitlist_promote(session, actor=actor, reason="Places ajoutées")
    return session


@transaction.atomic
def session_cancel(*, actor: User, session: Session, reason: str) -> Session:
    """Cancel a scheduled session (its log keeps who, when and why) and tell everyone expected,
    waitlisted or invited as a guest, with an .ics that removes it from their calendars."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not SESSION_LIFECYCLE.allows(session, "cancel"):
        raise SESSION_LIFECYCLE.refuse(session, "cancel")
    if not reason.strip():
        raise ValidationError("Indiquez le motif de l'annulation.", code="reason")
    session.sequence += 1  # calendar apps replace the event with its cancelled version
    SESSION_LIFECYCLE.apply(session, "cancel", actor=actor, reason=reason, also=["sequence"])
    _send(
        session_recipients(session, statuses=[P.EXPECTED, P.WAITLISTED]),
        session=session,
        subject=f"Session annulée : {session.title} du {_when(session)}",
        template="sessions/emails/session_cancelled.txt",
        method="CANCEL",
        extra={"reason": reason},
    )
    return session


# --- Documents ------------------------------------------------------------------------------------


@transaction.atomic
def session_document_add(
    *, actor: User, session: Session, uploaded_file: UploadedFile
) -> SessionDocument:
    check = validate_upload(uploaded_file)
    document = SessionDocument(
        session=session,
        original_name=(uploaded_file.name or check.safe_name)[:255],
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
def session_document_remove(*, actor: User, document: SessionDocument) -> None:
    audit_event_record(
        actor=actor,
        obj=document.session,
        action="session.document_removed",
        changes={"file": document.original_name},
    )
    file = document.file
    document.delete()
    # The file goes once the row is gone for good: a rollback must not leave a row without file.
    transaction.on_commit(lambda: file.storage.delete(file.name))
