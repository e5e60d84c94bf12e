"""Cohort pages and composition."""
