"""Writes on sessions: create, plan a series, update (move), cancel, documents, registration to
open sessions with their waitlist, reminders, co-development and calendar feeds.

Every e-mail carries an .ics whose UID is stable per session (`session-<pk>@host`): a calendar
app replaces the event on update (higher SEQUENCE) and removes it on cancellation."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from essaim.accounts.models import Role, User
from essaim.core.calendar import ics_event
from essaim.core.emails import email_send
from essaim.core.models import AuditEvent
from essaim.core.services import audit_event_record, model_changes
from essaim.core.uploads import private_upload_path, validate_upload
from essaim.organisations.models import Membership
from essaim.organisations.policies import organisations_of

from ..models import (
    OPEN_KINDS,
    CalendarFeed,
    CodevSession,
    Cohort,
    CohortMembership,
    Participant,
    Session,
    SessionDocument,
    SessionKind,
)
from ..selectors_sessions import (
    PARIS,
    SEQUENCE_ACTIONS,
    facilitator_choices,
    session_programme,
    step_choices,
)

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


def _site_url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _when(session) -> str:
    return f"{timezone.localtime(session.starts_at, PARIS):%d/%m/%Y à %H:%M}"


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
    ics = ics_event(
        uid=f"session-{session.pk}",
        summary=("Annulé : " if method == "CANCEL" else "") + session.title,
        start=session.starts_at,
        duration=timedelta(minutes=session.duration_minutes),
        description="\n".join(lines),
        location=session.location or session.video_url,
        url=_site_url("cohorts:session_detail", session.pk),
        attendees=[participant.user.email] if participant else [],
        method=method,
        sequence=ics_sequence(session) if sequence is None else sequence,
    )
    if method != "CANCEL":
        return ics
    calendar = Calendar.from_ical(ics)
    for event in calendar.walk("VEVENT"):
        event.add("status", "CANCELLED")
    return calendar.to_ical()


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
                "url": _site_url("cohorts:session_detail", session.pk),
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
                        "url": _site_url("cohorts:session_detail", s.pk),
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


# --- Open sessions: registration and waitlist -----------------------------------------------------


def _expected_count(session) -> int:
    return session.participants.filter(status=P.EXPECTED).count()


def _waitlist_promote(session: Session, *, actor=None) -> list[Participant]:
    """Move the first waitlisted people up while places are free, and tell them."""
    waiting = list(
        session.participants.filter(status=P.WAITLISTED).select_related("user", "organisation")
    )
    if not waiting:
        return []
    free = len(waiting) if session.capacity is None else session.capacity - _expected_count(session)
    promoted = waiting[: max(free, 0)]
    for participant in promoted:
        participant.status = P.EXPECTED
        participant.save(update_fields=["status"])
    if promoted:
        audit_event_record(
            actor=actor,
            obj=session,
            action="session.waitlist_promoted",
            changes={"promoted": [str(p.user) for p in promoted]},
        )
        _send(
            promoted,
            session=session,
            subject=f"Une place s'est libérée : {session.title} le {_when(session)}",
            template="cohorts/emails/session_promoted.txt",
        )
    return promoted


@transaction.atomic
def session_register(*, actor, session: Session, organisation=None) -> Participant:
    """Register oneself to an open session, on the waitlist when it is full."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.is_open:
        raise ValidationError("Cette session n'est pas ouverte aux inscriptions.", code="closed")
    if session.cancelled_at:
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
    status = P.WAITLISTED if full else P.EXPECTED
    if existing:  # registering again after cancelling: back of the queue
        existing.status, existing.organisation = status, organisation
        existing.save(update_fields=["status", "organisation"])
        Participant.objects.filter(pk=existing.pk).update(registered_at=timezone.now())
        participant = existing
    else:
        participant = Participant.objects.create(
            session=session, user=actor, organisation=organisation, status=status
        )
    audit_event_record(
        actor=actor, obj=session, action="session.registered", changes={"status": status}
    )
    if full:
        email_send(
            to=[actor.email],
            subject=f"Liste d'attente : {session.title} le {_when(session)}",
            template="cohorts/emails/session_waitlisted.txt",
            context={
                "session": session,
                "when": timezone.localtime(session.starts_at, PARIS),
                "url": _site_url("cohorts:session_detail", session.pk),
            },
        )
    else:
        _send(
            [participant],
            session=session,
            subject=f"Inscription confirmée : {session.title} le {_when(session)}",
            template="cohorts/emails/session_registered.txt",
        )
    return participant


