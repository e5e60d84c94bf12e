"""The session planner's rules, without the database: French public holidays (with those of
Alsace-Moselle), series every N weeks that step off holidays, and overlapping time slots.

Plain Python (no ORM): the selectors feed it what they read, the tests call it directly."""

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")
MAX_SERIES = 52
# Local law of Moselle, Bas-Rhin and Haut-Rhin adds Good Friday and 26 December; `holidays`
# names these subdivisions "57" (Moselle) and "6AE" (the European Collectivity of Alsace).
LOCAL_LAW_SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE"}


@functools.cache
def _holidays_of(year: int, subdivision: str | None) -> dict[date, str]:
    return dict(holidays.country_holidays("FR", subdiv=subdivision, years=year, language="fr"))


def holiday_name(day: date, *, department: str | None = None) -> str:
    """The public holiday on `day` ("Lundi de Pâques"), or "" on an ordinary day. `department`
    is the code of the department where the session takes place ("57", "2A"…), if known."""
    subdivision = LOCAL_LAW_SUBDIVISIONS.get(department or "")
    return _holidays_of(day.year, subdivision).get(day, "")


def is_working_day(day: date, *, department: str | None = None) -> bool:
    return day.weekday() < 5 and not holiday_name(day, department=department)


def next_working_day(day: date, *, department: str | None = None) -> date:
    day += timedelta(days=1)
    while not is_working_day(day, department=department):
        day += timedelta(days=1)
    return day


def paris_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=PARIS)


@dataclass(frozen=True)
class ProposedDate:
    day: date
    at: time
    moved_from: date | None = None  # the public holiday the date was moved off
    holiday: str = ""

    @property
    def starts_at(self) -> datetime:
        return paris_datetime(self.day, self.at)


def series_propose(
    *,
    start_date: date,
    weekday: int,
    at: time,
    interval_weeks: int = 2,
    count: int | None = None,
    until: date | None = None,
    department: str | None = None,
) -> list[ProposedDate]:
    """Every `interval_weeks` weeks on `weekday` (0 = Monday) from `start_date`, `count` times or
    until `until`; a date on a public holiday moves to the next working day that is not one."""
    if count is None and until is None:
        raise ValueError("Pass count or until.")
    limit = min(count or MAX_SERIES, MAX_SERIES)
    day = start_date + timedelta(days=(weekday - start_date.weekday()) % 7)
    proposals: list[ProposedDate] = []
    while len(proposals) < limit and (until is None or day <= until):
        name = holiday_name(day, department=department)
        if name:
            moved = next_working_day(day, department=department)
            proposals.append(ProposedDate(moved, at, moved_from=day, holiday=name))
        else:
            proposals.append(ProposedDate(day, at))
        day += timedelta(weeks=interval_weeks)
    return proposals


def overlaps(start: datetime, minutes: int, other_start: datetime, other_minutes: int) -> bool:
    """Two time slots share at least a minute (one ending when the other starts does not)."""
    return other_start < start + timedelta(minutes=minutes) and start < other_start + timedelta(
        minutes=other_minutes
    )
