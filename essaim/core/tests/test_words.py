"""Words people read in e-mails and on the attendance sheet (issue 7, item 10)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.tests.factories import UserFactory
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.sessions import services as session_services
from essaim.sessions.services import attendance as attendance_services

pytestmark = pytest.mark.django_db


@override_settings(
    SITE_URL="https://essaim.example.org",
    DEFAULT_FROM_EMAIL="essaim <no-reply@essaim.example.org>",
    ALLOWED_HOSTS=["127.0.0.1"],
)
def test_account_e_mails_name_the_platform_not_the_server_address(client):
    user = UserFactory()
    client.post(
        reverse("account_reset_password"), {"email": user.email}, HTTP_HOST="127.0.0.1:8101"
    )
    body = mail.outbox[0].body
    assert "Bonjour, c'est essaim !" in body
    assert "essaim.example.org" in body
    assert "127.0.0.1:8101" not in body.replace("http://127.0.0.1:8101/", "")


def create_session(scenario, **extra):
    return session_services.session_create(
        actor=scenario["advisor"],
        **{
            "kind": "workshop",
            "title": "Atelier gouvernance",
            "starts_at": timezone.now() + timedelta(minutes=10),
            "duration_minutes": 120,
            "location": "Caen",
            "cohort": scenario["cohort"],
            "facilitators": [scenario["expert"]],
            **extra,
        },
    )


def test_an_invitation_does_not_say_la_cohorte_cohorte(
    role_users, mailoutbox, django_capture_on_commit_callbacks
):
    scenario = cohort_scenario(role_users)
    scenario["cohort"].name = "Cohorte 6 – Finances solidaires"
    scenario["cohort"].save(update_fields=["name"])
    with django_capture_on_commit_callbacks(execute=True):
        create_session(scenario)
    body = mailoutbox[0].body
    assert "« Atelier gouvernance » (Cohorte 6 – Finances solidaires) :" in body
    assert "cohorte Cohorte" not in body


def test_the_sheet_says_who_recorded_a_presence_the_person_did_not_sign(role_users):
    scenario = cohort_scenario(role_users)
    session = create_session(scenario)
    session.starts_at = timezone.now()  # the signing window is open
    session.save(update_fields=["starts_at"])
    attendance_services.attendance_sign(
        actor=scenario["peer"], session=session, user=scenario["peer"]
    )
    attendance_services.attendance_mark(
        actor=scenario["expert"], session=session, user=scenario["peer_bis"]
    )
    html = render_to_string(
        "sessions/pdf/attendance_sheet.html",
        attendance_services.attendance_sheet_context(session),
    )
    assert html.count("Signé sur la plateforme le") == 1  # Camille Roux signed herself
    assert f"Présence relevée par {scenario['expert'].get_full_name()} le" in html
