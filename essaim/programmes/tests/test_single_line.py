"""A decision template's subject is one line: it is the subject of every decision e-mail."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.applications import services as application_services
from essaim.applications.models import DecisionTemplate
from essaim.applications.tests.test_decision_templates import decision_post

pytestmark = pytest.mark.django_db

MESSAGE = "Ce champ tient sur une seule ligne"


def test_a_subject_on_two_lines_is_refused_next_to_the_field(client, role_users):
    client.force_login(role_users["advisor"])
    response = client.post(
        reverse("applications:decision_templates"),
        decision_post(**{"admit-subject": "Bonne nouvelle\nBcc: tous@exemple.fr"}),
    )
    assert response.status_code == 200
    assert MESSAGE in response.context["forms"][0][2].errors["subject"][0]
    assert 'id="id_admit-subject_error"' in response.content.decode()
    assert not DecisionTemplate.objects.exists()


def test_the_service_refuses_it_too(role_users):
    operator = role_users["advisor"].memberships.get(role=Role.ADVISOR).organisation
    with pytest.raises(ValidationError) as refused:
        application_services.decision_template_save(
            actor=UserFactory(), operator=operator, kind="admit", subject="A\u202eB", body="Bonjour"
        )
    assert MESSAGE in refused.value.message_dict["subject"][0]
