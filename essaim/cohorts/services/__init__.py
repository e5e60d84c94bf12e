"""Writes on cohorts: membership.py and composition.py; sessions.py and attendance.py."""
