"""The one lifecycle mechanism, seen through the application's lifecycle."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import models, transaction

from essaim.accounts.tests.factories import UserFactory
from essaim.applications.models import APPLICATION_LIFECYCLE, Application, ApplicationTransition
from essaim.applications.models import ApplicationStatus as S
from essaim.applications.tests.factories import ApplicationFactory
from essaim.core.lifecycle import Lifecycle, Transition

pytestmark = pytest.mark.django_db


def test_a_move_saves_the_status_and_logs_who_when_from_to_which_and_why():
    advisor = UserFactory()
    application = ApplicationFactory(status=S.SUBMITTED)
    with transaction.atomic():
        log = APPLICATION_LIFECYCLE.apply(
            application, "declare_not_eligible", actor=advisor, reason="Hors territoire"
        )
    application.refresh_from_db()
    assert application.status == S.NOT_ELIGIBLE
    log = ApplicationTransition.objects.get(pk=log.pk)
    assert (log.transition, log.from_status, log.to_status, log.actor, log.reason) == (
        "declare_not_eligible",
        S.SUBMITTED,
        S.NOT_ELIGIBLE,
        advisor,
        "Hors territoire",
    )
    assert (log.from_label, log.to_label, str(log)) == (
        "Déposée",
        "Non éligible",
        "Déposée → Non éligible",
    )


def test_a_forbidden_move_says_which_action_and_status_in_french():
    application = ApplicationFactory(status=S.DRAFT)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        APPLICATION_LIFECYCLE.apply(application, "admit", actor=None)
    assert error.value.messages == ["« Admettre » n'est pas possible au statut « Brouillon »."]
    application.refresh_from_db()
    assert application.status == S.DRAFT and not application.transitions.exists()


def test_the_available_moves_follow_the_status():
    names = [t.name for t in APPLICATION_LIFECYCLE.available(Application(status=S.QUALIFIED))]
    assert names == ["admit", "redirect", "decline", "withdraw"]
    assert APPLICATION_LIFECYCLE.available(Application(status=S.ADMITTED)) == []


def test_a_move_outside_the_services_transaction_is_a_programming_error(monkeypatch):
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(RuntimeError):
        APPLICATION_LIFECYCLE.apply(Application(status=S.DRAFT), "submit", actor=None)


def test_a_lifecycle_naming_an_unknown_status_is_refused_when_declared():
    class Light(models.TextChoices):
        ON = "on", "Allumée"

    with pytest.raises(ValueError, match="off"):
        Lifecycle(
            statuses=Light,
            log=ApplicationTransition,
            subject="application",
            transitions=[Transition("switch_off", (Light.ON,), "off", "Éteindre")],
        )


def test_no_status_is_assigned_by_hand():
    """Statuses change through Lifecycle.apply only: no `.status = …`, no `.update(status=…)`
    outside core/lifecycle.py (tests and migrations aside)."""
    root = Path(__file__).resolve().parents[2]
    assigned = re.compile(r"\.status\s*=(?!=)|\.update\([^)]*\bstatus\s*=")
    offenders = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and path.name != "lifecycle.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if assigned.search(line)
    ]
    assert offenders == []
