"""Moving an organisation on the composition board with the keyboard alone: the focus stays on
the moved organisation's button and the new scores are announced by a live region."""

import pytest

from essaim.cohorts.services.composition import composition_run_create
from essaim.cohorts.tests.test_composition_board import OPTIONS, ORGANISATIONS, cohort_of, org_id
from essaim.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def run(role_users, reference_data):
    from essaim.applications.models import ApplicationStatus
    from essaim.applications.tests.factories import ApplicationFactory
    from essaim.organisations.models import ActivityCode
    from essaim.organisations.tests.factories import OrganisationFactory
    from essaim.programmes.models import Theme
    from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

    advisor = role_users["advisor"]
    programme = ProgrammeFactory(operator=advisor.organisations.get())
    themes = {
        name: Theme.objects.create(programme=programme, name=name, order=n)
        for n, name in enumerate(["Alimentation", "Numérique"])
    }
    call = CallFactory(programme=programme, closed=True)
    for name, naf, theme, need in ORGANISATIONS:
        ApplicationFactory(
            call=call,
            organisation=OrganisationFactory(name=name, naf_code=ActivityCode.objects.get(pk=naf)),
            theme=themes[theme],
            need=need,
            status=ApplicationStatus.ADMITTED,
        )
    return composition_run_create(actor=advisor, call=call, options=OPTIONS)


def test_a_keyboard_move_keeps_the_focus_and_announces_the_scores(page, run, role_users):
    # Bootstrap animates a focused button's colours; axe must read them once settled.
    page.emulate_media(reduced_motion="reduce")
    sign_in(page, role_users["advisor"])
    page.goto(f"{page.base_url}/cohortes/compositions/{run.pk}/")
    assert_accessible(page)
    garden = org_id(run, "Jardin de Cocagne")
    to = cohort_of(run, "Code social")["index"]

    select = page.locator(f"#move-{garden}")
    select.focus()
    select.select_option(str(to))  # what the arrow keys do on a focused select
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"move-button-{garden}"
    page.keyboard.press("Enter")

    status = page.get_by_role("status").filter(has_text="rejoint la cohorte")
    status.wait_for()
    assert f"Jardin de Cocagne rejoint la cohorte {to + 1}." in status.inner_text()
    assert f"Score de la cohorte {to + 1} : " in status.inner_text()
    # The button pressed is now in the other cohort, and still has the focus.
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"move-button-{garden}"
    assert page.locator(f"section[aria-labelledby=cohorte-{to}] #move-button-{garden}").count()
    assert "Composition modifiée à la main" in page.locator("#board").inner_text()
    assert "dépasse sa taille maximale (3)" in page.locator("#board").inner_text()
    assert_accessible(page)
