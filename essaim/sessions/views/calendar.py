"""Calendars: "Mon agenda" with its private feed, a cohort's calendar and feed, the programme
calendar for advisors, and the .ics feed that calendar apps fetch without signing in."""

from calendar import timegm
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_GET, require_POST

from essaim.applications import selectors as application_selectors
from essaim.cohorts import policies as cohort_policies
from essaim.core.calendar import ics_calendar, ics_vevent
from essaim.core.links import absolute_url
from essaim.core.policies import ensure, get_visible_or_404
from essaim.programmes import policies as programme_policies

from .. import policies, selectors, services

INTERVIEW_FIELDS = (
    "scheduled_at",
    "location",
    "application__organisation__name",
    "application__call__title",
    "interviewer__first_name",
    "interviewer__last_name",
)
FEED_CACHE_SECONDS = 6 * 3600  # a rendered feed, kept while its version does not change


def _feed_url(request, feed) -> str | None:
    if feed is None:
        return None
    return request.build_absolute_uri(reverse("sessions:calendar_feed", args=[feed.token]))


def my_calendar(request):
    """The person's sessions of the coming weeks, or of the months `?depuis=YYYY-MM` asks for."""
    now = timezone.now()
    window = selectors.calendar_window(request.GET.get("depuis"), now=now)
    feed = selectors.calendar_feed_active(user=request.user)
    # The interviews of the same weeks (none in months gone by: they are held or moved), with
    # what the page says of them rather than whole applications, calls and organisations.
    interviews = (
        application_selectors.upcoming_interviews(request.user, now=max(now, window.start))
        .filter(scheduled_at__lt=window.end)
        .only(*INTERVIEW_FIELDS)
    )
    return render(
        request,
        "sessions/my_calendar.html",
        {
            "feed_url": _feed_url(request, feed),
            "window": window,
            "months": selectors.by_month(selectors.my_agenda(request.user, window)),
            "programmes": programme_policies.managed_programmes(request.user),
            "interviews": interviews,
        },
    )


@require_POST
def my_calendar_feed_create(request):
    services.calendar_feed_create(actor=request.user, user=request.user)
    messages.success(
        request, "Votre adresse d'agenda est créée : ajoutez-la à votre application d'agenda."
    )
    return redirect("sessions:my_calendar")


@require_POST
def my_calendar_renew(request):
    services.calendar_feed_renew(actor=request.user, user=request.user)
    messages.success(
        request,
        "Nouvelle adresse créée : l'ancienne ne fonctionne plus. "
        "Mettez à jour votre application d'agenda.",
    )
    return redirect("sessions:my_calendar")


def cohort_calendar(request, cohort_pk):
    cohort = get_visible_or_404(
        cohort_policies.visible_cohorts(request.user).select_related("programme__operator"),
        pk=cohort_pk,
    )
    can_manage = cohort_policies.can_manage_cohort(request.user, cohort)
    # The cohort's feed is for its managers; members subscribe to their own (it holds their
    # sessions) so that leaving the cohort leaves nothing readable behind.
    feed = selectors.calendar_feed_active(cohort=cohort) if can_manage else None
    sessions = selectors.cohort_agenda(cohort, policies.visible_sessions(request.user))
    sessions = selectors.agenda_list(
        selectors.with_attendance_counts(sessions.order_by("starts_at", "pk"))
    )
    return render(
        request,
        "sessions/cohort_calendar.html",
        {
            "cohort": cohort,
            "can_manage": can_manage,
            "feed_url": _feed_url(request, feed),
            "months": selectors.by_month(sessions),
            "now": timezone.now(),
        },
    )


def _managed_cohort(request, cohort_pk):
    cohort = get_visible_or_404(cohort_policies.visible_cohorts(request.user), pk=cohort_pk)
    ensure(cohort_policies.can_manage_cohort(request.user, cohort))
    return cohort


@require_POST
def cohort_calendar_feed_create(request, cohort_pk):
    cohort = _managed_cohort(request, cohort_pk)
    services.calendar_feed_create(actor=request.user, cohort=cohort)
    messages.success(request, "L'adresse d'agenda de la cohorte est créée.")
    return redirect("sessions:cohort_calendar", cohort.pk)


@require_POST
def cohort_calendar_renew(request, cohort_pk):
    cohort = _managed_cohort(request, cohort_pk)
    services.calendar_feed_renew(actor=request.user, cohort=cohort)
    messages.success(request, "Nouvelle adresse créée : l'ancienne ne fonctionne plus.")
    return redirect("sessions:cohort_calendar", cohort.pk)


def programme_calendar(request, slug):
    """The sessions of a programme the advisor runs, month by month, over the coming weeks or
    the months `?depuis=YYYY-MM` asks for."""
    programme = get_visible_or_404(
        programme_policies.visible_programmes(request.user).select_related("operator"), slug=slug
    )
    cohorts = cohort_policies.managed_cohorts(request.user).filter(programme=programme)
    ensure(programme_policies.can_manage_programme(request.user, programme) or cohorts.exists())
    now = timezone.now()
    window = selectors.calendar_window(request.GET.get("depuis"), now=now)
    if "depuis" not in request.GET and request.GET.get("passees"):
        # The former « sessions passées » address (bookmarks): the months just gone by.
        window = selectors.calendar_window(window.previous_param, now=now)
    sessions = selectors.programme_agenda(
        policies.managed_sessions(request.user), programme, window
    )
    return render(
        request,
        "sessions/programme_calendar.html",
        {
            "programme": programme,
            "cohorts": cohorts.order_by("name"),
            "window": window,
            "months": selectors.by_month(sessions),
            "now": now,
        },
    )


# --- The feed -------------------------------------------------------------------------------------


def _feed_ics(sessions, *, name: str) -> bytes:
    """All the sessions of a feed; UIDs are those of the invitations (core.calendar)."""
    events = []
    for session in sessions:
        lines = [session.get_kind_display()]
        if session.cohort_id:
            lines.append(f"Cohorte : {session.cohort.name}")
        if session.organisation_id:
            lines.append(f"Structure : {session.organisation.name}")
        if session.video_url:
            lines.append(f"Visioconférence : {session.video_url}")
        events.append(
            ics_vevent(
                uid=f"session-{session.pk}",
                summary=session.title,
                start=session.starts_at,
                duration=timedelta(minutes=session.duration_minutes),
                description="\n".join(lines),
                location=session.location or session.video_url,
                url=absolute_url("sessions:session_detail", session.pk),
                sequence=session.sequence,
                status="CANCELLED" if session.is_cancelled else "CONFIRMED",
                last_modified=session.updated_at,
            )
        )
    return ics_calendar(events, name=name)


@login_not_required  # calendar apps fetch the feed without signing in: the token is the key
@require_GET
def calendar_feed(request, token):
    """The .ics feed, with ETag and Last-Modified: a calendar app that asks again (every few
    minutes or hours) for an unchanged feed gets 304, its events neither read nor rendered."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    sessions = selectors.calendar_feed_sessions(feed, now=timezone.now())
    version = selectors.calendar_feed_version(feed, sessions)
    etag = quote_etag(version.etag)
    modified = timegm(version.last_modified.utctimetuple()) if version.last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        # The same version renders the same events: an app that sends no validator, or a second
        # app on the same address, gets the rendered copy (the token keeps feeds apart).
        key = f"calendar-feed:{feed.token}:{version.etag}"
        body = cache.get(key)
        if body is None:
            name = "essaim — mon agenda" if feed.user_id else f"essaim — {feed.cohort.name}"
            body = _feed_ics(sessions, name=name)
            cache.set(key, body, FEED_CACHE_SECONDS)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
