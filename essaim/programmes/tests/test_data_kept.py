"""The advisor's dates show again in the programme and call editors and survive a save made
without touching them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.core.tests.html_forms import form_values
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def advisor(client, role_users):
    client.force_login(role_users["advisor"])
    return role_users["advisor"]


@pytest.fixture
def programme(advisor):
    return ProgrammeFactory(
        operator=advisor.memberships.get(role=Role.ADVISOR).organisation,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 6, 30),
    )


def test_the_programme_dates_show_and_survive_an_unchanged_save(client, programme):
    url = reverse("programmes:update", args=[programme.slug])
    page = client.get(url).content.decode()
    assert 'name="start_date" value="2026-09-01"' in page
    assert 'name="end_date" value="2027-06-30"' in page

    assert client.post(url, form_values(page, containing="start_date")).status_code == 302
    programme.refresh_from_db()
    assert (programme.start_date, programme.end_date) == (
        datetime.date(2026, 9, 1),
        datetime.date(2027, 6, 30),
    )


@time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=PARIS), tick=False)
def test_the_call_calendar_shows_in_paris_time_and_survives_an_unchanged_save(client, programme):
    call = CallFactory(
        programme=programme,
        draft=True,
        opens_at=datetime.datetime(2026, 4, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime.datetime(2026, 5, 15, 18, 30, tzinfo=PARIS),
        selection_date=datetime.date(2026, 6, 5),
        start_date=datetime.date(2026, 9, 14),
    )
    url = reverse("programmes:call_update", args=[call.slug])
    page = client.get(url).content.decode()
    assert 'name="opens_at" value="2026-04-01T09:00"' in page
    assert 'name="closes_at" value="2026-05-15T18:30"' in page
    assert 'name="selection_date" value="2026-06-05"' in page
    assert 'name="start_date" value="2026-09-14"' in page

    assert client.post(url, form_values(page, containing="opens_at")).status_code == 302
    call.refresh_from_db()
    assert call.opens_at == datetime.datetime(2026, 4, 1, 9, 0, tzinfo=PARIS)
    assert call.closes_at == datetime.datetime(2026, 5, 15, 18, 30, tzinfo=PARIS)
    assert call.selection_date == datetime.date(2026, 6, 5)
    assert call.start_date == datetime.date(2026, 9, 14)
