"""The pipeline's filter lists are written in Python (core.forms.ListedSelect) rather than one
template per option: the page must read exactly as Django's own <select> would write it, selected
values and refused ones included. On PostgreSQL, the list of departments reads each applicant's
commune from the organisations' (id, commune) index."""

import re

import pytest
from django import forms
from django.db import connection
from django.urls import reverse

from essaim.applications.filters import PipelineFilter
from essaim.applications.models import Application, ApplicationStatus
from essaim.applications.tests.factories import ApplicationFactory
from essaim.core.forms import ListedSelect
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.models import Theme
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory
from essaim.territories.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(role_users):
    call = CallFactory(
        programme=ProgrammeFactory(operator=role_users["advisor"].organisations.get())
    )
    call.themes.add(Theme.objects.create(programme=call.programme, name="Économie d'usage"))
    for commune in ("76540", "14118"):  # Rouen, Caen: two departments to list in their order
        organisation = OrganisationFactory(head_office_commune=Commune.objects.get(code=commune))
        ApplicationFactory(call=call, organisation=organisation, submitted=True)
    return call


def filter_form(html: str) -> str:
    return re.search(r'<form method="get".*?</form>', html, re.S)[0]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"department": "14", "status": ApplicationStatus.SUBMITTED, "co_applicants": "sans"},
        {"theme": "abc", "department": "zz", "status": "nope", "eligibility": "pass"},
    ],
)
def test_the_filters_read_as_django_s_own_select(client, role_users, call, monkeypatch, params):
    client.force_login(role_users["advisor"])
    url = reverse("applications:pipeline", args=[call.slug])
    ours = filter_form(client.get(url, params).content.decode())
    monkeypatch.setattr(ListedSelect, "render", forms.Select.render)
    assert ours == filter_form(client.get(url, params).content.decode())
    options = re.findall(r'<option value="(\w*)"', ours.split('name="department"')[1])
    assert options[:3] == ["", "14", "76"]
    assert "Économie d&#x27;usage</option>" in ours  # escaped as Django does


def test_a_selected_and_a_refused_filter_are_marked(client, role_users, call):
    client.force_login(role_users["advisor"])
    url = reverse("applications:pipeline", args=[call.slug])
    page = client.get(url, {"department": "76", "theme": "abc"}).content.decode()
    assert '<option value="76" selected>Seine-Maritime (76)</option>' in page
    assert (
        '<select name="theme" class="form-select" aria-invalid="true" '
        'aria-describedby="id_theme_error" id="id_theme">'
    ) in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is read on PostgreSQL")
def test_the_department_list_reads_the_organisations_commune_index(call):
    OrganisationFactory.create_batch(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organisations_organisation")
        cursor.execute("ANALYZE applications_application")
        # The test's tables are small enough to read whole: only the index's own scan allowed.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    departments = PipelineFilter({}, queryset=Application.objects.all(), call=call)
    plan = departments.filters["department"].queryset.explain()
    assert "Index Only Scan using organisation_commune" in plan, plan
