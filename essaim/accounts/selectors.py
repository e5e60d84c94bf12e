from django.contrib.auth.models import AnonymousUser

from .models import Role, User


def user_roles(user: User | AnonymousUser) -> set[str]:
    """The roles a user holds: those of their memberships, plus "admin" for administrators.

    Cached on the user object: the navigation and the policies ask several times per request.
    """
    if not user.is_authenticated:
        return set()
    roles: set[str] | None = user.__dict__.get("_essaim_roles")
    if roles is None:
        roles = set(user.memberships.values_list("role", flat=True).distinct())
        if user.is_superuser:
            roles.add("admin")
        user.__dict__["_essaim_roles"] = roles
    return roles


def has_role(user: User | AnonymousUser, role: Role | str) -> bool:
    return str(role) in user_roles(user)
