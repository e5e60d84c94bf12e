"""Reads of core's own rows."""

from .models import EmailFailure, EmailFailureQuerySet

SHOWN = 100  # the list page shows the latest hundred


def email_failures_of(user_id: int) -> EmailFailureQuerySet:
    """The e-mails a person's actions could not send, latest first (the model's order)."""
    return EmailFailure.objects.filter(triggered_by_id=user_id)
