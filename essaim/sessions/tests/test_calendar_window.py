"""Calendar pages list a window of sessions: « Mon agenda » and the programme calendar show the
coming eight weeks, and `?depuis=YYYY-MM` two whole months, past ones included, with links to
the months around. A month that is not one gives the coming weeks and says so, never a 500."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from essaim.applications.models import ApplicationStatus, Interview
from essaim.applications.tests.factories import ApplicationFactory
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.programmes.tests.factories import CallFactory
from essaim.sessions import selectors, services
from essaim.sessions.models import SessionKind
from essaim.sessions.planner import PARIS

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 10, tzinfo=PARIS)  # a Tuesday


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scenario(role_users):
    scenario = cohort_scenario(role_users)
    dates = {
        "Atelier de janvier": datetime(2026, 1, 20, 9, 30, tzinfo=PARIS),
        "Atelier de février": datetime(2026, 2, 24, 9, 30, tzinfo=PARIS),
        "Atelier de ce matin": datetime(2026, 3, 10, 8, 0, tzinfo=PARIS),  # begun: still listed
        "Atelier d'hier": datetime(2026, 3, 9, 9, 30, tzinfo=PARIS),
        "Atelier d'avril": datetime(2026, 4, 14, 9, 30, tzinfo=PARIS),
        "Atelier du 4 mai": datetime(2026, 5, 4, 9, 30, tzinfo=PARIS),  # the eighth week
        "Atelier du 5 mai": datetime(2026, 5, 5, 9, 30, tzinfo=PARIS),  # the ninth
        "Atelier de juin": datetime(2026, 6, 16, 9, 30, tzinfo=PARIS),
        "Atelier de juillet": datetime(2026, 7, 7, 9, 30, tzinfo=PARIS),
    }
    for title, starts_at in dates.items():
        with time_machine.travel(starts_at - timedelta(days=30), tick=False):  # planned ahead
            services.session_create(
                actor=scenario["advisor"],
                kind=SessionKind.WORKSHOP,
                title=title,
                starts_at=starts_at,
                duration_minutes=120,
                location="Caen",
                cohort=scenario["cohort"],
                facilitators=[scenario["expert"]],
            )
    return scenario


def titles(response) -> list[str]:
    return [s.title for _label, sessions in response.context["months"] for s in sessions]


def pages(scenario):
    """(person, address) of each windowed calendar: the facilitator's agenda, the programme's."""
    return [
        (scenario["expert"], reverse("sessions:my_calendar")),
        (
            scenario["advisor"],
            reverse("sessions:programme_calendar", args=[scenario["programme"].slug]),
        ),
    ]


def test_the_default_window_is_the_coming_eight_weeks():
    window = selectors.calendar_window(None, now=NOW)
    assert window.upcoming and not window.error
    assert window.start == NOW - timedelta(hours=12)
    assert window.end == datetime(2026, 5, 5, tzinfo=PARIS)
    assert window.title == "Les 8 semaines à venir, du 10 mars au 4 mai 2026"
    assert (window.previous_param, window.following_param) == ("2026-02", "2026-05")
    assert window.previous_months == "de février à mars 2026"


def test_a_month_asked_for_is_shown_with_the_next():
    window = selectors.calendar_window("2026-12", now=NOW)
    assert not window.upcoming and not window.error
    assert (window.start, window.end) == (
        datetime(2026, 12, 1, tzinfo=PARIS),
        datetime(2027, 2, 1, tzinfo=PARIS),
    )
    assert window.title == "Sessions de décembre 2026 à janvier 2027"
    assert (window.previous_param, window.following_param) == ("2026-10", "2027-02")


@pytest.mark.parametrize("person", [0, 1])
def test_the_pages_list_the_coming_weeks_then_the_months_their_links_lead_to(
    client, scenario, person
):
    user, url = pages(scenario)[person]
    client.force_login(user)
    response = client.get(url)
    assert titles(response) == [
        "Atelier de ce matin",
        "Atelier d'avril",
        "Atelier du 4 mai",
    ]
    page = response.content.decode()
    assert "Les 8 semaines à venir, du 10 mars au 4 mai 2026" in page
    links = dict(re.findall(r'<a href="\?depuis=([\d-]+)">(Mois \w+)', page))
    assert links == {"2026-02": "Mois précédents", "2026-05": "Mois suivants"}

    following = client.get(url, {"depuis": "2026-05"})
    assert titles(following) == ["Atelier du 4 mai", "Atelier du 5 mai", "Atelier de juin"]
    page = following.content.decode()
    assert "Sessions de mai à juin 2026" in page
    assert 'href="?depuis=2026-07">Mois suivants' in page
    assert 'href="?">Revenir aux semaines à venir</a>' in page
    assert titles(client.get(url, {"depuis": "2026-07"})) == ["Atelier de juillet"]

    # The months gone by, the days before this morning included.
    previous = client.get(url, {"depuis": "2026-02"})
    assert titles(previous) == ["Atelier de février", "Atelier d'hier", "Atelier de ce matin"]
    assert titles(client.get(url, {"depuis": "2025-12"})) == ["Atelier de janvier"]
    empty = client.get(url, {"depuis": "2025-10"})
    assert titles(empty) == [] and "Aucune session sur cette période." in empty.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "mars",
        "2026-13",
        "2026-00",
        "2026-3",
        "0001-01",
        "9999-12",
        "2026-03-01",
        "'; DROP",
        "x" * 500,
    ],
)
def test_a_month_that_is_not_one_gives_the_coming_weeks_with_a_message(client, scenario, value):
    for user, url in pages(scenario):
        client.force_login(user)
        response = client.get(url, {"depuis": value})
        assert response.status_code == 200
        assert titles(response)[0] == "Atelier de ce matin"
        page = response.content.decode()
        quoted = escape(value[:20])  # cut short
        assert f"« {quoted} » n&#x27;est pas un mois que l&#x27;agenda peut afficher" in page
        assert "Voici les semaines à venir." in page


def test_no_link_leads_past_ten_years(client, scenario):
    client.force_login(scenario["expert"])
    page = client.get(reverse("sessions:my_calendar"), {"depuis": "2036-11"}).content.decode()
    assert "Mois précédents" in page and "Mois suivants" not in page
    assert "n&#x27;est pas un mois" not in page
    refused = client.get(reverse("sessions:my_calendar"), {"depuis": "2037-01"})
    assert "n&#x27;est pas un mois" in refused.content.decode()


def test_the_former_past_sessions_address_shows_the_months_just_gone_by(client, scenario):
    client.force_login(scenario["advisor"])
    url = reverse("sessions:programme_calendar", args=[scenario["programme"].slug])
    response = client.get(url, {"passees": "1"})
    assert titles(response) == ["Atelier de février", "Atelier d'hier", "Atelier de ce matin"]


def test_a_cancelled_session_is_left_out_of_my_agenda_and_marked_in_the_programme_s(
    client, scenario
):
    session = scenario["cohort"].sessions.get(title="Atelier d'avril")
    services.session_cancel(actor=scenario["advisor"], session=session, reason="Salle fermée")
    client.force_login(scenario["expert"])
    assert "Atelier d'avril" not in titles(client.get(reverse("sessions:my_calendar")))
    client.force_login(scenario["advisor"])
    url = reverse("sessions:programme_calendar", args=[scenario["programme"].slug])
    response = client.get(url)
    assert "Atelier d'avril" in titles(response)
    assert "annulée</span>" in response.content.decode()


def test_interviews_follow_the_agenda_s_window(client, role_users):
    advisor = role_users["advisor"]
    call = CallFactory(programme__operator=advisor.organisations.get())
    soon, later = (
        Interview.objects.create(
            application=ApplicationFactory(call=call, status=ApplicationStatus.INTERVIEW_SCHEDULED),
            scheduled_at=NOW + timedelta(days=days),
            location="Caen",
        )
        for days in (3, 70)
    )
    client.force_login(advisor)
    url = reverse("sessions:my_calendar")
    assert list(client.get(url).context["interviews"]) == [soon]
    assert list(client.get(url, {"depuis": "2026-05"}).context["interviews"]) == [later]
    assert not client.get(url, {"depuis": "2026-01"}).context["interviews"]
