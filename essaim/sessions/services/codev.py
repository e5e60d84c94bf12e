"""Co-development mode (DOMAIN.md §3.1): roles, the six stages and their timer, action plan."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.accounts.models import User
from essaim.cohorts.models import CohortMembership
from essaim.core.services import audit_event_record, model_changes
from essaim.organisations.models import Organisation

from ..codev import CODEV_ROLES, STAGE_MINUTES, codev_default_stages
from ..models import CodevSession, Participant, Session, SessionKind

P = Participant.Status


def _session_locked(session: Session) -> Session:
    """The session re-read under its row lock, as session_cancel reads it: a cancellation either
    waits for this change or comes first and refuses it."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.kind != SessionKind.CODEV:
        raise ValidationError("Cette session n'est pas une séance de co-développement.")
    if session.is_cancelled:
        raise ValidationError(
            "Cette session est annulée : sa séance de co-développement ne se modifie plus.",
            code="cancelled",
        )
    return session


def _codev(session: Session) -> CodevSession:
    codev, _created = CodevSession.objects.select_for_update().get_or_create(
        session=session, defaults={"stages": codev_default_stages()}
    )
    return codev


@transaction.atomic
def codev_save(
    *,
    actor: User,
    session: Session,
    client: Organisation | None = None,
    problem_statement: str = "",
    stage_minutes: dict[str, int] | None = None,
    roles: dict[int, str] | None = None,
    notes: str = "",
    action_plan: str = "",
) -> CodevSession:
    """The case, the roles, the stages' durations, the notes and the client's action plan."""
    session = _session_locked(session)
    codev = _codev(session)
    errors: dict[str, str] = {}
    if client is not None and not (
        session.cohort_id is not None
        and CohortMembership.objects.filter(
            cohort_id=session.cohort_id, organisation=client, status=CohortMembership.Status.ACTIVE
        ).exists()
    ):
        errors["client"] = "La structure cliente se choisit parmi les membres de la cohorte."
    stages = [dict(stage) for stage in (codev.stages or codev_default_stages())]
    planned = stage_minutes or {}
    for stage in stages:
        minutes = planned.get(stage["key"], int(stage["minutes"]))
        if not STAGE_MINUTES[0] <= minutes <= STAGE_MINUTES[1]:
            errors["stages"] = "Chaque étape dure entre 1 et 180 minutes."
        stage["minutes"] = minutes
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
def codev_stage_next(*, actor: User, session: Session) -> CodevSession:
    """Start the next stage (the first one to begin with); after the last one, the session ends."""
    session = _session_locked(session)
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
