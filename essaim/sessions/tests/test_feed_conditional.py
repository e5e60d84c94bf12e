"""The .ics feeds list a window (six months back, eighteen ahead) and answer 304 to a calendar
app asking again for a feed that did not change (If-None-Match, If-Modified-Since), without
reading the events; any change (a move, a new session, an unregistration, a renamed cohort)
answers 200 with new validators."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.sessions import services
from essaim.sessions.planner import PARIS
from essaim.sessions.tests.factories import ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)  # an ordinary Monday morning
DAY = timedelta(days=1)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scenario(role_users, clock):
    return cohort_scenario(role_users)


def feed_url(scenario, owner: str) -> str:
    """The member's own feed, or the cohort's."""
    if owner == "person":
        feed = services.calendar_feed_create(actor=scenario["member"], user=scenario["member"])
    else:
        feed = services.calendar_feed_create(actor=scenario["advisor"], cohort=scenario["cohort"])
    return reverse("sessions:calendar_feed", args=[feed.token])


def session_at(scenario, when, title):
    """A session of the cohort, the member expected at it."""
    session = SessionFactory(cohort=scenario["cohort"], starts_at=when, title=title)
    ParticipantFactory(session=session, user=scenario["member"])
    return session


def titles(response) -> set[str]:
    assert response.status_code == 200
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.mark.parametrize("owner", ["person", "cohort"])
def test_a_feed_lists_six_months_back_and_eighteen_ahead(client, scenario, owner):
    session_at(scenario, NOW - 190 * DAY, "Trop ancienne")
    session_at(scenario, NOW - 170 * DAY, "Il y a cinq mois")
    session_at(scenario, NOW + 7 * DAY, "La semaine prochaine")
    session_at(scenario, NOW + 540 * DAY, "Dans dix-sept mois")
    session_at(scenario, NOW + 560 * DAY, "Trop lointaine")
    assert titles(client.get(feed_url(scenario, owner))) == {
        "Il y a cinq mois",
        "La semaine prochaine",
        "Dans dix-sept mois",
    }


def test_the_feed_page_says_the_window(client, scenario):
    client.force_login(scenario["member"])
    feed_url(scenario, "person")
    page = client.get(reverse("sessions:my_calendar")).content.decode()
    assert "six derniers mois et des dix-huit mois à venir" in page


@pytest.mark.parametrize("owner", ["person", "cohort"])
def test_an_unchanged_feed_answers_304_without_reading_its_events(
    client, scenario, owner, django_assert_num_queries
):
    session_at(scenario, NOW + 7 * DAY, "Atelier")
    url = feed_url(scenario, owner)
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    # The feed by its token, then one aggregate over the window: no event is read.
    with django_assert_num_queries(2):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = client.get(url, HTTP_IF_NONE_MATCH='"autre"')
    assert titles(other) == {"Atelier"}
    # An app that sends no validator gets the copy rendered for this version.
    with django_assert_num_queries(2):
        plain = client.get(url)
    assert plain.content == other.content


def assert_changed(client, url, before, title):
    """The feed answers 200 with the change, to both kinds of conditional request."""
    for header, value in (
        ("HTTP_IF_NONE_MATCH", before["ETag"]),
        ("HTTP_IF_MODIFIED_SINCE", before["Last-Modified"]),
    ):
        response = client.get(url, **{header: value})
        assert response.status_code == 200, header
        assert response["ETag"] != before["ETag"]
        assert title in response.content.decode()


@pytest.mark.parametrize("owner", ["person", "cohort"])
def test_a_moved_session_or_a_new_one_answers_200(client, scenario, clock, owner):
    session = session_at(scenario, NOW + 7 * DAY, "Atelier")
    url = feed_url(scenario, owner)
    before = client.get(url)
    clock.shift(timedelta(minutes=5))
    services.session_update(actor=scenario["advisor"], session=session, data={"location": "Bayeux"})
    assert_changed(client, url, before, "Bayeux")
    before = client.get(url)
    clock.shift(timedelta(minutes=5))
    session_at(scenario, NOW + 14 * DAY, "Nouvel atelier")
    assert_changed(client, url, before, "Nouvel atelier")


def test_an_unregistration_answers_200(client, scenario, clock):
    """Leaving an open session changes no session: the person's feed still sees it."""
    training = SessionFactory(
        open=True, capacity=10, title="Formation", starts_at=NOW + 10 * DAY, programme=None
    )
    session_at(scenario, NOW + 7 * DAY, "Atelier")
    services.session_register(actor=scenario["member"], session=training)
    url = feed_url(scenario, "person")
    before = client.get(url)
    assert titles(before) == {"Atelier", "Formation"}
    clock.shift(timedelta(minutes=5))
    services.session_unregister(actor=scenario["member"], session=training)
    assert_changed(client, url, before, "Atelier")
    assert titles(client.get(url)) == {"Atelier"}


def test_a_renamed_cohort_answers_200(client, scenario, clock):
    session_at(scenario, NOW + 7 * DAY, "Atelier")
    url = feed_url(scenario, "cohort")
    before = client.get(url)
    clock.shift(timedelta(minutes=5))
    cohort = scenario["cohort"]
    cohort.name = "Cohorte du Bocage"
    cohort.save()
    assert_changed(client, url, before, "Cohorte du Bocage")
