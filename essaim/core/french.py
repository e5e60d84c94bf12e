"""Dates written the French way, for pages, e-mails and PDFs: « lundi 1er décembre 2026 à 14 h 30 ».

Django's `date` filter writes "1 décembre" (no ordinal), "19 Nov" for `M` and cannot elide "de"
before "avril". The names are spelled here rather than taken from the active translation: the
interface is French only, and e-mails rendered by a task or a command must read the same.
Datetimes are shown in Paris time, where every programme takes place.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _local(value: date) -> date:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value, PARIS)
    return value


def _day(value: date | None) -> date | None:
    """The calendar day (in Paris) of a date or datetime: ranges are counted in days."""
    if value is None:
        return None
    value = _local(value)
    return value.date() if isinstance(value, datetime) else value


def elide(word: str, following: str) -> str:
    """« de » + « avril » → « d'avril »; « de » + « mai » → « de mai »."""
    if word.endswith("e") and following[:1].lower() in "aàâeéèêiîoôuû":
        return f"{word[:-1]}'{following}"
    return f"{word} {following}"


def day_fr(day: int) -> str:
    """The first day of a month is « 1er »."""
    return "1er" if day == 1 else str(day)


def month_fr(value: date, *, year: bool = True) -> str:
    """« avril 2026 », lower-case as French writes months."""
    value = _local(value)
    name = MONTHS[value.month - 1]
    return f"{name} {value.year}" if year else name


def de_month(value: date, *, year: bool = True) -> str:
    """« d'avril 2026 », « de mai 2026 »: for « Sessions d'avril », « à partir de mai »."""
    return elide("de", month_fr(value, year=year))


def time_fr(value: datetime) -> str:
    """« 14 h 30 », « 9 h » on the hour."""
    value = _local(value)
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


def date_fr(value: date, *, weekday: bool = False, year: bool = True, time: bool = False) -> str:
    """« 1er décembre 2026 »; with weekday « lundi 1er décembre 2026 »; with time « … à 14 h »."""
    value = _local(value)
    text = f"{day_fr(value.day)} {month_fr(value, year=year)}"
    if weekday:
        text = f"{WEEKDAYS[value.weekday()]} {text}"
    if time and isinstance(value, datetime):
        text = f"{text} à {time_fr(value)}"
    return text


def date_range_fr(start: date | None, end: date | None) -> str:
    """« du 1er au 15 septembre 2022 », « du 3 mars au 4 avril 2026 », « à partir du 1er mai 2026 »,
    « jusqu'au 30 juin 2023 », « le 3 mars 2026 » (one day); the year and month are not repeated."""
    start, end = _day(start), _day(end)
    if start and end:
        if start == end:
            return f"le {date_fr(start)}"
        if (start.year, start.month) == (end.year, end.month):
            return f"du {day_fr(start.day)} au {date_fr(end)}"
        return f"du {date_fr(start, year=start.year != end.year)} au {date_fr(end)}"
    if start:
        return f"à partir du {date_fr(start)}"
    if end:
        return f"jusqu'au {date_fr(end)}"
    return ""


def month_range_fr(start: date | None, end: date | None) -> str:
    """« de septembre 2022 à juin 2023 », « d'avril à juin 2026 », « en mai 2026 » (one month),
    « à partir d'octobre 2022 », « jusqu'en juin 2023 »."""
    start, end = _day(start), _day(end)
    if start and end:
        if (start.year, start.month) == (end.year, end.month):
            return f"en {month_fr(end)}"
        return f"{de_month(start, year=start.year != end.year)} à {month_fr(end)}"
    if start:
        return f"à partir {de_month(start)}"
    if end:
        return f"jusqu'en {month_fr(end)}"
    return ""
