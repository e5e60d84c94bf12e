"""Session pages (sessions.py) and calendars (calendar.py)."""
