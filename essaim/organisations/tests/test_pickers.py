"""The legal form and NAF lists of the organisation form: grouped, common ESS forms first, and
still a plain <select> that works without JavaScript."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def select_html(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


def test_common_ess_legal_forms_come_first(client, role_users):
    client.force_login(role_users["member"])
    page = client.get(reverse("organisations:create")).content.decode().replace("&#x27;", "'")
    legal_form = select_html(page, "legal_form")
    assert "data-picker" in legal_form
    groups = re.findall(r'<optgroup label="([^"]+)"', legal_form)
    assert groups[0] == "Formes les plus courantes dans l'ESS"
    assert "Association loi 1901 ou assimilé" in groups
    values = re.findall(r'<option value="(\d*)"', legal_form)
    assert values[:2] == ["", "9220"]
    assert values.count("9220") == 1  # not repeated in its own category
    common = legal_form.split("</optgroup>")[0]
    for code in ["5458", "5558", "5460", "5710", "8210", "9300"]:
        assert f'value="{code}"' in common
    assert "dont SCIC SAS et SAS agréées ESUS (5710)" in common


def test_naf_codes_are_grouped_by_section_and_show_their_code(client, role_users):
    client.force_login(role_users["member"])
    page = client.get(reverse("organisations:create")).content.decode()
    naf = select_html(page, "naf_code")
    assert '<optgroup label="I – Hébergement et restauration">' in naf
    assert '<option value="56.10A">56.10A — Restauration traditionnelle</option>' in naf
    assert len(re.findall(r'<option value="\d', naf)) > 700


def test_a_saved_legal_form_is_selected_when_editing(client, role_users):
    member = role_users["member"]
    organisation = member.organisations.get()
    organisation.legal_form_id = "5458"
    organisation.save()
    client.force_login(member)
    page = client.get(reverse("organisations:update", args=[organisation.slug])).content.decode()
    assert '<option value="5458" selected>' in select_html(page, "legal_form")
