"""iCalendar (.ics) documents readable by common calendar apps (RFC 5545, via icalendar).

An invitation is a one-event calendar with an iTIP method; a feed is a calendar of many events.
Both build their events here, so the same session has the same UID in both."""

from datetime import datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from .links import site_host


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
    sequence: int = 0,
    status: str = "",
    last_modified: datetime | None = None,
) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{site_host()}")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + duration)
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
    for address in attendees:
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    return event


def ics_calendar(events, *, method: str = "", name: str = "") -> bytes:
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
    return calendar.to_ical()


def ics_event(*, method: str = "REQUEST", **event) -> bytes:
    """A one-event invitation (METHOD:REQUEST, or CANCEL with status CANCELLED)."""
    return ics_calendar([ics_vevent(**event)], method=method)
