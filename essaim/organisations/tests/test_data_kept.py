"""What was entered shows again in the edit form and survives a save made without touching it."""

import datetime

import pytest
from django.urls import reverse

from essaim.core.tests.html_forms import form_values

pytestmark = pytest.mark.django_db


def test_the_creation_date_shows_and_survives_an_unchanged_save(client, role_users):
    member = role_users["member"]
    organisation = member.organisations.get()
    organisation.creation_date = datetime.date(2019, 3, 15)
    organisation.volunteers = 12
    organisation.save()
    client.force_login(member)
    url = reverse("organisations:update", args=[organisation.slug])

    page = client.get(url).content.decode()
    assert 'type="date" name="creation_date" value="2019-03-15"' in page

    response = client.post(url, form_values(page, containing="creation_date"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.creation_date == datetime.date(2019, 3, 15)
    assert organisation.volunteers == 12
