from django.contrib.auth.models import AnonymousUser

from essaim.core.policies import cached_for_request, forget_for_request

from .models import Role, User


def memberships_of(user: User | AnonymousUser) -> list[tuple[str, int]]:
    """(role, organisation id) of each of the user's memberships, read once per request (the
    navigation, the policies and the pages all ask). A service that changes the user's
    memberships calls `memberships_forget`."""
    if not user.is_authenticated:
        return []
    return cached_for_request(
        user,
        "memberships",
        lambda: list(user.memberships.order_by().values_list("role", "organisation_id")),
    )


def memberships_forget(user: User) -> None:
    forget_for_request(user, "memberships")


def user_roles(user: User | AnonymousUser) -> set[str]:
    """The roles a user holds: those of their memberships, plus "admin" for administrators."""
    roles = {role for role, _organisation in memberships_of(user)}
    if user.is_superuser:
        roles.add("admin")
    return roles


def has_role(user: User | AnonymousUser, role: Role | str) -> bool:
    return str(role) in user_roles(user)
