"""Writes on cohorts: membership.py and composition.py."""
