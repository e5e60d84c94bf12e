"""Cohort and session dates show again in their edit forms and survive a save made without
touching them; the planner starts from today's date, shown so the browser can read it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.core.tests.html_forms import form_values
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 3, 2, 10, tzinfo=PARIS)


@pytest.fixture
def scenario(client, role_users):
    scenario = cohort_scenario(role_users)
    client.force_login(scenario["advisor"])
    return scenario


def test_the_cohort_dates_show_and_survive_an_unchanged_save(client, scenario):
    cohort = scenario["cohort"]
    cohort.start_date, cohort.end_date = datetime.date(2026, 9, 14), datetime.date(2027, 3, 1)
    cohort.save()
    url = reverse("cohorts:update", args=[cohort.pk])
    page = client.get(url).content.decode()
    assert 'name="start_date" value="2026-09-14"' in page
    assert 'name="end_date" value="2027-03-01"' in page

    assert client.post(url, form_values(page, containing="start_date")).status_code == 302
    cohort.refresh_from_db()
    assert (cohort.start_date, cohort.end_date) == (
        datetime.date(2026, 9, 14),
        datetime.date(2027, 3, 1),
    )


@time_machine.travel(NOW, tick=False)
def test_a_session_start_shows_in_paris_time_and_survives_an_unchanged_save(client, scenario):
    starts_at = datetime.datetime(2026, 3, 17, 14, 30, tzinfo=PARIS)
    session = SessionFactory(cohort=scenario["cohort"], starts_at=starts_at)
    url = reverse("sessions:session_update", args=[session.pk])
    page = client.get(url).content.decode()
    assert 'name="starts_at" value="2026-03-17T14:30"' in page

    assert client.post(url, form_values(page, containing="starts_at")).status_code == 302
    session.refresh_from_db()
    assert session.starts_at == starts_at


@time_machine.travel(NOW, tick=False)
def test_the_planner_shows_today_as_its_first_date(client, scenario):
    page = client.get(reverse("sessions:session_plan", args=[scenario["cohort"].pk]))
    assert 'name="start_date" value="2026-03-02"' in page.content.decode()
    assert 'type="time" name="at" value="09:30"' in page.content.decode()
