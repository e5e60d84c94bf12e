"""A person is shown to others by name; an account created before sign-up asked for one never
shows its e-mail address instead."""

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.sessions import services as session_services
from essaim.sessions.models import SessionKind
from essaim.sessions.tests.test_attendance import pdf_ready, pdf_text  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_the_attendance_sheet_names_a_nameless_participant_without_their_address(
    client,
    role_users,
    pdf_ready,  # noqa: F811
):
    scenario = cohort_scenario(role_users)
    peer = scenario["peer"]
    peer.first_name = peer.last_name = ""
    peer.save(update_fields=["first_name", "last_name"])
    session = session_services.session_create(
        actor=scenario["advisor"],
        kind=SessionKind.WORKSHOP,
        title="Atelier gouvernance",
        starts_at=timezone.now(),
        duration_minutes=120,
        location="Bayeux",
        cohort=scenario["cohort"],
        facilitators=[scenario["expert"]],
    )
    client.force_login(scenario["advisor"])
    text = pdf_text(client.get(reverse("sessions:attendance_sheet", args=[session.pk])).content)
    assert f"Nom non renseigné (compte n° {peer.pk})" in text
    assert peer.email not in text
