"""Reads about cohorts that other pages share."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from essaim.accounts.models import User

from .models import Cohort
from .policies import visible_cohorts

DASHBOARD_COHORTS = 10


def dashboard_cohorts(user: User | AnonymousUser) -> QuerySet[Cohort]:
    """The latest cohorts a user can open, for their dashboard."""
    return (
        visible_cohorts(user)
        .select_related("programme")
        .order_by("-start_date")[:DASHBOARD_COHORTS]
    )
