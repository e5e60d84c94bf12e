"""What cohorts tell the apps above them, which it may not import (ARCHITECTURE.md, Layers)."""

from django.dispatch import Signal

# An organisation withdrew from a cohort: sent inside membership_change_status's transaction
# with `membership` and `actor`, so that a receiver's writes commit or roll back with it.
# essaim.sessions rotates the cohort's calendar feed (SessionsConfig.ready).
membership_left = Signal()
