"""A refused status change names the field to correct, on the member it was typed for."""

import pytest
from django.urls import reverse

from essaim.cohorts.tests.factories import cohort_scenario

pytestmark = pytest.mark.django_db


def test_a_refused_status_change_is_summarised_and_keeps_what_was_typed(client, role_users):
    scenario = cohort_scenario(role_users)
    membership = scenario["cohort"].memberships.get(organisation__name="Recyclerie du Bessin")
    client.force_login(role_users["advisor"])
    response = client.post(
        reverse("cohorts:membership_status", args=[membership.pk]),
        {"transition": "withdraw", "reason": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in page and f'href="#reason-{membership.pk}"' in page
    assert f'id="reason-{membership.pk}"' in page and 'aria-invalid="true"' in page
    url = reverse("cohorts:membership_status", args=[membership.pk])
    form = page[page.index(f'action="{url}"') :]
    assert '<option value="withdraw" selected>' in form[: form.index("</form>")]
    membership.refresh_from_db()
    assert membership.status == "active"
