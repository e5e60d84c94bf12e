"""French dates in templates ({% load french %}), the same words as e-mails (core/french.py).

{{ d|date_fr }}                      1er décembre 2026
{{ d|date_fr:"weekday" }}            lundi 1er décembre 2026
{{ d|date_fr:"weekday,time" }}       lundi 1er décembre 2026 à 14 h 30
{{ d|date_fr:"noyear,time" }}        1er décembre à 14 h 30
{{ d|time_fr }}                      14 h 30
{{ d|month_fr }}  {{ d|de_month }}   avril 2026   d'avril 2026
{{ start|date_range:end }}           du 1er au 15 septembre 2022
{{ start|month_range:end }}          de septembre 2022 à juin 2023
"""

import functools
from datetime import date, datetime

from django import template
from django.utils.safestring import mark_safe

from essaim.core import french

register = template.Library()
DATE_OPTIONS = {"weekday", "time", "noyear"}


def words(function):
    """Register a filter whose text is only digits and the fixed words of core/french.py: nothing
    to escape, so « d'avril » stays an apostrophe in the HTML instead of « d&#x27;avril »."""

    @functools.wraps(function)
    def wrapper(*args):
        return mark_safe(function(*args))  # noqa: S308 - see the docstring

    return register.filter(function.__name__, wrapper)


@words
def date_fr(value, options: str = "") -> str:
    if not isinstance(value, date):
        return ""
    flags = {flag.strip() for flag in options.split(",") if flag.strip()}
    if flags - DATE_OPTIONS:
        raise template.TemplateSyntaxError(f"date_fr: options among {sorted(DATE_OPTIONS)}")
    return french.date_fr(
        value, weekday="weekday" in flags, year="noyear" not in flags, time="time" in flags
    )


@words
def time_fr(value) -> str:
    return french.time_fr(value) if isinstance(value, datetime) else ""


@words
def month_fr(value) -> str:
    return french.month_fr(value) if isinstance(value, date) else ""


@words
def de_month(value) -> str:
    return french.de_month(value) if isinstance(value, date) else ""


@words
def date_range(start, end) -> str:
    return french.date_range_fr(start or None, end or None)


@words
def month_range(start, end) -> str:
    return french.month_range_fr(start or None, end or None)
