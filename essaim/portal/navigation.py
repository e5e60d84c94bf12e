"""The navigation each role sees. One place, so the header and the dashboard agree."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from essaim.accounts.models import Role
from essaim.accounts.selectors import user_roles


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] = frozenset()  # empty: everyone

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = [
    NavItem(_("Programmes"), "programmes:list"),
    NavItem(_("Directory"), "organisations:list"),
    NavItem(_("My dashboard"), "portal:dashboard", frozenset({"authenticated"})),
    NavItem(_("My calendar"), "sessions:my_calendar", frozenset({"authenticated"})),
    NavItem(_("My applications"), "applications:mine", frozenset({"member"})),
    NavItem(_("Manage programmes"), "programmes:manage", frozenset({"advisor"})),
    NavItem(_("Administration"), "admin:index", frozenset({"admin"})),
]

ROLE_LABELS = {**{role.value: role.label for role in Role}, "admin": "Administrateur·rice"}


def navigation_for(user) -> list[NavItem]:
    roles = set(user_roles(user))
    if user.is_authenticated:
        roles.add("authenticated")
    return [item for item in NAV_ITEMS if not item.roles or item.roles & roles]
