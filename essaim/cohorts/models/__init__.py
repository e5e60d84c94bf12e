"""Cohorts (composition, membership) in cohorts.py; sessions and attendance in sessions.py."""

from .cohorts import Cohort, CohortMembership, CohortMembershipChange, CompositionRun
from .sessions import (
    OPEN_KINDS,
    Attendance,
    CalendarFeed,
    CodevSession,
    Participant,
    Session,
    SessionDocument,
    SessionKind,
)

__all__ = [
    "OPEN_KINDS",
    "Attendance",
    "CalendarFeed",
    "CodevSession",
    "Cohort",
    "CohortMembership",
    "CohortMembershipChange",
    "CompositionRun",
    "Participant",
    "Session",
    "SessionDocument",
    "SessionKind",
]
