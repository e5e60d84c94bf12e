"""The request-for-information loop in a real browser, with the keyboard only: the advisor asks,
the applicant edits exactly what was asked and sends the answer, the advisor reads it.
axe-core checks every page visited."""

import pytest

from essaim.accounts.models import Role
from essaim.applications.models import Application
from essaim.applications.tests.factories import ApplicationFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.browser


def tab_to(page, locator, limit=120):
    """Press Tab until the element has the focus: proves it is reachable from the keyboard."""
    handle = locator.element_handle()
    for _ in range(limit):
        if page.evaluate("el => el === document.activeElement", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"not reachable with Tab: {locator}")


@pytest.fixture
def file(reference_data):
    operator = OrganisationFactory(operator=True, name="SocialCOBizz")
    advisor = MembershipFactory(organisation=operator, role=Role.ADVISOR).user
    call = CallFactory(programme=ProgrammeFactory(operator=operator), title="Appel ESSor 2027")
    organisation = OrganisationFactory(name="Recyclerie du Bessin")
    application = ApplicationFactory(
        call=call, organisation=organisation, submitted=True, need="Mutualiser un outil."
    )
    return {
        "application": application,
        "advisor": advisor,
        "applicant": MembershipFactory(organisation=organisation).user,
    }


def test_the_complement_loop_with_the_keyboard_only(open_page, file):
    application = file["application"]
    detail = f"/candidatures/{application.pk}/"

    advisor = open_page()
    sign_in(advisor, file["advisor"])
    advisor.goto(advisor.base_url + detail)
    tab_to(advisor, advisor.get_by_text("Demander des compléments", exact=True))
    advisor.keyboard.press("Enter")
    tab_to(advisor, advisor.get_by_label("Besoin d'accompagnement"))
    advisor.keyboard.press("Space")
    tab_to(advisor, advisor.get_by_label("Votre demande"))
    advisor.keyboard.type("Précisez le calendrier du projet.")
    tab_to(advisor, advisor.get_by_role("button", name="Envoyer la demande"))
    advisor.keyboard.press("Enter")
    advisor.get_by_text("Demande de compléments envoyée.").wait_for()
    assert_accessible(advisor)

    page = open_page()
    sign_in(page, file["applicant"])
    page.goto(page.base_url + detail)
    tab_to(page, page.get_by_role("link", name="Compléter la candidature"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/modifier/")
    assert "Précisez le calendrier du projet." in page.content()
    assert page.title().startswith("Étape 1 sur 6 : Besoin")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Votre besoin d'accompagnement"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Mutualiser un outil de gestion d'ici juin 2027.")
    tab_to(page, page.get_by_role("button", name="Enregistrer et continuer"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/modifier/depot/")
    assert "Mutualiser un outil de gestion d'ici juin 2027." in page.content()
    assert_accessible(page)
    tab_to(page, page.get_by_label("Message à l'équipe du programme"))
    page.keyboard.type("Le calendrier est précisé.")
    tab_to(page, page.get_by_role("button", name="Transmettre les compléments"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{detail}")
    assert "Vos compléments ont été transmis" in page.content()

    advisor.reload()
    assert advisor.get_by_role("heading", name="Compléments reçus le").is_visible() or (
        "Compléments reçus le" in advisor.content()
    )
    assert "Mutualiser un outil de gestion d'ici juin 2027." in advisor.content()
    assert_accessible(advisor)
    tab_to(advisor, advisor.get_by_role("button", name="Marquer comme lu"))
    advisor.keyboard.press("Enter")
    advisor.get_by_text("Compléments marqués comme lus.").wait_for()
    application.refresh_from_db()
    assert not application.answer_to_read and application.reopened_items == []
    assert Application.objects.get(pk=application.pk).need.endswith("juin 2027.")
