"""The planner's plain rules (no database) and Alsace-Moselle's holidays on the planner page."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.sessions.codev import codev_default_stages, stage_timer
from essaim.sessions.planner import PARIS, holiday_name, overlaps, series_propose
from essaim.territories.models import Commune, Department, Region

GOOD_FRIDAY_2027 = date(2027, 3, 26)
EASTER_MONDAY_2027 = date(2027, 3, 29)


@pytest.mark.parametrize(
    ("department", "expected"),
    [("57", True), ("67", True), ("68", True), ("14", False), ("75", False), (None, False)],
)
def test_good_friday_and_26_december_are_holidays_in_alsace_moselle_only(department, expected):
    friday = holiday_name(GOOD_FRIDAY_2027, department=department)
    boxing_day = holiday_name(date(2027, 12, 26), department=department)
    assert (friday, bool(boxing_day)) == (("Vendredi saint", True) if expected else ("", False))
    # The national holidays hold everywhere.
    assert holiday_name(EASTER_MONDAY_2027, department=department) == "Lundi de Pâques"


def test_a_weekly_friday_series_in_strasbourg_steps_off_good_friday_and_easter_monday():
    def series(department):
        return series_propose(
            start_date=date(2027, 3, 19),
            weekday=4,
            at=time(9, 30),
            interval_weeks=1,
            count=3,
            department=department,
        )

    alsace = series("67")
    # Good Friday moves to the next working day: not Easter Monday, the Tuesday.
    assert [p.day for p in alsace] == [date(2027, 3, 19), date(2027, 3, 30), date(2027, 4, 2)]
    assert (alsace[1].moved_from, alsace[1].holiday) == (GOOD_FRIDAY_2027, "Vendredi saint")
    # Elsewhere in France, 26 March 2027 is an ordinary Friday.
    assert [p.day for p in series("14")] == [date(2027, 3, 19), GOOD_FRIDAY_2027, date(2027, 4, 2)]
    assert not any(p.moved_from for p in series("14"))


def test_time_slots_overlap_when_they_share_a_minute():
    nine = datetime(2027, 3, 2, 9, 0, tzinfo=PARIS)
    assert overlaps(nine, 120, nine + timedelta(minutes=119), 60)
    assert not overlaps(nine, 120, nine + timedelta(minutes=120), 60)  # one ends, the next starts
    assert overlaps(nine + timedelta(minutes=30), 10, nine, 180)  # inside the other


def test_the_codev_timer_counts_down_then_shows_the_overrun():
    started = datetime(2027, 3, 2, 9, 0, tzinfo=PARIS)
    assert [s["minutes"] for s in codev_default_stages()] == [10, 10, 5, 25, 10, 10]
    running = stage_timer(started_at=started, minutes=10, now=started + timedelta(seconds=75))
    assert (running["left_label"], running["seconds_left"], running["overtime"]) == (
        "08:45",
        525,
        False,
    )
    assert running["ends_at_iso"] == "2027-03-02T09:10:00+01:00"
    late = stage_timer(started_at=started, minutes=10, now=started + timedelta(minutes=12))
    assert (late["left_label"], late["seconds_left"], late["overtime"]) == ("00:00", 0, True)


@pytest.mark.django_db
@pytest.mark.parametrize(("department", "moved"), [("67", True), ("14", False)])
def test_the_planner_of_an_operator_based_in_alsace_moves_good_friday(
    client, role_users, department, moved
):
    scenario = cohort_scenario(role_users)
    if department == "67":
        region, _ = Region.objects.get_or_create(code="44", defaults={"name": "Grand Est"})
        bas_rhin, _ = Department.objects.get_or_create(
            code="67", defaults={"name": "Bas-Rhin", "region": region}
        )
        commune = Commune.objects.create(code="67482", name="Strasbourg", department=bas_rhin)
    else:
        commune = Commune.objects.filter(department="14").first()
    operator = scenario["programme"].operator
    operator.head_office_commune = commune
    operator.save(update_fields=["head_office_commune"])
    with time_machine.travel(datetime(2027, 3, 1, 9, tzinfo=PARIS), tick=False):
        client.force_login(scenario["advisor"])
        page = client.post(
            reverse("sessions:session_plan", args=[scenario["cohort"].pk]),
            {
                "kind": "workshop",
                "title": "Atelier collectif",
                "interval_weeks": 1,
                "weekday": 4,
                "at": "09:30",
                "start_date": "2027-03-19",
                "count": 3,
                "until": "",
                "duration_minutes": 180,
                "location": "Maison de l'ESS, Strasbourg",
                "video_url": "",
                "facilitators": [scenario["advisor"].pk],
                "agenda": "",
                "methodology_step": "",
                "action": "propose",
            },
        )
    assert page.status_code == 200
    days = [form.initial["day"] for form, _check in page.context["rows"]]
    if moved:
        assert days == [date(2027, 3, 19), date(2027, 3, 30), date(2027, 4, 2)]
        assert "Vendredi saint" in page.content.decode()
    else:
        assert days == [date(2027, 3, 19), GOOD_FRIDAY_2027, date(2027, 4, 2)]
        assert "Vendredi saint" not in page.content.decode()
