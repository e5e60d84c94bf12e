"""Private calendar feeds of a user or a cohort: created on request, replaced when revoked."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from essaim.accounts.models import User
from essaim.cohorts.models import Cohort
from essaim.core.services import audit_event_record

from ..models import CalendarFeed
from ..selectors import calendar_feed_active


def _owner_lock(user: User | None, cohort: Cohort | None) -> None:
    """Lock the owner (a user or a cohort) so two clicks at once create a single feed."""
    if user is not None and cohort is None:
        User.objects.select_for_update().filter(pk=user.pk).first()
    elif cohort is not None and user is None:
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    else:
        raise ValueError("Pass a user or a cohort.")


def _active(user: User | None, cohort: Cohort | None) -> QuerySet[CalendarFeed]:
    feeds = CalendarFeed.objects.filter(revoked_at__isnull=True)
    return feeds.filter(user=user) if user is not None else feeds.filter(cohort=cohort)


@transaction.atomic
def calendar_feed_create(
    *, actor: User, user: User | None = None, cohort: Cohort | None = None
) -> CalendarFeed:
    """The private feed of a person or a cohort, asked for by someone: the existing one if any."""
    _owner_lock(user, cohort)
    feed = calendar_feed_active(user=user, cohort=cohort)
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, cohort=cohort)
        audit_event_record(actor=actor, obj=feed, action="calendar_feed.created")
    return feed


@transaction.atomic
def calendar_feed_renew(
    *,
    actor: User | None,
    user: User | None = None,
    cohort: Cohort | None = None,
    reason: str = "",
) -> CalendarFeed:
    """Revoke the address (the old URL answers 404 from now on) and create a new one."""
    _owner_lock(user, cohort)
    revoked = list(_active(user, cohort))
    CalendarFeed.objects.filter(pk__in=[feed.pk for feed in revoked]).update(
        revoked_at=timezone.now()
    )
    for feed in revoked:
        audit_event_record(actor=actor, obj=feed, action="calendar_feed.revoked", reason=reason)
    new = CalendarFeed.objects.create(user=user, cohort=cohort)
    audit_event_record(actor=actor, obj=new, action="calendar_feed.created", reason=reason)
    return new
