"""Reads about cohorts that other pages share."""

from .policies import visible_cohorts

DASHBOARD_COHORTS = 10


def dashboard_cohorts(user):
    """The latest cohorts a user can open, for their dashboard."""
    return (
        visible_cohorts(user)
        .select_related("programme")
        .order_by("-start_date")[:DASHBOARD_COHORTS]
    )
