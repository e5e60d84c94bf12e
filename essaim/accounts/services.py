"""Every write to user accounts that is not allauth's own goes through these functions."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from essaim.core.services import audit_event_record

from .models import User
from .policies import mfa_required


@transaction.atomic
def user_mfa_requirement_start(*, user: User, actor: User) -> None:
    """Record when the MFA requirement first applies to the user: their grace period starts."""
    if user.mfa_required_since is not None:
        return
    # A fresh row: the caller's instance may carry roles cached before a membership changed.
    row = User.objects.select_for_update().get(pk=user.pk)
    if row.mfa_required_since is not None or not mfa_required(row):
        return
    row.mfa_required_since = user.mfa_required_since = timezone.now()
    row.save(update_fields=["mfa_required_since"])
    audit_event_record(
        actor=actor,
        obj=row,
        action="user.mfa_required",
        changes={"mfa_required_since": row.mfa_required_since.isoformat()},
    )


def user_logged_in_receiver(
    sender: type[User], request: HttpRequest, user: User, **kwargs: object
) -> None:
    """Sign-in is the one request allowed to write this: pages only read the requirement."""
    user_mfa_requirement_start(user=user, actor=user)
