from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from essaim.accounts.models import User

from .models import Membership, OrganisationQuerySet
from .policies import organisations_of


def organisation_detail(queryset: OrganisationQuerySet, slug: str) -> OrganisationQuerySet:
    return (
        queryset.with_location()
        .prefetch_related(
            "networks",
            Prefetch("memberships", queryset=Membership.objects.select_related("user")),
        )
        .filter(slug=slug)
    )


def dashboard_organisations(user: User | AnonymousUser) -> OrganisationQuerySet:
    """The organisations a user belongs to, for their dashboard."""
    return organisations_of(user).with_location()
