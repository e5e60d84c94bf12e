"""Create and edit an organisation in a real browser, with the commune picker and axe-core."""

import pytest

from essaim.accounts.tests.factories import UserFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.models import Organisation

pytestmark = pytest.mark.browser


def test_a_member_creates_then_edits_an_organisation(page):
    user = UserFactory()
    sign_in(page, user)
    page.get_by_role("link", name="Créer la fiche d'une structure").click()
    assert_accessible(page)

    page.get_by_label("Nom").fill("Atelier vélo solidaire")
    page.get_by_label("SIRET du siège").fill("73282932000079")  # wrong check digit
    page.get_by_role("combobox", name="Forme juridique").fill("9220")
    page.keyboard.press("Enter")
    commune = page.get_by_label("Commune du siège")
    commune.press_sequentially("Cae", delay=50)
    option = page.locator("#id_head_office_commune-options option").first
    option.wait_for(state="attached")
    commune.fill(option.get_attribute("value"))
    page.get_by_label("Salariés (ETP)").fill("3")
    page.get_by_role("button", name="Enregistrer").click()

    # Refused next to the field, everything else kept.
    assert "clé de contrôle est fausse" in page.locator("#id_siret_error").inner_text()
    assert page.get_by_label("Nom").input_value() == "Atelier vélo solidaire"
    assert page.get_by_label("Commune du siège").input_value().startswith("Caen")
    assert_accessible(page)

    page.get_by_label("SIRET du siège").fill("732 829 320 00074")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/structures/atelier-velo-solidaire/")
    assert "a été créée" in page.content()
    assert "Calvados (14), Normandie" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Modifier la fiche").click()
    page.get_by_label("Bénévoles").fill("25")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/structures/atelier-velo-solidaire/")
    assert Organisation.objects.get(slug="atelier-velo-solidaire").volunteers == 25

    page.goto(page.base_url + "/structures/")
    assert page.get_by_role("link", name="Atelier vélo solidaire").is_visible()
    assert_accessible(page)
