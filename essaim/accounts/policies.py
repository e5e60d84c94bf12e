"""Who must do what with their account."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from .models import Role, User
from .selectors import user_roles


def mfa_required(user: User | AnonymousUser) -> bool:
    """Administrators and advisors see many organisations' files: they must use MFA."""
    return bool(user_roles(user) & {"admin", str(Role.ADVISOR)})


@dataclass(frozen=True)
class MfaRequirement:
    """MFA the user must still activate, and the end of their grace period."""

    deadline: datetime

    @property
    def overdue(self) -> bool:
        return timezone.now() >= self.deadline


def mfa_requirement(user: User | AnonymousUser) -> MfaRequirement | None:
    """What the user still owes of the MFA requirement: None when it does not apply or is met.

    Cached on the user object: the middleware and the banner both ask on every page.
    """
    if not user.is_authenticated:
        return None
    if "_essaim_mfa_requirement" not in user.__dict__:
        requirement = None
        if mfa_required(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            # Not recorded yet (a session opened before the requirement applied): the grace
            # period is counted from now until the next sign-in records it.
            since = user.mfa_required_since or timezone.now()
            grace = timedelta(days=settings.MFA_REQUIRED_GRACE_DAYS)
            requirement = MfaRequirement(deadline=since + grace)
        user.__dict__["_essaim_mfa_requirement"] = requirement
    cached: MfaRequirement | None = user.__dict__["_essaim_mfa_requirement"]
    return cached
