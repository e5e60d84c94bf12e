"""The call editor's eligibility criteria in a real browser: choosing a rule shows its own
fields only, codes are picked by typing, and the call stores the rule's parameters."""

import pytest
from playwright.sync_api import expect

from essaim.accounts.models import Role
from essaim.conftest import assert_accessible, sign_in
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.browser


def test_an_advisor_sets_a_rule_with_its_own_fields(page, role_users):
    advisor = role_users["advisor"]
    programme = ProgrammeFactory(operator=advisor.memberships.get(role=Role.ADVISOR).organisation)
    call = CallFactory(programme=programme, draft=True, title="Appel DLA")
    page.emulate_media(reduced_motion="reduce")
    sign_in(page, advisor)
    page.goto(f"{page.base_url}/programmes/appels/{call.slug}/modifier/")

    criterion = page.get_by_role("group", name="Critère 1 (nouvelle ligne)")
    territory = criterion.get_by_role(
        "group", name="Paramètres de la règle « Siège dans un territoire »"
    )
    legal = criterion.get_by_role(
        "group", name="Paramètres de la règle « Formes juridiques acceptées »"
    )
    assert not territory.is_visible() and not legal.is_visible()  # manual check: no parameter
    assert_accessible(page)

    page.locator("#id_criteria-0-label").fill("Associations et SCOP")
    page.locator("#id_criteria-0-rule_type").select_option("legal_forms")
    assert legal.is_visible() and not territory.is_visible()
    codes = legal.get_by_role("combobox", name="Formes juridiques acceptées")
    codes.focus()
    options = page.get_by_role("listbox", name="Formes juridiques acceptées").get_by_role("option")
    page.keyboard.type("toutes les formes (92)")
    expect(options.first).to_contain_text("Association loi 1901 ou assimilé : toutes les formes")
    page.keyboard.press("Enter")
    page.keyboard.type("5458")
    expect(options.first).to_contain_text("(5458)")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert_accessible(page)

    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/programmes/appels/{call.slug}/modifier/")
    assert "modifications de l'appel ont été enregistrées" in page.content()
    criterion = call.criteria.get()
    assert (criterion.rule_type, criterion.params) == ("legal_forms", {"codes": ["92", "5458"]})
    legal = page.get_by_role("group", name="Critère 1").get_by_role(
        "group", name="Paramètres de la règle « Formes juridiques acceptées »"
    )
    assert legal.is_visible() and "SCOP" in legal.inner_text()
