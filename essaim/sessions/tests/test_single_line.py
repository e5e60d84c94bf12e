"""A session's title is one line: it goes into the subject of every invitation and reminder."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.core.tests.html_forms import form_values
from essaim.sessions.services import session_update
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MESSAGE = "Ce champ tient sur une seule ligne"


@pytest.fixture
def scenario(client, role_users):
    scenario = cohort_scenario(role_users)
    client.force_login(scenario["advisor"])
    return scenario


@time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=PARIS), tick=False)
@pytest.mark.parametrize("title", ["Atelier\nBcc: tous@exemple.fr", "Atelier\u202e gouvernance"])
def test_a_session_title_on_two_lines_is_refused(client, scenario, title):
    session = SessionFactory(
        cohort=scenario["cohort"], starts_at=datetime.datetime(2026, 3, 17, 14, tzinfo=PARIS)
    )
    url = reverse("sessions:session_update", args=[session.pk])
    data = form_values(client.get(url).content.decode(), containing="title") | {"title": [title]}

    response = client.post(url, data)

    assert MESSAGE in response.context["form"].errors["title"][0]
    session.refresh_from_db()
    assert session.title != title


@time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=PARIS), tick=False)
def test_the_planner_refuses_a_title_on_two_lines(client, scenario):
    url = reverse("sessions:session_plan", args=[scenario["cohort"].pk])
    data = form_values(client.get(url).content.decode(), containing="title") | {
        "title": ["Atelier\nde gouvernance"]
    }

    response = client.post(url, data)

    assert MESSAGE in response.context["form"].errors["title"][0]
    assert not scenario["cohort"].sessions.exists()


def test_the_service_refuses_it_too(scenario):
    session = SessionFactory(cohort=scenario["cohort"])
    with pytest.raises(ValidationError) as refused:
        session_update(
            actor=scenario["advisor"],
            session=session,
            data={"title": "Atelier\nBcc: tous@exemple.fr"},
        )
    assert MESSAGE in " ".join(refused.value.messages)
