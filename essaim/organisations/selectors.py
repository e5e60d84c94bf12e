from django.db.models import Prefetch

from .models import Membership
from .policies import organisations_of


def organisation_detail(queryset, slug: str):
    return (
        queryset.with_location()
        .prefetch_related(
            "networks",
            Prefetch("memberships", queryset=Membership.objects.select_related("user")),
        )
        .filter(slug=slug)
    )


def dashboard_organisations(user):
    """The organisations a user belongs to, for their dashboard."""
    return organisations_of(user).with_location()
