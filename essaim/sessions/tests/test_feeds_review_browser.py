"""In a browser: « Mon agenda » offers to create the private address instead of making one on
sight; a member on the cohort's agenda is sent to their own; the pages pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.conftest import assert_accessible, sign_in
from essaim.sessions import services
from essaim.sessions.models import CalendarFeed, SessionKind

pytestmark = pytest.mark.browser


def test_a_member_creates_their_address_and_follows_the_cohort_through_it(page, role_users):
    scenario = cohort_scenario(role_users)
    services.session_create(
        actor=scenario["advisor"],
        kind=SessionKind.WORKSHOP,
        title="Atelier gouvernance",
        starts_at=timezone.now() + timedelta(days=7),
        location="Bayeux",
        cohort=scenario["cohort"],
    )
    sign_in(page, scenario["member"])

    page.goto(f"{page.base_url}/agenda/cohortes/{scenario['cohort'].pk}/")
    assert page.get_by_role("link", name="Atelier gouvernance").is_visible()
    assert page.get_by_label("Adresse de l'agenda").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="votre agenda personnel").click()

    page.wait_for_url("**/agenda/")
    assert not CalendarFeed.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Créer mon adresse d'agenda").click()
    address = page.get_by_label("Adresse de l'agenda").input_value()
    feed = CalendarFeed.objects.get(user=scenario["member"])
    assert address.endswith(f"/agenda/flux/{feed.token}.ics")
    assert "Votre adresse d'agenda est créée" in page.content()
    assert_accessible(page)
