"""An advisor takes an organisation out of the programme from the cohort page: only the moves its
status allows are offered, the withdrawal is confirmed on its own page and logged with why."""

import pytest

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_a_withdrawal_is_chosen_among_the_allowed_moves_and_confirmed(page, role_users):
    scenario = cohort_scenario(role_users)
    membership = scenario["cohort"].memberships.get(organisation=scenario["second"])
    sign_in(page, role_users["advisor"])
    page.goto(f"{page.base_url}/cohortes/{scenario['cohort'].pk}/")
    member = page.get_by_role("listitem").filter(has_text="Recyclerie du Bessin").first
    member.get_by_text("Changer le statut").click()
    choice = member.get_by_label("Changement")
    options = choice.locator("option").all_inner_texts()
    assert options == ["Passer en parcours individuel", "Sortie du programme"]
    assert_accessible(page)

    choice.select_option("withdraw")
    member.get_by_label("Motif").fill("Cessation d'activité")
    member.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Sortie du programme de Recyclerie du Bessin ?").wait_for()
    assert "cette sortie est définitive" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Confirmer la sortie").click()
    page.get_by_text("Statut mis à jour.").wait_for()
    member = page.get_by_role("listitem").filter(has_text="Recyclerie du Bessin").first
    assert "Sortie" in member.inner_text()
    assert member.get_by_text("Changer le statut").count() == 0  # a withdrawal is final
    membership.refresh_from_db()
    assert membership.status == "withdrawn"
    assert membership.changes.get().reason == "Cessation d'activité"
