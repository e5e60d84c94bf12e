"""A file is redirected to programmes the organisation can join: national ones or those of its
department or region, never its own programme, never a draft (a national instance publishes
thousands of programmes: the decision form offered all of them)."""

import pytest
from django.urls import reverse

from essaim.applications.tests.factories import ApplicationFactory
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory
from essaim.territories.models import Commune, Department, Region

pytestmark = pytest.mark.django_db


def test_the_decision_form_offers_the_programmes_open_to_the_organisations_territory(
    client, role_users
):
    caen = Commune.objects.get(code="14118")
    advisor = role_users["advisor"]
    own = ProgrammeFactory(operator=advisor.organisations.get(), is_published=True, name="Ici")
    application = ApplicationFactory(
        call=CallFactory(programme=own),
        organisation=OrganisationFactory(head_office_commune=caen),
        submitted=True,
        status="eligible",
    )
    ProgrammeFactory(is_published=True, name="National")
    calvados = ProgrammeFactory(is_published=True, name="Calvados")
    calvados.departments.add(caen.department)
    normandie = ProgrammeFactory(is_published=True, name="Normandie")
    normandie.regions.add(caen.department.region)
    brittany = ProgrammeFactory(is_published=True, name="Bretagne")
    brittany.regions.add(Region.objects.exclude(pk=caen.department.region_id).first())
    gironde = ProgrammeFactory(is_published=True, name="Gironde")
    gironde.departments.add(Department.objects.get(code="33"))
    ProgrammeFactory(is_published=False, name="Brouillon")

    client.force_login(advisor)
    form = client.get(reverse("applications:detail", args=[application.pk])).context[
        "decision_form"
    ]
    choices = {p.name for p in form.fields["redirect_programmes"].queryset}
    assert choices == {"National", "Calvados", "Normandie"}
