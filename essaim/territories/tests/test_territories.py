import pytest
from django.conf import settings
from django.urls import reverse

from essaim.territories.forms import CommuneField, commune_label
from essaim.territories.models import Commune, Department, PostalCode
from essaim.territories.services import territories_load

pytestmark = pytest.mark.django_db


def test_communes_carry_official_codes_population_density_and_zrr():
    rouen = Commune.objects.select_related("department__region").get(code="76540")
    assert rouen.name == "Rouen"
    assert rouen.department.code == "76"
    assert rouen.department.region.name == "Normandie"
    assert rouen.population > 100_000
    assert rouen.density_level == 1 and rouen.is_rural is False
    assert rouen.zrr_status == "NC"
    assert set(rouen.postal_codes.values_list("code", flat=True)) == {"76000", "76100"}


def test_rural_communes_are_density_levels_five_to_seven():
    rural = Commune.objects.rural()
    assert rural.exists()
    assert set(rural.values_list("density_level", flat=True)) <= {5, 6, 7}
    assert not rural.filter(code="76540").exists()


def test_loading_twice_changes_nothing():
    before = (Commune.objects.count(), PostalCode.objects.count(), Department.objects.count())
    territories_load(
        package_dir=settings.GEOGRAPHY_PACKAGE_DIR,
        reference_dir=settings.REFERENCE_DATA_DIR,
        department_codes=["76"],
    )
    assert (
        Commune.objects.count(),
        PostalCode.objects.count(),
        Department.objects.count(),
    ) == before
    assert Department.objects.get(code="2A").region.name == "Corse"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("saint-lo", "Saint-Lô"), ("SAINT LÔ", "Saint-Lô"), ("50000", "Saint-Lô"), ("rou", "Rouen")],
)
def test_commune_search_matches_names_without_accents_and_postal_codes(client, query, expected):
    response = client.get(reverse("territories:commune_search"), {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_commune_search_ignores_an_empty_query(client):
    response = client.get(reverse("territories:commune_search"), {"q": "  "})
    assert response.content.decode().strip() == ""


def test_commune_field_reads_the_picker_label_a_postal_code_or_a_name():
    field = CommuneField()
    rouen = Commune.objects.get(code="76540")
    assert field.clean(commune_label(rouen)) == rouen
    assert field.clean("14000").code == "14118"  # Caen
    assert field.clean("76100") == rouen
    assert field.clean("Saint-Lô").code == "50502"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("99999", "Le code postal 99999 ne correspond à aucune commune."),
        ("14100", "Plusieurs communes ont le code postal 14100"),
        ("Atlantide", "Commune introuvable"),
    ],
)
def test_commune_field_explains_what_is_wrong(value, message):
    from django import forms

    with pytest.raises(forms.ValidationError) as error:
        CommuneField().clean(value)
    assert message in error.value.messages[0]
