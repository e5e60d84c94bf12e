"""What sessions do when cohorts, below them, announce something (cohorts.signals)."""

from django.dispatch import receiver

from essaim.cohorts.signals import membership_left

from .selectors import calendar_feed_active
from .services.feeds import calendar_feed_renew


@receiver(membership_left, dispatch_uid="sessions.cohort_feed_rotate")
def cohort_feed_rotate(sender, *, membership, actor, **kwargs) -> None:
    """The cohort's feed shows places and video links: the organisation that left may hold its
    address, so it gets a new one (in the same transaction as the withdrawal)."""
    if calendar_feed_active(cohort=membership.cohort):
        calendar_feed_renew(
            actor=actor,
            cohort=membership.cohort,
            reason=f"Retrait de {membership.organisation.name} de la cohorte.",
        )
