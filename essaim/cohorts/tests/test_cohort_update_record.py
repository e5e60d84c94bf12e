"""Editing a cohort from its page records what it was and what it became (the form writes what
was typed on the cohort it edits; the record compares with the cohort as saved)."""

import pytest
from django.urls import reverse

from essaim.cohorts.models import Cohort
from essaim.core.models import AuditEvent
from essaim.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_the_record_of_an_edit_says_before_and_after(client, role_users):
    advisor = role_users["advisor"]
    programme = ProgrammeFactory(operator=advisor.organisations.get())
    cohort = Cohort.objects.create(programme=programme, name="Cohorte 1", max_size=8)
    client.force_login(advisor)
    data = {
        "name": "Cohorte Bocage",
        "description": "",
        "start_date": "",
        "end_date": "",
        "min_size": 5,
        "max_size": 6,
        "advisors": [advisor.pk],
    }

    assert client.post(reverse("cohorts:update", args=[cohort.pk]), data).status_code == 302

    event = AuditEvent.objects.get(action="cohort.updated", object_id=str(cohort.pk))
    assert event.actor == advisor
    assert event.changes == {
        "name": ["Cohorte 1", "Cohorte Bocage"],
        "max_size": [8, 6],
        "advisors": [[], [advisor.pk]],  # the team too
    }
