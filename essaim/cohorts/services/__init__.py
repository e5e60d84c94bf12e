"""Writes on cohorts: membership and composition (membership.py, composition.py), sessions and attendance (sessions.py, attendance.py)."""
