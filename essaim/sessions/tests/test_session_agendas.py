"""Sessions of one organisation (individual diagnosis) and open sessions appear, labelled, on
the cohort page and in the agendas of the people concerned, and only theirs."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from essaim.accounts.models import Role
from essaim.cohorts.tests.factories import CohortFactory, cohort_scenario
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import ProgrammeFactory
from essaim.sessions import services
from essaim.sessions.models import CalendarFeed, SessionKind
from essaim.sessions.planner import PARIS

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 10, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def plan(scenario, title, day, **extra):
    data = {
        "kind": SessionKind.WORKSHOP,
        "title": title,
        "starts_at": datetime(2026, 3, day, 9, 30, tzinfo=PARIS),
        "duration_minutes": 120,
        "location": "Caen",
        "cohort": scenario["cohort"],
        "facilitators": [scenario["advisor"]],
    }
    return services.session_create(actor=scenario["advisor"], **{**data, **extra})


def individual(scenario, title, day, organisation):
    return plan(
        scenario,
        title,
        day,
        kind=SessionKind.INDIVIDUAL_DIAGNOSIS,
        cohort=None,
        organisation=organisation,
        context_cohort=scenario["cohort"],
    )


def open_session(scenario, title, day, **extra):
    return plan(
        scenario,
        title,
        day,
        kind=SessionKind.TRAINING,
        cohort=None,
        context_cohort=scenario["cohort"],
        **extra,
    )


@pytest.fixture
def scenario(role_users):
    scenario = cohort_scenario(role_users)
    plan(scenario, "Atelier de la cohorte", 10)
    individual(scenario, "Diagnostic de ma structure", 11, scenario["member_organisation"])
    individual(scenario, "Diagnostic de la recyclerie", 12, scenario["second"])
    training = open_session(scenario, "Formation paie", 13, capacity=1)
    # An open session of another programme of the same operator: not this cohort's.
    elsewhere = CohortFactory(
        programme=ProgrammeFactory(operator=scenario["programme"].operator), name="Ailleurs"
    )
    plan(
        scenario,
        "Formation d'un autre programme",
        16,
        kind=SessionKind.TRAINING,
        cohort=None,
        context_cohort=elsewhere,
    )
    return scenario | {"training": training}


def test_the_cohort_page_lists_individual_and_open_sessions_for_those_concerned(client, scenario):
    url = reverse("cohorts:detail", args=[scenario["cohort"].pk])
    client.force_login(scenario["member"])
    page = client.get(url).content.decode()
    assert "Atelier de la cohorte" in page
    assert "Diagnostic de ma structure" in page
    assert f"Structure : {scenario['member_organisation'].name}" in page
    assert "Formation paie" in page and "Ouverte aux inscriptions" in page
    assert "0 inscrit pour 1 place" in page
    assert "Diagnostic de la recyclerie" not in page  # another organisation's own session
    assert "Formation d&#x27;un autre programme" not in page

    client.force_login(scenario["advisor"])
    page = client.get(url).content.decode()
    assert "Diagnostic de ma structure" in page and "Diagnostic de la recyclerie" in page
    assert "Formation paie" in page
    assert "Formation d&#x27;un autre programme" not in page


def test_the_cohort_calendar_lists_them_labelled(client, scenario):
    url = reverse("sessions:cohort_calendar", args=[scenario["cohort"].pk])
    client.force_login(scenario["peer"])
    response = client.get(url)
    titles = [s.title for _label, sessions in response.context["months"] for s in sessions]
    assert titles == ["Atelier de la cohorte", "Diagnostic de la recyclerie", "Formation paie"]
    page = response.content.decode()
    assert "Ouverte aux inscriptions (1 place)" in page
    assert "<td>Recyclerie du Bessin</td>" in page


def test_the_programme_calendar_holds_the_open_sessions_and_diagnoses_of_colleagues(
    client, scenario
):
    colleague = MembershipFactory(
        organisation=scenario["programme"].operator, role=Role.ADVISOR
    ).user  # facilitates none of them
    client.force_login(colleague)
    url = reverse("sessions:programme_calendar", args=[scenario["programme"].slug])
    response = client.get(url)
    titles = {s.title for _label, sessions in response.context["months"] for s in sessions}
    assert titles == {
        "Atelier de la cohorte",
        "Diagnostic de ma structure",
        "Diagnostic de la recyclerie",
        "Formation paie",
    }


def test_my_calendar_holds_my_organisation_s_diagnosis_and_the_open_sessions_i_joined(
    client, scenario
):
    training = scenario["training"]
    services.session_register(actor=scenario["peer"], session=training)
    services.session_register(actor=scenario["other_member"], session=training)  # waits
    newcomer = MembershipFactory(organisation=scenario["second"]).user  # after the invitations

    client.force_login(newcomer)
    page = client.get(reverse("sessions:my_calendar")).content.decode()
    assert "Diagnostic de la recyclerie" in page
    assert "Diagnostic de ma structure" not in page
    client.force_login(scenario["other_member"])
    page = client.get(reverse("sessions:my_calendar")).content.decode()
    assert "Formation paie" in page and "vous êtes en liste d'attente" in page
    client.force_login(scenario["peer"])
    page = client.get(reverse("sessions:my_calendar")).content.decode()
    assert "Formation paie" in page and "vous êtes en liste d'attente" not in page

    # The private feed holds the diagnosis, and no session one only waits for.
    feeds = {}
    for person in (newcomer, scenario["other_member"]):
        client.force_login(person)
        client.post(reverse("sessions:my_calendar_feed_create"))
        token = CalendarFeed.objects.get(user=person).token
        feeds[person] = reverse("sessions:calendar_feed", args=[token])
    client.logout()
    summaries = {
        person: {
            str(e["SUMMARY"]) for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")
        }
        for person, url in feeds.items()
    }
    assert summaries[newcomer] == {"Diagnostic de la recyclerie"}
    assert summaries[scenario["other_member"]] == set()


def test_the_cohort_pages_stay_at_a_constant_number_of_queries(
    client, scenario, django_assert_num_queries
):

    def grow(n, start):
        for day in range(start, start + n):
            organisation = OrganisationFactory()
            MembershipFactory(organisation=organisation)
            scenario["cohort"].memberships.create(organisation=organisation)
            individual(scenario, f"Diagnostic {day}", day, organisation)
            plan(
                scenario,
                f"Visite {day}",
                day,
                kind=SessionKind.LEARNING_VISIT,
                cohort=None,
                context_cohort=scenario["cohort"],
            )

    client.force_login(scenario["advisor"])
    urls = [
        reverse("cohorts:detail", args=[scenario["cohort"].pk]),
        reverse("sessions:cohort_calendar", args=[scenario["cohort"].pk]),
    ]
    counts = dict(zip(urls, [13, 9], strict=True))  # the cohort page, its calendar
    for url in urls:
        client.get(url)  # warms what the first visit loads once
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200
    grow(6, 17)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            page = client.get(url).content.decode()
        assert "Diagnostic 22" in page and "Visite 22" in page
