"""Cohort pages and composition (cohorts.py); sessions, attendance, calendars."""
