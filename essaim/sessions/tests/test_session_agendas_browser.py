"""In a browser: the cohort page, its calendar and « Mon agenda » show a member their
organisation's individual diagnosis and the open sessions of the programme, labelled, and pass
axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.conftest import assert_accessible, sign_in
from essaim.sessions import services
from essaim.sessions.models import SessionKind

pytestmark = pytest.mark.browser


def test_a_member_sees_their_diagnosis_and_the_open_sessions(page, role_users):
    scenario = cohort_scenario(role_users)
    common = {
        "starts_at": timezone.now() + timedelta(days=7),
        "location": "Caen",
        "cohort": None,
        "context_cohort": scenario["cohort"],
        "facilitators": [scenario["advisor"]],
    }
    services.session_create(
        actor=scenario["advisor"],
        kind=SessionKind.INDIVIDUAL_DIAGNOSIS,
        title="Diagnostic de ma structure",
        organisation=scenario["member_organisation"],
        **common,
    )
    training = services.session_create(
        actor=scenario["advisor"],
        kind=SessionKind.TRAINING,
        title="Formation paie",
        capacity=1,
        **common | {"starts_at": common["starts_at"] + timedelta(days=1)},
    )
    services.session_register(actor=scenario["peer"], session=training)
    services.session_register(actor=scenario["member"], session=training)  # waits
    sign_in(page, scenario["member"])

    page.goto(f"{page.base_url}/cohortes/{scenario['cohort'].pk}/")
    sessions = page.get_by_role("region", name="Sessions")
    assert "Diagnostic de ma structure" in sessions.inner_text()
    assert f"Structure : {scenario['member_organisation'].name}" in sessions.inner_text()
    assert "Ouverte aux inscriptions" in sessions.inner_text()
    assert_accessible(page)

    page.goto(f"{page.base_url}/agenda/cohortes/{scenario['cohort'].pk}/")
    assert page.get_by_role("link", name="Formation paie").is_visible()
    assert_accessible(page)

    page.goto(f"{page.base_url}/agenda/")
    row = page.get_by_role("row").filter(has_text="Formation paie")
    assert "vous êtes en liste d'attente" in row.inner_text()
    assert "Diagnostic de ma structure" in page.content()
    assert_accessible(page)
