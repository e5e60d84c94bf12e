from django.db.models import Prefetch

from .models import Membership


def organisation_detail(queryset, slug: str):
    return (
        queryset.with_location()
        .prefetch_related(
            "networks",
            Prefetch("memberships", queryset=Membership.objects.select_related("user")),
        )
        .filter(slug=slug)
    )
