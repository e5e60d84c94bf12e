"""Private calendar feeds of a user or a cohort: created on request, replaced when revoked."""

from django.db import transaction
from django.utils import timezone

from essaim.accounts.models import User
from essaim.cohorts.models import Cohort
from essaim.core.services import audit_event_record

from ..models import CalendarFeed
from ..selectors import calendar_feed_active


def _owner(user, cohort) -> dict:
    if (user is None) == (cohort is None):
        raise ValueError("Pass a user or a cohort.")
    # Lock the owner so two clicks at once create a single feed.
    model, pk = (User, user.pk) if user is not None else (Cohort, cohort.pk)
    model.objects.select_for_update().filter(pk=pk).first()
    return {"user": user} if user is not None else {"cohort": cohort}


@transaction.atomic
def calendar_feed_create(*, actor, user=None, cohort: Cohort | None = None) -> CalendarFeed:
    """The private feed of a person or a cohort, asked for by someone: the existing one if any."""
    owner = _owner(user, cohort)
    feed = calendar_feed_active(**owner)
    if feed is None:
        feed = CalendarFeed.objects.create(**owner)
        audit_event_record(actor=actor, obj=feed, action="calendar_feed.created")
    return feed


@transaction.atomic
def calendar_feed_renew(
    *, actor, user=None, cohort: Cohort | None = None, reason: str = ""
) -> CalendarFeed:
    """Revoke the address (the old URL answers 404 from now on) and create a new one."""
    owner = _owner(user, cohort)
    revoked = list(CalendarFeed.objects.filter(revoked_at__isnull=True, **owner))
    CalendarFeed.objects.filter(pk__in=[feed.pk for feed in revoked]).update(
        revoked_at=timezone.now()
    )
    for feed in revoked:
        audit_event_record(actor=actor, obj=feed, action="calendar_feed.revoked", reason=reason)
    new = CalendarFeed.objects.create(**owner)
    audit_event_record(actor=actor, obj=new, action="calendar_feed.created", reason=reason)
    return new
