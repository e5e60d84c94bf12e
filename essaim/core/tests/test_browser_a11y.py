"""Accessibility needs axe cannot see, checked in a real browser: the error summary after a failed
submission (focus, links to the fields, keyboard only), radio groups' errors tied to the group,
the meaning of "*", and pages that still fit the screen at 200 % text size."""

import pytest

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.cohorts.tests.factories import CohortFactory, CohortMembershipFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.browser

FOCUSED = "el => el === document.activeElement"
# What sticks out on the right, to name it in the failure message.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth)
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
# Labels whose text spills out of their box (over the neighbouring field) or that cross each other.
OVERLAPPING = """selector => {
  const labels = [...document.querySelectorAll(selector)];
  const boxes = labels.map(label => label.getBoundingClientRect());
  const found = labels.filter(label => label.scrollWidth > label.parentElement.clientWidth)
    .map(label => label.textContent + ' déborde');
  boxes.forEach((a, i) => boxes.forEach((b, j) => {
    if (i < j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
      found.push(labels[i].textContent + ' / ' + labels[j].textContent);
    }
  }));
  return found;
}"""


@pytest.fixture
def cohort_advisor(reference_data):
    operator = OrganisationFactory(operator=True)
    advisor = MembershipFactory(
        organisation=operator,
        role=Role.ADVISOR,
        user__first_name="Alix",
        user__last_name="Conseil",
    ).user
    cohort = CohortFactory(programme=ProgrammeFactory(operator=operator), name="Cohorte Bessin")
    CohortMembershipFactory(cohort=cohort, organisation=OrganisationFactory())
    return advisor, cohort


def submit_empty_session_form(page, cohort):
    page.goto(f"{page.base_url}/sessions/cohortes/{cohort.pk}/nouvelle/")
    # "Pour qui ?" comes pre-selected: send it without a choice to see a radio group in error.
    page.locator("[name=audience]:checked").evaluate("radio => { radio.checked = false; }")
    page.get_by_role("button", name="Créer la session").click()
    page.wait_for_selector("[data-error-summary]")
    return page.locator("[data-error-summary]")


def test_a_failed_submission_opens_on_a_summary_whose_links_lead_to_the_fields(
    page, cohort_advisor
):
    advisor, cohort = cohort_advisor
    sign_in(page, advisor)
    summary = submit_empty_session_form(page, cohort)

    # Focus is on the summary, which a screen reader reads first: it names each field in error.
    assert summary.evaluate(FOCUSED)
    assert summary.get_by_role("heading").is_visible()
    title_link = summary.get_by_role("link", name="Titre", exact=False)
    audience_link = summary.get_by_role("link", name="Pour qui ?", exact=False)
    assert "Ce champ est obligatoire." in title_link.inner_text()

    # Each link puts the cursor in its field; a radio group's link, in its first choice.
    title_link.click()
    assert page.locator("#id_title").evaluate(FOCUSED)
    audience_link.click()
    assert page.get_by_label("Toute la cohorte").evaluate(FOCUSED)

    # The group's error is read with the group: the fieldset is described by the error list.
    group = page.get_by_role("group", name="Pour qui ?")
    described_by = group.get_attribute("aria-describedby")
    assert "Ce champ est obligatoire." in page.locator(f"#{described_by}").inner_text()
    assert_accessible(page)


def test_the_error_summary_works_with_the_keyboard_alone(page, cohort_advisor):
    advisor, cohort = cohort_advisor
    sign_in(page, advisor)
    summary = submit_empty_session_form(page, cohort)
    assert summary.evaluate(FOCUSED)

    # From the summary, Tab reaches its first link, Enter puts the cursor in the field.
    page.keyboard.press("Tab")
    first_link = summary.get_by_role("link").first
    assert first_link.evaluate(FOCUSED)
    target = first_link.get_attribute("href")
    page.keyboard.press("Enter")
    assert page.locator(target).evaluate("el => el.contains(document.activeElement)")
    # The focus is visible: a solid outline, not Bootstrap's faint ring.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_forms_explain_the_asterisk_once_and_sign_in_errors_are_summarised(page):
    user = UserFactory()
    page.goto(page.base_url + "/comptes/login/")
    note = "Les champs marqués d'un astérisque (*) sont obligatoires."
    assert page.get_by_text(note).count() == 1

    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe", exact=False).first.fill("pas le bon mot de passe")
    page.get_by_role("button", name="Connexion").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.evaluate(FOCUSED)
    assert "incorrect" in summary.inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280])
def test_signed_in_pages_fit_the_screen_at_200_percent_text_size(page, cohort_advisor, width):
    from essaim.applications.tests.factories import ApplicationFactory
    from essaim.programmes.tests.factories import CallFactory

    advisor, cohort = cohort_advisor
    call = CallFactory(programme=cohort.programme, title="Appel à candidatures du DLA 2026")
    ApplicationFactory(
        call=call,
        submitted=True,
        organisation__name="Coopérative d'activité et d'emploi interdépartementale",
    )
    sign_in(page, advisor)
    page.set_viewport_size({"width": width, "height": 900})
    pages = {
        "tableau de bord": page.base_url + "/tableau-de-bord/",
        "candidatures": f"{page.base_url}/candidatures/appels/{call.slug}/",
        "cohorte": f"{page.base_url}/cohortes/{cohort.pk}/",
        "programmes": page.base_url + "/programmes/",
    }
    too_wide = {}
    for name, url in pages.items():
        page.goto(url)
        # Text enlarged to 200 %, as a browser's text size setting does (not a page zoom); through
        # the CSSOM, which the CSP allows (a <style> tag would be refused).
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[name] = (scroll_width, page.evaluate(WIDEST))
    assert not too_wide

    # The application list's filters: each label within its column, none over its neighbour.
    page.goto(pages["candidatures"])
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    overlaps = page.evaluate(OVERLAPPING, "form[aria-label='Filtrer les candidatures'] label")
    assert not overlaps
