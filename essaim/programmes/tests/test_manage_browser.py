"""An advisor creates a call, previews it and publishes it in a real browser, with axe-core."""

import pytest

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.models import Call, CallStatus
from essaim.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.browser


def test_an_advisor_creates_previews_and_publishes_a_call(page):
    operator = OrganisationFactory(operator=True, name="ESS France Normandie")
    advisor = MembershipFactory(organisation=operator, role=Role.ADVISOR, user=UserFactory()).user
    programme = ProgrammeFactory(operator=operator, name="ESSor Normandie")
    programme.themes.create(name="Modèle économique")
    sign_in(page, advisor)

    navigation = page.get_by_role("navigation", name="Navigation principale")
    navigation.get_by_role("link", name="Gérer mes programmes").click()
    page.wait_for_url("**/programmes/gestion/")
    assert_accessible(page)
    page.get_by_role("link", name="Nouvel appel").click()
    page.wait_for_url(f"**/programmes/{programme.slug}/appels/nouveau/")
    assert_accessible(page)

    page.get_by_label("Titre de l'appel").fill("Appel à candidatures 2030")
    page.get_by_label("Ouverture des candidatures").fill("2030-03-01T09:00")
    page.get_by_label("Clôture des candidatures").fill("2030-02-01T12:00")  # before opening
    page.get_by_label("Modèle économique").check()
    page.locator("#id_questions-0-label").fill("Quel est votre projet ?")
    page.locator("#id_questions-0-kind").select_option("long_text")
    page.get_by_role("button", name="Enregistrer").click()

    # Refused next to the field, everything else kept.
    assert "postérieure à l'ouverture" in page.locator("#id_closes_at_error").inner_text()
    assert page.get_by_label("Titre de l'appel").input_value() == "Appel à candidatures 2030"
    assert page.locator("#id_questions-0-label").input_value() == "Quel est votre projet ?"
    assert_accessible(page)

    page.get_by_label("Clôture des candidatures").fill("2030-04-01T12:00")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/programmes/appels/*/modifier/")
    assert "créé en brouillon" in page.content()
    assert page.get_by_role("group", name="Question 1").is_visible()
    assert_accessible(page)
    call = Call.objects.get(title="Appel à candidatures 2030")
    assert call.status == CallStatus.DRAFT and call.questions.count() == 1

    page.get_by_role("link", name="Aperçu de l'appel").click()
    page.wait_for_url(f"**/programmes/appels/{call.slug}/apercu/")
    assert "Aperçu — non publié" in page.content()
    assert page.get_by_label("Quel est votre projet ?").is_disabled()
    assert_accessible(page)

    page.get_by_role("button", name="Publier l'appel").click()
    assert "L'appel sera visible de tous" in page.content()  # what happens, before it does
    assert_accessible(page)
    page.get_by_role("button", name="Publier l'appel").click()
    page.wait_for_url(f"**/programmes/appels/{call.slug}/")
    assert "est publié" in page.content()
    assert_accessible(page)
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


def test_the_programme_form_and_decision_templates_are_accessible(page):
    operator = OrganisationFactory(operator=True, name="ESS France Normandie")
    advisor = MembershipFactory(organisation=operator, role=Role.ADVISOR, user=UserFactory()).user
    sign_in(page, advisor)

    page.goto(page.base_url + "/programmes/gestion/nouveau/")
    page.get_by_label("Nom du programme").fill("ESSor Manche")
    page.get_by_label("Nom du thème").first.fill("Gouvernance")
    page.get_by_role("button", name="Enregistrer").click()  # the summary is missing
    assert page.get_by_label("Nom du programme").input_value() == "ESSor Manche"
    assert page.locator("#id_summary_error").is_visible()
    assert_accessible(page)
    page.get_by_label("Résumé").fill("Consolider les structures employeuses de la Manche.")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/programmes/gestion/")
    assert "ESSor Manche" in page.content()

    page.get_by_role("link", name="Modèles de messages de décision").click()
    page.wait_for_url("**/candidatures/modeles-de-decision/")
    assert_accessible(page)
    page.locator("#id_decline-subject").fill("Votre candidature")
    page.get_by_role("button", name="Enregistrer les modèles").click()
    page.wait_for_url("**/candidatures/modeles-de-decision/?operateur=*")
    assert "ont été enregistrés" in page.content()
