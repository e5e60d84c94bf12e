"""Private calendar feeds of a user or a cohort."""

from django.db import transaction
from django.utils import timezone

from essaim.accounts.models import User
from essaim.core.services import audit_event_record

from ...models import (
    CalendarFeed,
    Cohort,
)

# --- Calendar feeds -------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_get_or_create(*, actor, user=None, cohort: Cohort | None = None) -> CalendarFeed:
    """The active private feed of a person or a cohort, created on first use."""
    if (user is None) == (cohort is None):
        raise ValueError("Pass a user or a cohort.")
    owner = {"user": user} if user is not None else {"cohort": cohort}
    # Lock the owner so two first visits at once create a single feed.
    (User if user is not None else Cohort).objects.select_for_update().filter(
        pk=(user or cohort).pk
    ).first()
    feed = (
        CalendarFeed.objects.filter(revoked_at__isnull=True, **owner)
        .order_by("-created_at")
        .first()
    )
    if feed is None:
        feed = CalendarFeed.objects.create(**owner)
        audit_event_record(actor=actor, obj=feed, action="calendar_feed.created")
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor, feed: CalendarFeed) -> CalendarFeed:
    """Revoke the address (the old URL answers 404 from now on) and create a new one."""
    now = timezone.now()
    CalendarFeed.objects.filter(
        user_id=feed.user_id, cohort_id=feed.cohort_id, revoked_at__isnull=True
    ).update(revoked_at=now)
    audit_event_record(actor=actor, obj=feed, action="calendar_feed.revoked")
    new = CalendarFeed.objects.create(user_id=feed.user_id, cohort_id=feed.cohort_id)
    audit_event_record(actor=actor, obj=new, action="calendar_feed.created")
    return new
