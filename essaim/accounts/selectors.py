from .models import Role


def user_roles(user) -> set[str]:
    """The roles a user holds: those of their memberships, plus "admin" for administrators.

    Cached on the user object: the navigation and the policies ask several times per request.
    """
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_essaim_roles"):
        roles = set(user.memberships.values_list("role", flat=True).distinct())
        if user.is_superuser:
            roles.add("admin")
        user._essaim_roles = roles
    return user._essaim_roles


def has_role(user, role: Role | str) -> bool:
    return str(role) in user_roles(user)
