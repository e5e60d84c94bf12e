"""Cohorts, their members and status history, composition runs (sessions are their own app)."""

from .cohorts import (
    MEMBERSHIP_LIFECYCLE,
    Cohort,
    CohortMembership,
    CohortMembershipChange,
    CompositionRun,
)

__all__ = [
    "MEMBERSHIP_LIFECYCLE",
    "Cohort",
    "CohortMembership",
    "CohortMembershipChange",
    "CompositionRun",
]
