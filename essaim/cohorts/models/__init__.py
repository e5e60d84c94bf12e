"""Cohorts, their members and status history, composition runs (sessions are their own app)."""

from .cohorts import Cohort, CohortMembership, CohortMembershipChange, CompositionRun

__all__ = ["Cohort", "CohortMembership", "CohortMembershipChange", "CompositionRun"]