@transaction.atomic
def session_unregister(*, actor, session: Session) -> Participant:
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
    participant.status = P.CANCELLED
    participant.save(update_fields=["status"])
    audit_event_record(actor=actor, obj=session, action="session.unregistered")
    if was_expected:
        _send(
            [participant],
            session=session,
            subject=f"Désinscription : {session.title} le {_when(session)}",
            template="cohorts/emails/session_unregistered.txt",
            method="CANCEL",
        )
        _waitlist_promote(session, actor=actor)
    return participant


# --- Reminders ------------------------------------------------------------------------------------


def sessions_remind(*, now=None) -> int:
    """E-mail the participants of sessions starting within 24 h, once per session (claimed by
    `reminder_sent_at` first, so two runs at the same time never both send). Returns how many
    sessions were reminded."""
    now = now or timezone.now()
    due = Session.objects.filter(
        cancelled_at__isnull=True,
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
            participants = list(
                session.participants.filter(status=P.EXPECTED).select_related(
                    "user", "organisation"
                )
            )
            for participant in participants:
                email_send(
                    to=[participant.user.email],
                    subject=f"Rappel : {session.title} le {_when(session)}",
                    template="cohorts/emails/session_reminder.txt",
                    context={
                        "session": session,
                        "participant": participant,
                        "when": timezone.localtime(session.starts_at, PARIS),
                        "url": _site_url("cohorts:session_detail", session.pk),
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


# --- Co-development (DOMAIN.md §3.1) --------------------------------------------------------------

CODEV_STAGES = [
    ("expose", "Exposé", 10, "Le client présente sa situation, sans être interrompu."),
    ("clarification", "Clarification", 10, "Questions d'information, sans conseil."),
    ("contrat", "Contrat", 5, "Le client formule l'aide qu'il attend."),
    (
        "consultation",
        "Consultation",
        25,
        "Impressions, hypothèses, expériences ; pas de recherche de consensus.",
    ),
    (
        "synthese",
        "Synthèse et plan d'action",
        10,
        "Le client retient ce qui l'aide et énonce ses actions.",
    ),
    ("apprentissages", "Apprentissages", 10, "Chacun dit ce qu'il retient et évalue la séance."),
]
CODEV_ROLES = {"client": "Client", "consultant": "Consultant·e", "facilitator": "Animation"}


def codev_default_stages() -> list[dict]:
    return [{"key": k, "label": label, "minutes": m} for k, label, m, _hint in CODEV_STAGES]


def _codev(session) -> CodevSession:
    codev, _created = CodevSession.objects.select_for_update().get_or_create(
        session=session, defaults={"stages": codev_default_stages()}
    )
    return codev


@transaction.atomic
def codev_save(
    *,
    actor,
    session: Session,
    client=None,
    problem_statement: str = "",
    stage_minutes: dict[str, int] | None = None,
    roles: dict[int, str] | None = None,
    notes: str = "",
    action_plan: str = "",
) -> CodevSession:
    """The case, the roles, the stages' durations, the notes and the client's action plan."""
    if session.kind != SessionKind.CODEV:
        raise ValidationError("Cette session n'est pas une séance de co-développement.")
    codev = _codev(session)
    errors = {}
    if client is not None and not (
        session.cohort_id
        and session.cohort.memberships.filter(
            organisation=client, status=CohortMembership.Status.ACTIVE
        ).exists()
    ):
        errors["client"] = "La structure cliente se choisit parmi les membres de la cohorte."
    stages = [dict(stage) for stage in (codev.stages or codev_default_stages())]
    for stage in stages:
        minutes = (stage_minutes or {}).get(stage["key"], stage["minutes"])
        if not 1 <= int(minutes) <= 180:
            errors["stages"] = "Chaque étape dure entre 1 et 180 minutes."
        stage["minutes"] = int(minutes)
    people = {
        *session.participants.filter(status=P.EXPECTED).values_list("user_id", flat=True),
        *session.facilitators.values_list("pk", flat=True),
    }
    roles = {int(k): v for k, v in (roles or {}).items() if v}
    if set(roles) - people or set(roles.values()) - set(CODEV_ROLES):
        errors["roles"] = "Les rôles se donnent aux participant·es et à l'animation de la séance."
    if list(roles.values()).count("client") > 1:
        errors["roles"] = "Une seule personne porte le cas (rôle « client »)."
    if errors:
        raise ValidationError(errors)
    data = {
        "client": client,
        "problem_statement": problem_statement,
        "stages": stages,
        "roles": {str(k): v for k, v in roles.items()},
        "notes": notes,
        "action_plan": action_plan,
    }
    changes = model_changes(codev, data)
    codev.full_clean()
    codev.save()
    if changes:
        audit_event_record(actor=actor, obj=codev, action="codev.updated", changes=changes)
    return codev


@transaction.atomic
def codev_stage_next(*, actor, session: Session) -> CodevSession:
    """Start the next stage (the first one to begin with); after the last one, the session ends."""
    if session.kind != SessionKind.CODEV:
        raise ValidationError("Cette session n'est pas une séance de co-développement.")
    codev = _codev(session)
    stage = 0 if codev.current_stage is None else codev.current_stage + 1
    if stage > len(codev.stages):
        raise ValidationError("La séance est terminée.", code="finished")
    codev.current_stage = stage
    codev.stage_started_at = timezone.now()
    codev.save(update_fields=["current_stage", "stage_started_at"])
    label = codev.stages[stage]["label"] if stage < len(codev.stages) else "fin de séance"
    audit_event_record(
        actor=actor, obj=codev, action="codev.stage_started", changes={"stage": label}
    )
    return codev


# --- Calendar feeds -------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_get_or_create(*, actor, user=None, cohort: Cohort | None = None) -> CalendarFeed:
    """The active private feed of a person or a cohort, created on first use."""
    if (user is None) == (cohort is None):
        raise ValueError("Pass a user or a cohort.")
    owner = {"user": user} if user is not None else {"cohort": cohort}
    # Lock the owner so two first visits at once create a single feed.
    (User if user is not None else Cohort).objects.select_for_update().filter(
        pk=(user or cohort).pk
    ).first()
    feed = (
        CalendarFeed.objects.filter(revoked_at__isnull=True, **owner)
        .order_by("-created_at")
        .first()
    )
    if feed is None:
        feed = CalendarFeed.objects.create(**owner)
        audit_event_record(actor=actor, obj=feed, action="calendar_feed.created")
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor, feed: CalendarFeed) -> CalendarFeed:
    """Revoke the address (the old URL answers 404 from now on) and create a new one."""
    now = timezone.now()
    CalendarFeed.objects.filter(
        user_id=feed.user_id, cohort_id=feed.cohort_id, revoked_at__isnull=True
    ).update(revoked_at=now)
    audit_event_record(actor=actor, obj=feed, action="calendar_feed.revoked")
    new = CalendarFeed.objects.create(user_id=feed.user_id, cohort_id=feed.cohort_id)
    audit_event_record(actor=actor, obj=new, action="calendar_feed.created")
    return new


__all__ = [
    "CODEV_ROLES",
    "CODEV_STAGES",
    "OPEN_KINDS",
    "calendar_feed_get_or_create",
    "calendar_feed_renew",
    "codev_default_stages",
    "codev_save",
    "codev_stage_next",
    "ics_sequence",
    "session_cancel",
    "session_create",
    "session_document_add",
    "session_document_remove",
    "session_ics",
    "session_participants_invite",
    "session_register",
    "session_unregister",
    "session_update",
    "sessions_plan",
    "sessions_remind",
]
