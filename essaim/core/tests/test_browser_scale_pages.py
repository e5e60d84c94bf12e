"""The pages national scale brought, in a browser with axe-core: the home page's links to the
open calls and the programmes (followed with the keyboard alone), the directory's messages for
a search without letters and for a page past the last one, and a cancelled session's
co-development page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.models import CallStatus
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory
from essaim.sessions import services
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.browser


def press_until_focused(page, name, limit=60):
    """Tab through the page until the link named `name` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"« {name} » never received the focus")


def test_the_home_page_leads_to_every_open_call_and_programme_by_keyboard(page):
    now = timezone.now()
    for n in range(14):
        programme = ProgrammeFactory(is_published=True, name=f"Programme {n:02d}")
        CallFactory(
            programme=programme,
            title=f"Appel {n:02d}",
            status=CallStatus.PUBLISHED,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=10 + n),
        )

    page.goto(page.base_url + "/")
    assert_accessible(page)
    press_until_focused(page, "Voir tous les appels ouverts")
    page.keyboard.press("Enter")
    page.wait_for_url("**/programmes/appels/**")
    assert "Appel 13" in page.content()  # beyond the twelve of the home page
    assert_accessible(page)

    page.goto(page.base_url + "/")
    press_until_focused(page, "Voir tous les programmes")
    page.keyboard.press("Enter")
    page.wait_for_url("**/programmes/")
    assert "Programme 13" in page.content()
    assert_accessible(page)


def test_the_directory_explains_a_search_without_letters_and_a_page_too_deep(page):
    OrganisationFactory(name="Recyclerie du Bocage")
    page.goto(page.base_url + "/structures/?q=%27%26%7C%21")
    assert "Saisissez des lettres ou des chiffres" in page.content()
    assert_accessible(page)
    page.goto(page.base_url + "/structures/?page=51")
    assert "Affinez votre recherche." in page.content()
    assert_accessible(page)


def test_a_cancelled_sessions_codev_page_says_so(page, role_users):
    scenario = cohort_scenario(role_users)
    codev = SessionFactory(codev=True, cohort=scenario["cohort"], title="Co-développement n° 1")
    services.session_cancel(actor=scenario["advisor"], session=codev, reason="Salle fermée")
    sign_in(page, scenario["advisor"])
    page.goto(f"{page.base_url}/sessions/{codev.pk}/codeveloppement/")
    assert "Cette session est annulée" in page.content()
    assert page.get_by_role("button", name="Enregistrer").count() == 0
    assert_accessible(page)
