"""Cohorts, their members and status history, composition runs (sessions are their own app)."""

from .cohorts import (
    COMPOSITION_LIFECYCLE,
    MEMBERSHIP_LIFECYCLE,
    Cohort,
    CohortMembership,
    CohortMembershipChange,
    CompositionRun,
    CompositionRunTransition,
)

__all__ = [
    "COMPOSITION_LIFECYCLE",
    "MEMBERSHIP_LIFECYCLE",
    "Cohort",
    "CohortMembership",
    "CohortMembershipChange",
    "CompositionRun",
    "CompositionRunTransition",
]
