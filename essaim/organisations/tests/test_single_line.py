"""An organisation's name is one line of visible text: a line break would break every e-mail
about it, and an invisible character would disguise it as another organisation."""

import pytest
from django.urls import reverse

from essaim.core.tests.html_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Recyclerie\nde Caen", "ORG \u202eCES", "ORG\u200b C"])
def test_a_name_with_a_line_break_or_an_invisible_character_is_refused(client, role_users, name):
    member = role_users["member"]
    organisation = member.organisations.get()
    client.force_login(member)
    url = reverse("organisations:update", args=[organisation.slug])
    data = form_values(client.get(url).content.decode(), containing="name") | {"name": [name]}

    response = client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_name_error"' in page and "Ce champ tient sur une seule ligne" in page
    organisation.refresh_from_db()
    assert organisation.name != name
