"""The legal form and NAF pickers of the organisation form: searchable with the keyboard alone."""

import pytest

from essaim.accounts.tests.factories import UserFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.models import Organisation

pytestmark = pytest.mark.browser


def test_a_member_finds_a_legal_form_and_a_naf_code_by_typing(page):
    sign_in(page, UserFactory())
    page.goto(page.base_url + "/structures/nouvelle/")
    page.get_by_label("Nom").fill("Cuisine des Quatre Saisons")
    page.get_by_label("SIRET du siège").fill("732 829 320 00074")

    # Common ESS forms are offered first, before typing anything.
    legal_form = page.get_by_role("combobox", name="Forme juridique")
    legal_form.focus()
    page.keyboard.press("ArrowDown")
    listbox = page.get_by_role("listbox", name="Forme juridique")
    options = listbox.get_by_role("option")
    assert options.first.inner_text() == "— Choisir —"  # to clear a choice
    assert options.nth(1).inner_text() == ("Association déclarée – association loi 1901 (9220)")
    assert "Formes les plus courantes dans l'ESS" in listbox.inner_text()
    assert_accessible(page)

    # Words of what people call it (a SCOP), then Enter.
    legal_form.focus()
    page.keyboard.type("scop directoire")
    options = page.get_by_role("listbox", name="Forme juridique").get_by_role("option")
    options.filter(has_text="Association").first.wait_for(state="detached")
    assert options.all_inner_texts() == [
        "SA coopérative de production (SCOP) à directoire – SCOP SA (5658)"
    ]
    page.keyboard.press("Enter")

    naf = page.get_by_role("combobox", name="Secteur (code NAF)")
    naf.focus()
    page.keyboard.type("56.10A")
    page.get_by_role("option", name="56.10A — Restauration traditionnelle").wait_for()
    page.keyboard.press("Enter")

    commune = page.get_by_label("Commune du siège")
    commune.press_sequentially("Cae", delay=50)
    option = page.locator("#id_head_office_commune-options option").first
    option.wait_for(state="attached")
    commune.fill(option.get_attribute("value"))
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/structures/cuisine-des-quatre-saisons/")

    organisation = Organisation.objects.get(slug="cuisine-des-quatre-saisons")
    assert organisation.legal_form_id == "5658"
    assert organisation.naf_code_id == "56.10A"

    # Editing shows the saved choices in the pickers.
    page.get_by_role("link", name="Modifier la fiche").click()
    assert (
        "SA coopérative de production (SCOP) à directoire"
        in page.locator("#id_legal_form-ts-control").locator("xpath=..").inner_text()
    )
    assert_accessible(page)
