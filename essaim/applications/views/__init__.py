"""Applicant pages (applicant.py) and the screening side for advisors and experts (screening.py)."""
