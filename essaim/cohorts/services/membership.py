from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from essaim.accounts.models import User
from essaim.applications.models import Application
from essaim.core.services import audit_event_record, model_changes
from essaim.organisations.models import Organisation

from ..models import Cohort, CohortMembership, CohortMembershipChange
from ..signals import membership_left

Status = CohortMembership.Status
# Who may go where: an organisation on the individual path may come back; a withdrawal is final.
MEMBERSHIP_TRANSITIONS: dict[str, set[str]] = {
    Status.ACTIVE: {Status.INDIVIDUAL_PATH, Status.WITHDRAWN},
    Status.INDIVIDUAL_PATH: {Status.ACTIVE, Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
}


@transaction.atomic
def membership_add(
    *,
    actor: User | None,
    cohort: Cohort,
    organisation: Organisation,
    application: Application | None = None,
    reason: str = "",
) -> CohortMembership:
    membership = CohortMembership.objects.create(
        cohort=cohort, organisation=organisation, application=application
    )
    CohortMembershipChange.objects.create(
        membership=membership, to_status=Status.ACTIVE, actor=actor, reason=reason
    )
    return membership


@transaction.atomic
def membership_change_status(
    *, actor: User, membership: CohortMembership, to_status: str, reason: str
) -> CohortMembership:
    """Active ↔ individual path, or withdrawn; always with a reason, always in the history."""
    membership = CohortMembership.objects.select_for_update().get(pk=membership.pk)
    if to_status not in MEMBERSHIP_TRANSITIONS[membership.status]:
        raise ValidationError(
            "Impossible de passer de « %(from)s » à « %(to)s ».",
            code="forbidden_transition",
            params={"from": Status(membership.status).label, "to": Status(to_status).label},
        )
    if not reason.strip():
        raise ValidationError("Indiquez le motif du changement.", code="reason")
    CohortMembershipChange.objects.create(
        membership=membership,
        from_status=membership.status,
        to_status=to_status,
        actor=actor,
        reason=reason,
    )
    membership.status = to_status
    membership.save(update_fields=["status", "updated_at"])
    if to_status == Status.WITHDRAWN:
        # Sessions (above cohorts) rotate the cohort's calendar feed: whoever left may hold it.
        membership_left.send(sender=CohortMembership, membership=membership, actor=actor)
    return membership


@transaction.atomic
def cohort_update(
    *,
    actor: User,
    cohort: Cohort,
    data: dict[str, Any],
    advisors: Iterable[User],
    experts: Iterable[User],
) -> Cohort:
    changes = model_changes(cohort, data)
    cohort.full_clean()
    cohort.save()
    cohort.advisors.set(advisors)
    cohort.experts.set(experts)
    audit_event_record(actor=actor, obj=cohort, action="cohort.updated", changes=changes)
    return cohort
