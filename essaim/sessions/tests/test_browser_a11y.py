"""Sessions for keyboard and screen reader users, in a real browser: the co-development timer can
be paused and hidden and announces only the end of the time; the planner's "Enregistrer" is a few
Tab presses away however many dates it proposes, and its errors open on a summary."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from essaim.accounts.models import Role
from essaim.cohorts.tests.factories import CohortFactory, CohortMembershipFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import ProgrammeFactory
from essaim.sessions import services
from essaim.sessions.models import CodevSession, Session
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.browser

FOCUSED = "el => el === document.activeElement"


@pytest.fixture
def advisor_cohort(reference_data):
    operator = OrganisationFactory(operator=True)
    advisor = MembershipFactory(
        organisation=operator,
        role=Role.ADVISOR,
        user__first_name="Alix",
        user__last_name="Conseil",
    ).user
    cohort = CohortFactory(programme=ProgrammeFactory(operator=operator), name="Cohorte Bessin")
    CohortMembershipFactory(cohort=cohort, organisation=OrganisationFactory())
    return advisor, cohort


def test_the_codev_timer_can_be_paused_and_hidden_and_announces_only_the_end(page, advisor_cohort):
    advisor, cohort = advisor_cohort
    session = SessionFactory(codev=True, now=True, cohort=cohort)
    session.facilitators.add(advisor)
    services.codev_stage_next(actor=advisor, session=session)
    # The first stage (Exposé, 10 minutes) began at 14:00; the browser's clock reads 14:01.
    started = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    CodevSession.objects.filter(session=session).update(stage_started_at=started)
    sign_in(page, advisor)
    page.clock.install(time=started)
    page.clock.pause_at(started + timedelta(minutes=1))  # time moves only when the test says
    page.goto(f"{page.base_url}/sessions/{session.pk}/codeveloppement/")

    display = page.get_by_role("timer")
    status = page.locator("[data-timer-announce]")
    assert display.inner_text() == "09:00"
    assert display.get_attribute("aria-live") == "off"  # the per-second count is not read out

    page.get_by_role("button", name="Mettre le décompte en pause").click()
    page.clock.run_for(5_000)
    assert display.inner_text() == "09:00"
    page.get_by_role("button", name="Reprendre le décompte").click()
    assert display.inner_text() == "08:55"

    page.get_by_role("button", name="Masquer le décompte").click()
    assert not display.is_visible()
    page.get_by_role("button", name="Afficher le décompte").click()
    assert display.is_visible()
    assert status.text_content() == ""

    # The end of the stage's time is announced once, politely.
    page.clock.run_for(9 * 60 * 1000)
    assert display.inner_text() == "écoulé (+00:05)"
    assert status.get_attribute("role") == "status"
    assert status.text_content() == "Temps écoulé pour l'étape 1, Exposé."
    page.clock.resume()  # axe-core waits on timers
    assert_accessible(page)


def test_the_planner_saves_a_long_series_in_a_few_tab_presses(page, advisor_cohort):
    advisor, cohort = advisor_cohort
    sign_in(page, advisor)
    page.goto(f"{page.base_url}/sessions/cohortes/{cohort.pk}/planifier/")

    # A missing title: the summary takes focus and leads to the field.
    page.get_by_label("À partir du").fill((timezone.localdate() + timedelta(days=1)).isoformat())
    page.get_by_label("Nombre de séances").fill("30")
    page.get_by_label("Lieu").fill("Tiers-lieu, Bayeux")
    page.get_by_role("button", name="Proposer les dates").click()
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate(FOCUSED)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.get_by_label("Titre").evaluate(FOCUSED)
    page.keyboard.type("Atelier collectif")
    page.get_by_role("button", name="Proposer les dates").click()
    assert page.get_by_label("Date de la séance 30").is_visible()
    assert_accessible(page)

    # From the last setting, "Enregistrer" comes before the 30 rows of three inputs each (future
    # dates, public holidays already skipped: no confirmation to tick).
    page.get_by_label("Ordre du jour").focus()
    save = page.get_by_role("button", name="Enregistrer les séances gardées")
    presses = 0
    while not save.evaluate(FOCUSED) and presses < 4:
        page.keyboard.press("Tab")
        presses += 1
    assert save.evaluate(FOCUSED), "Enregistrer n'est pas atteint en 4 tabulations"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/agenda/cohortes/{cohort.pk}/")
    assert Session.objects.filter(cohort=cohort).count() == 30
