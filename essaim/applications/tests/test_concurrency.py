"""Two advisors decide the same file at the same moment: one decision, one clear refusal."""

import pytest
from django.core.exceptions import ValidationError

from essaim.accounts.tests.factories import UserFactory
from essaim.applications import services
from essaim.applications.models import Application, ApplicationStatus
from essaim.applications.tests.factories import ApplicationFactory
from essaim.core.tests.concurrency import race, require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_decisions_give_one_decision_and_one_refusal(reference_data):
    require_postgresql()
    application = ApplicationFactory(eligible=True)
    first, second = UserFactory(), UserFactory()

    def decide(actor, kind):
        return lambda: services.application_decide(
            actor=actor,
            application=Application.objects.get(pk=application.pk),
            kind=kind,
            reason="Décision du comité",
        )

    admitted, refused = race(
        decide(first, "admit"),
        decide(second, "decline"),
        hold="essaim.applications.services.screening.decision_message_render",
    )
    assert isinstance(admitted, Application)
    assert isinstance(refused, ValidationError)
    assert "Une décision se prend sur un dossier éligible" in refused.messages[0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ADMITTED
    assert list(application.transitions.values_list("to_status", "actor")) == [
        ("admitted", first.pk)
    ]
