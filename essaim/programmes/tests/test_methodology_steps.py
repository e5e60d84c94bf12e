"""A programme's journey stages and methodological contributions are not two lists both
numbered from 1: stages are headings, contributions one numbered list."""

import re

import pytest
from django.urls import reverse

from essaim.programmes.models import ProgrammeStep
from essaim.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = ProgrammeFactory(is_published=True)
    for order, name in enumerate(["Demande d'intégration", "Qualification"], start=1):
        programme.steps.create(kind=ProgrammeStep.Kind.PHASE, order=order, name=name)
    for order, name in enumerate(["Formation", "Enjeux", "Prototypage"], start=1):
        programme.steps.create(kind=ProgrammeStep.Kind.METHODOLOGY, order=order, name=name)
    return programme


def test_stages_are_headings_and_only_the_contributions_are_numbered(client, programme):
    page = client.get(reverse("programmes:detail", args=[programme.slug])).content.decode()
    page = page.replace("&#x27;", "'")
    assert "Le parcours en 2 étapes" in page
    assert re.search(r"<h3[^>]*>Étape 1 : Demande d'intégration</h3>", page)
    assert re.search(r"<h3[^>]*>Étape 2 : Qualification</h3>", page)
    assert "Les 3 apports méthodologiques" in page
    assert page.count("<ol>") == 1  # one numbered list: the contributions


def test_pickers_name_the_kind_of_step(programme):
    names = [str(step) for step in programme.steps.order_by("kind", "order")]
    assert names[:2] == ["Apport méthodologique 1 : Formation", "Apport méthodologique 2 : Enjeux"]
    assert "Étape 1 : Demande d'intégration" in names
