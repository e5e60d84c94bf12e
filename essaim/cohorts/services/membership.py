from collections.abc import Iterable
from datetime import date
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction

from essaim.accounts.models import User
from essaim.applications.models import Application
from essaim.core.services import audit_event_record, model_changes
from essaim.organisations.models import Organisation

from ..models import MEMBERSHIP_LIFECYCLE, Cohort, CohortMembership
from ..signals import membership_left


@transaction.atomic
def membership_add(
    *,
    actor: User | None,
    cohort: Cohort,
    organisation: Organisation,
    application: Application | None = None,
    reason: str = "",
) -> CohortMembership:
    """The organisation joins the cohort, active; its history starts there."""
    membership = CohortMembership.objects.create(
        cohort=cohort, organisation=organisation, application=application
    )
    MEMBERSHIP_LIFECYCLE.record_start(membership, actor=actor, reason=reason)
    return membership


@transaction.atomic
def membership_change_status(
    *, actor: User, membership: CohortMembership, transition: str, reason: str
) -> CohortMembership:
    """Move a membership along MEMBERSHIP_LIFECYCLE: always with a reason, always logged."""
    if transition not in MEMBERSHIP_LIFECYCLE.transitions:
        raise ValidationError(
            "Changement de statut inconnu : « %(name)s ».",
            code="unknown_transition",
            params={"name": transition},
        )
    membership = CohortMembership.objects.select_for_update().get(pk=membership.pk)
    if not MEMBERSHIP_LIFECYCLE.allows(membership, transition):
        raise MEMBERSHIP_LIFECYCLE.refuse(membership, transition)
    if not reason.strip():
        raise ValidationError("Indiquez le motif du changement.", code="reason")
    MEMBERSHIP_LIFECYCLE.apply(membership, transition, actor=actor, reason=reason)
    if membership.status == CohortMembership.Status.WITHDRAWN:
        # Sessions (above cohorts) rotate the cohort's calendar feed: whoever left may hold it.
        membership_left.send(sender=CohortMembership, membership=membership, actor=actor)
    return membership


class CohortData(TypedDict, total=False):
    """What the cohort form edits (CohortForm), besides its team."""

    name: str
    description: str
    start_date: date | None
    end_date: date | None
    min_size: int | None
    max_size: int | None


@transaction.atomic
def cohort_update(
    *,
    actor: User,
    cohort: Cohort,
    data: CohortData,
    advisors: Iterable[User],
    experts: Iterable[User],
) -> Cohort:
    # Reload the row: a bound ModelForm has already written the new values onto its instance.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    changes: dict[str, object] = model_changes(cohort, data)
    cohort.full_clean()
    if changes:
        cohort.save(update_fields=[*changes, "updated_at"])
    for name, chosen in (("advisors", advisors), ("experts", experts)):
        team = getattr(cohort, name)
        before = sorted(team.values_list("pk", flat=True))
        chosen = list(chosen)
        team.set(chosen)
        after = sorted(user.pk for user in chosen)
        if before != after:
            changes[name] = [before, after]
    if changes:
        audit_event_record(actor=actor, obj=cohort, action="cohort.updated", changes=changes)
    return cohort
