"""Who may do what to an organisation. Views ask here; tests prove it for each role."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from essaim.accounts.models import Role, User
from essaim.accounts.selectors import memberships_of

from .models import Membership, Organisation, OrganisationQuerySet


def visible_organisations(user: User | AnonymousUser) -> OrganisationQuerySet:
    """The directory: the public part of every ESS structure is readable by anyone."""
    return Organisation.objects.supported()


def is_member(user: User | AnonymousUser, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    return any(m.user_id == user.pk for m in _memberships(organisation))


def _memberships(organisation: Organisation) -> QuerySet[Membership]:
    # Uses the prefetched memberships when the view fetched them, one query otherwise.
    return organisation.memberships.all()


def can_create(user: User | AnonymousUser) -> bool:
    return user.is_authenticated


def can_edit(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return user.is_authenticated and (user.is_superuser or is_member(user, organisation))


def can_view_private(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Members' names and e-mail addresses: the organisation's own members and administrators."""
    return can_edit(user, organisation)


def organisations_of(user: User | AnonymousUser) -> OrganisationQuerySet:
    """The ESS structures the user belongs to as a member."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.MEMBER
    ).distinct()


def organisation_ids(user: User | AnonymousUser, role: Role) -> set[int]:
    """Ids of the organisations where the user holds `role` (from the request's one read)."""
    return {organisation for held, organisation in memberships_of(user) if held == role}
