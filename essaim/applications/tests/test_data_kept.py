"""Answers show again as entered and survive a save made without touching them; a number
question refuses a negative number."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from essaim.applications.models import ApplicationStatus, Interview
from essaim.applications.tests.factories import ApplicationFactory
from essaim.core.tests.html_forms import form_values
from essaim.programmes.models import QuestionKind
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def answers(client, role_users):
    """A member's draft with a date and a number question, answered; the member is signed in."""
    member = role_users["member"]
    call = CallFactory()
    founded = call.questions.create(order=1, label="Date du projet", kind=QuestionKind.DATE)
    volunteers = call.questions.create(order=2, label="Bénévoles", kind=QuestionKind.NUMBER)
    application = ApplicationFactory(
        call=call,
        organisation=member.organisations.get(),
        answers={founded.key: "2019-03-15", volunteers.key: 12},
    )
    client.force_login(member)
    return {
        "application": application,
        "date": founded.key,
        "number": volunteers.key,
        "url": reverse("applications:edit_step", args=[application.pk, "questions"]),
    }


def test_answers_show_and_survive_an_unchanged_save(client, answers):
    page = client.get(answers["url"]).content.decode()
    assert f'type="date" name="{answers["date"]}" value="2019-03-15"' in page
    assert f'name="{answers["number"]}" value="12"' in page

    response = client.post(answers["url"], form_values(page, containing=answers["date"]))
    assert response.status_code == 302
    answers["application"].refresh_from_db()
    assert answers["application"].answers == {answers["date"]: "2019-03-15", answers["number"]: 12}


def test_a_negative_number_is_refused_next_to_the_question(client, answers):
    page = client.get(answers["url"]).content.decode()
    assert re.search(rf'<input type="number" name="{answers["number"]}"[^>]* min="0"', page)
    data = form_values(page, containing=answers["number"]) | {answers["number"]: ["-3"]}

    response = client.post(answers["url"], data)

    assert response.status_code == 400
    assert response.context["form"].errors[answers["number"]] == [
        "Indiquez un nombre positif ou nul."
    ]
    answers["application"].refresh_from_db()
    assert answers["application"].answers[answers["number"]] == 12


@time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=PARIS), tick=False)
def test_a_scheduled_interview_shows_its_date_to_reschedule(client, role_users):
    advisor = role_users["advisor"]
    programme = ProgrammeFactory(operator=advisor.organisations.get())
    application = ApplicationFactory(
        call=CallFactory(programme=programme),
        status=ApplicationStatus.INTERVIEW_SCHEDULED,
        submitted_at=datetime.datetime(2026, 2, 20, tzinfo=PARIS),
    )
    Interview.objects.create(
        application=application,
        scheduled_at=datetime.datetime(2026, 3, 10, 14, 0, tzinfo=PARIS),
        interviewer=advisor,
    )
    client.force_login(advisor)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert 'name="scheduled_at" value="2026-03-10T14:00"' in page
