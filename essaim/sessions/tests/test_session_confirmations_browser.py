"""In a browser: unregistering from an open session goes through an accessible confirmation
page that says the place goes to the waitlist; cancelling keeps the registration."""

from datetime import timedelta

import pytest
from django.utils import timezone

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.conftest import assert_accessible, sign_in
from essaim.sessions import services
from essaim.sessions.models import Participant, SessionKind

pytestmark = pytest.mark.browser
P = Participant.Status


def test_unregistering_is_confirmed_on_an_accessible_page(page, role_users):
    scenario = cohort_scenario(role_users)
    training = services.session_create(
        actor=scenario["advisor"],
        kind=SessionKind.TRAINING,
        title="Formation paie",
        starts_at=timezone.now() + timedelta(days=7),
        location="Caen",
        context_cohort=scenario["cohort"],
        facilitators=[scenario["advisor"]],
        capacity=1,
    )
    member, waiting = scenario["member"], scenario["other_member"]
    services.session_register(actor=member, session=training)
    services.session_register(actor=waiting, session=training)
    url = f"{page.base_url}/sessions/{training.pk}/"
    sign_in(page, member)

    page.goto(url)
    page.get_by_role("button", name="Me désinscrire").click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Vous désinscrire de « Formation paie » ?"
    assert "proposée à la première personne en liste d'attente" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Annuler et revenir").click()
    page.wait_for_url(url)
    assert training.participants.get(user=member).status == P.EXPECTED

    page.get_by_role("button", name="Me désinscrire").click()
    page.get_by_role("button", name="Me désinscrire").click()  # the confirmation's button
    page.wait_for_url(url)
    assert "Votre inscription est annulée." in page.content()
    assert_accessible(page)
    assert training.participants.get(user=member).status == P.CANCELLED
    assert training.participants.get(user=waiting).status == P.EXPECTED
