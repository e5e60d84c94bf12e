"""The front door in a real browser: pages render, sign-in works, axe-core finds no violation."""

import pytest

from essaim.accounts.tests.factories import PASSWORD, UserFactory
from essaim.conftest import assert_accessible
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.tests.factories import CallFactory

pytestmark = pytest.mark.browser


def test_home_and_sign_in_are_accessible_and_sign_in_works(page):
    call = CallFactory(title="Appel à candidatures de test")
    user = UserFactory(first_name="Nadia")
    OrganisationFactory()

    page.goto(page.base_url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Accompagner ensemble")
    assert page.get_by_role("link", name=call.title).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Se connecter").click()
    assert_accessible(page)
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/tableau-de-bord/")
    assert "Bonjour Nadia" in page.content()
    assert_accessible(page)


def test_keyboard_users_can_skip_to_the_content(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")


def test_sign_up_and_password_reset_pages_are_accessible(page):
    page.goto(page.base_url + "/comptes/signup/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)
    page.goto(page.base_url + "/comptes/password/reset/")
    assert_accessible(page)


def test_programme_pages_are_accessible_on_a_phone(page):
    from essaim.programmes.tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(name="Programme de test", description="Six mois en collectif.")
    programme.themes.create(name="Numérique")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(page.base_url + "/programmes/")
    page.get_by_role("button", name="Ouvrir le menu").click()
    assert page.get_by_role("link", name="Annuaire").is_visible()
    page.get_by_role("link", name="Programme de test").click()
    assert "Numérique" in page.content()
    assert_accessible(page)
