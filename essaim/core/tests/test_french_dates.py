"""Dates written the French way: « 1er », lower-case months, « d'avril », ranges that read."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from essaim.core.french import (
    date_fr,
    date_range_fr,
    de_month,
    month_fr,
    month_range_fr,
    time_fr,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 12, 1), "1er décembre 2026"),
        (date(2026, 11, 19), "19 novembre 2026"),
        (date(2026, 8, 11), "11 août 2026"),
        (date(2027, 1, 31), "31 janvier 2027"),
    ],
)
def test_a_date_has_its_first_day_as_1er_and_a_lower_case_month(value, expected):
    assert date_fr(value) == expected


def test_weekday_time_and_no_year_variants():
    when = datetime(2026, 12, 1, 14, 30, tzinfo=PARIS)
    assert date_fr(when, weekday=True) == "mardi 1er décembre 2026"
    assert date_fr(when, weekday=True, time=True) == "mardi 1er décembre 2026 à 14 h 30"
    assert date_fr(when, year=False, time=True) == "1er décembre à 14 h 30"
    assert time_fr(datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)) == "9 h"
    assert time_fr(datetime(2026, 12, 1, 9, 5, tzinfo=PARIS)) == "9 h 05"


def test_stored_datetimes_are_shown_in_paris_time():
    # 23:30 UTC on 30 November is already 1 December in Paris (UTC+1 in winter).
    assert date_fr(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), time=True) == (
        "1er décembre 2026 à 0 h 30"
    )


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (4, "d'avril 2026"),
        (8, "d'août 2026"),
        (10, "d'octobre 2026"),
        (5, "de mai 2026"),
        (1, "de janvier 2026"),
        (12, "de décembre 2026"),
    ],
)
def test_de_month_elides_before_a_vowel(month, expected):
    assert de_month(date(2026, month, 1)) == expected
    assert month_fr(date(2026, month, 1)) == expected.split("'")[-1].removeprefix("de ")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2022, 9, 1), date(2022, 9, 15), "du 1er au 15 septembre 2022"),
        (date(2026, 3, 3), date(2026, 4, 4), "du 3 mars au 4 avril 2026"),
        (date(2025, 12, 1), date(2026, 1, 1), "du 1er décembre 2025 au 1er janvier 2026"),
        (date(2026, 3, 3), date(2026, 3, 3), "le 3 mars 2026"),
        (date(2022, 9, 1), None, "à partir du 1er septembre 2022"),
        (None, date(2023, 6, 30), "jusqu'au 30 juin 2023"),
        (None, None, ""),
    ],
)
def test_a_range_of_days_does_not_repeat_the_month_or_year(start, end, expected):
    assert date_range_fr(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2022, 9, 1), date(2023, 6, 30), "de septembre 2022 à juin 2023"),
        (date(2026, 4, 1), date(2026, 6, 30), "d'avril à juin 2026"),
        (date(2026, 5, 4), date(2026, 5, 28), "en mai 2026"),
        (date(2022, 10, 1), None, "à partir d'octobre 2022"),
        (None, date(2023, 6, 30), "jusqu'en juin 2023"),
    ],
)
def test_a_range_of_months_reads_as_a_sentence(start, end, expected):
    assert month_range_fr(start, end) == expected


def render(source: str, **context) -> str:
    return Template("{% load french %}" + source).render(Context(context))


def test_template_filters_say_the_same_and_ignore_empty_values():
    when = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)  # 10 h in Paris (summer time)
    assert render('{{ d|date_fr:"weekday,time" }}', d=when) == "mercredi 1er avril 2026 à 10 h"
    assert render("Sessions {{ d|de_month }}", d=when) == "Sessions d'avril 2026"
    assert render("{{ d|date_fr }}{{ d|time_fr }}{{ d|de_month }}", d=None) == ""
    assert render("{{ a|date_range:b }}", a=date(2022, 9, 1), b=None) == (
        "à partir du 1er septembre 2022"
    )
    assert render("{{ a|month_range:b }}", a=None, b=date(2023, 6, 30)) == "jusqu'en juin 2023"


# --- On the pages and in the e-mails -------------------------------------------------------------


@pytest.mark.django_db
def test_programme_page_gives_cohort_periods_as_sentences(client):
    from essaim.cohorts.tests.factories import CohortFactory
    from essaim.programmes.tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(start_date=date(2026, 4, 1), end_date=date(2027, 3, 31))
    CohortFactory(programme=programme, name="Cohorte 1", start_date=date(2022, 9, 1))
    CohortFactory(
        programme=programme,
        name="Cohorte 2",
        start_date=date(2023, 10, 1),
        end_date=date(2024, 6, 30),
    )
    page = client.get(reverse("programmes:detail", args=[programme.slug])).content.decode()
    assert "Cohorte 1</strong> : à partir de septembre 2022" in page  # was "du septembre 2022"
    assert "Cohorte 2</strong> : d'octobre 2023 à juin 2024" in page
    assert "D'avril 2026 à mars 2027" in page


@pytest.mark.django_db
def test_cohort_and_calendar_pages_write_months_in_french(client, role_users):
    from essaim.cohorts.tests.factories import cohort_scenario
    from essaim.sessions import services as session_services

    scenario = cohort_scenario(role_users)
    cohort = scenario["cohort"]
    cohort.start_date, cohort.end_date = date(2026, 12, 1), date(2026, 12, 15)
    cohort.save(update_fields=["start_date", "end_date"])
    with time_machine.travel(datetime(2026, 3, 20, 9, 0, tzinfo=PARIS), tick=False):
        session_services.session_create(
            actor=scenario["advisor"],
            kind="workshop",
            title="Atelier gouvernance",
            starts_at=datetime(2026, 4, 1, 14, 30, tzinfo=PARIS),
            duration_minutes=120,
            location="Caen",
            cohort=cohort,
            facilitators=[scenario["expert"]],
        )
        client.force_login(scenario["advisor"])
        detail = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
        agenda = client.get(reverse("sessions:cohort_calendar", args=[cohort.pk])).content.decode()
    assert "du 1er au 15 décembre 2026" in detail
    assert "mercredi 1er avril 2026 à 14 h 30" in detail
    assert "Sessions d'avril 2026" in agenda  # was "Sessions de Avril 2026"
    assert "mercredi 1er avril à 14 h 30" in agenda


@pytest.mark.django_db
def test_session_e_mails_say_1er_and_lower_case_months(
    role_users, mailoutbox, django_capture_on_commit_callbacks
):
    from essaim.cohorts.tests.factories import cohort_scenario
    from essaim.sessions import services as session_services

    scenario = cohort_scenario(role_users)
    with (
        time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=PARIS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        session_services.session_create(
            actor=scenario["advisor"],
            kind="workshop",
            title="Atelier gouvernance",
            starts_at=datetime(2026, 12, 1, 9, 0, tzinfo=PARIS),
            duration_minutes=120,
            location="Caen",
            cohort=scenario["cohort"],
            facilitators=[scenario["expert"]],
        )
    message = mailoutbox[0]
    assert "- Date : mardi 1er décembre 2026 à 9 h (120 minutes)" in message.body
    assert "le mardi 1er décembre 2026 à 9 h" in message.subject
