"""The navigation each role sees. One place, so the header and the dashboard agree."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
    NavItem(_("My dashboard"), "core:dashboard", frozenset({"authenticated"})),
    NavItem(_("Administration"), "admin:index", frozenset({"admin"})),
]

# What each role's dashboard offers; labels in French are shown as headings there.
ROLE_LABELS = {
    "member": _("Organisation member"),
    "advisor": _("Advisor"),
    "expert": _("Expert"),
    "funder": _("Funder"),
    "provider": _("Support provider"),
    "admin": _("Administrator"),
}


def navigation_for(user) -> list[NavItem]:
    roles = set(user_roles(user))
    if user.is_authenticated:
        roles.add("authenticated")
    return [item for item in NAV_ITEMS if not item.roles or item.roles & roles]
