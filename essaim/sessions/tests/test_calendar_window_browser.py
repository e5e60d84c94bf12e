"""In a browser: « Mon agenda » shows the coming weeks; « Mois suivants » leads to a session
planned further ahead and back; a month that is not one is explained. The pages pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.conftest import assert_accessible, sign_in
from essaim.sessions import services
from essaim.sessions.models import SessionKind

pytestmark = pytest.mark.browser


def test_a_member_pages_through_the_months_of_their_agenda(page, role_users):
    scenario = cohort_scenario(role_users)
    for title, days in (("Atelier de la semaine prochaine", 7), ("Atelier lointain", 100)):
        services.session_create(
            actor=scenario["advisor"],
            kind=SessionKind.WORKSHOP,
            title=title,
            starts_at=timezone.now() + timedelta(days=days),
            location="Bayeux",
            cohort=scenario["cohort"],
        )
    sign_in(page, scenario["member"])

    page.goto(f"{page.base_url}/agenda/")
    assert page.get_by_role("link", name="Atelier de la semaine prochaine").is_visible()
    assert page.get_by_role("link", name="Atelier lointain").count() == 0
    assert page.get_by_text("Les 8 semaines à venir").is_visible()
    assert_accessible(page)
    for _ in range(3):  # two months a page: the fourth month after this one at the latest
        if page.get_by_role("link", name="Atelier lointain").count():
            break
        page.get_by_role("link", name="Mois suivants").click()
        page.wait_for_url("**/agenda/?depuis=*")
    assert page.get_by_role("link", name="Atelier lointain").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Revenir aux semaines à venir").click()
    assert page.get_by_role("link", name="Atelier de la semaine prochaine").is_visible()

    page.goto(f"{page.base_url}/agenda/?depuis=9999-99")
    assert page.get_by_role("alert").inner_text().startswith("« 9999-99 » n'est pas un mois")
    assert page.get_by_role("link", name="Atelier de la semaine prochaine").is_visible()
    assert_accessible(page)
