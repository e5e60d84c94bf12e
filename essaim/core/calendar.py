"""iCalendar (.ics) documents readable by common calendar apps (RFC 5545, via icalendar).

An invitation is a one-event calendar with an iTIP method; a feed is a calendar of many events.
Both build their events here, so the same session has the same UID in both."""

from datetime import date, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from .links import site_host, site_name

PARIS = ZoneInfo("Europe/Paris")


def ics_vevent(
    *,
    uid: str,
    summary: str,
    start: datetime,
    duration: timedelta,
    description: str = "",
    location: str = "",
    url: str = "",
    attendees=(),
    organizer: str = "",
    sequence: int = 0,
    status: str = "",
    last_modified: datetime | None = None,
) -> Event:
    """`organizer` is the name shown as the organiser (the programme's operator, say); replies
    go to the platform's sender address, as with its e-mails. `sequence` is the revision the
    event's row keeps (`Session.sequence`, `Interview.sequence`): a calendar app applies an update
    only if it is higher than the one it holds."""
    event = Event()
    event.add("uid", f"{uid}@{site_host()}")
    event.add("summary", summary)
    # In Paris time with its VTIMEZONE (added by ics_calendar), as the session was planned.
    event.add("dtstart", start.astimezone(PARIS))
    event.add("dtend", (start + duration).astimezone(PARIS))
    event.add("dtstamp", datetime.now(tz=start.tzinfo))
    if last_modified is not None:
        event.add("last-modified", last_modified)
    event.add("sequence", sequence)
    if status:
        event.add("status", status)
    if description:
        event.add("description", description)
    if location:
        event["location"] = vText(location)
    if url:
        event.add("url", url)
    sender = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    sender.params["CN"] = vText(organizer or site_name())
    event.add("organizer", sender, encode=0)
    for address in attendees:
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    return event


def ics_calendar(events, *, method: str = "", name: str = "") -> bytes:
    events = list(events)
    calendar = Calendar()
    calendar.add("prodid", "-//essaim//FR")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Paris")
    for event in events:
        calendar.add_component(event)
    years = [event.DTSTART.year for event in events]
    if years:
        # Europe/Paris from the rules of the zoneinfo database, over the years the events span
        # (and the next, for an event moved later): a few lines instead of every year since 1970.
        calendar.add_missing_timezones(
            first_date=date(min(years), 1, 1), last_date=date(max(years) + 2, 1, 1)
        )
    return calendar.to_ical()


def ics_event(*, method: str = "REQUEST", **event) -> bytes:
    """A one-event invitation (METHOD:REQUEST, or CANCEL with status CANCELLED)."""
    return ics_calendar([ics_vevent(**event)], method=method)
