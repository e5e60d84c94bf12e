"""iCalendar (.ics) documents readable by common calendar apps (RFC 5545, via icalendar)."""

from datetime import datetime, timedelta

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText


def ics_event(
    *,
    uid: str,
    summary: str,
    start: datetime,
    duration: timedelta,
    description: str = "",
    location: str = "",
    url: str = "",
    attendees: list[str] = (),
    method: str = "REQUEST",
    sequence: int = 0,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//essaim//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"{uid}@{settings.SITE_URL.split('://')[-1].split('/')[0]}")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + duration)
    event.add("dtstamp", datetime.now(tz=start.tzinfo))
    event.add("sequence", sequence)
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
    calendar.add_component(event)
    return calendar.to_ical()
