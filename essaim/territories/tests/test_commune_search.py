"""The commune picker's order: the commune of that very name, then names starting with the
query, then names with a later word starting with it; accents, case and hyphens ignored."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from essaim.territories.models import Commune, Department, Region
from essaim.territories.selectors import commune_search
from essaim.territories.text import normalise

pytestmark = pytest.mark.django_db


def picker(client, query) -> list[str]:
    """The INSEE codes the picker offers, in order."""
    response = client.get(reverse("territories:commune_search"), {"q": query})
    assert response.status_code == 200
    return re.findall(r"code INSEE (\w+)", response.content.decode())


@pytest.fixture
def saint_louis():
    """Saint-Louis (Haut-Rhin), larger than Saint-Lô; the test set-up loads only the west."""
    region, _ = Region.objects.get_or_create(code="44", defaults={"name": "Grand Est"})
    department, _ = Department.objects.get_or_create(
        code="68", defaults={"name": "Haut-Rhin", "region": region}
    )
    return Commune.objects.create(
        code="68297",
        name="Saint-Louis",
        search_name=normalise("Saint-Louis"),
        department=department,
        population=22_804,
    )


@pytest.mark.parametrize("query", ["Saint-Lô", "saint lo", "SAINT-LO", "  saint-lô "])
def test_saint_lo_comes_before_the_larger_saint_louis(client, saint_louis, query):
    codes = picker(client, query)
    assert codes[0] == "50502"  # Saint-Lô
    assert codes.index("68297") > 0  # Saint-Louis still offered, after


@pytest.mark.parametrize(
    ("query", "exact", "larger_prefix_match"),
    [
        ("Fontenay", "76275", "85092"),  # Fontenay (76) before Fontenay-le-Comte (85)
        ("Fleury", "50185", "14271"),  # Fleury (50) before Fleury-sur-Orne (14)
        ("Saint-Gilles", "50483", "85222"),  # before Saint-Gilles-Croix-de-Vie
    ],
)
def test_the_commune_of_that_name_comes_before_longer_names(
    client, query, exact, larger_prefix_match
):
    larger = Commune.objects.get(code=larger_prefix_match)
    assert larger.population > Commune.objects.get(code=exact).population
    codes = picker(client, query)
    assert codes[0] == exact
    assert larger_prefix_match in codes


def test_a_later_word_of_the_name_is_found_too(client):
    assert picker(client, "Croix-de-Vie") == ["85222"]  # Saint-Gilles-Croix-de-Vie


def test_ligatures_are_searched_as_two_letters():
    assert normalise("Vœuil-et-Giget") == "voeuil et giget"
    assert normalise("Lætitia") == "laetitia"


@pytest.mark.parametrize("query", ["'", "%", "_", "\\", "(", "9" * 80])
def test_punctuation_and_wildcards_alone_find_nothing(client, query):
    assert picker(client, query) == []


@pytest.mark.parametrize("query", ["caen%", "caen_", "caen'", "%caen", "(caen)"])
def test_wildcards_are_ignored_as_punctuation(client, query):
    assert picker(client, query) == picker(client, "caen") != []


@pytest.mark.parametrize("query", ["saint", "lo", "14000", "140"])
def test_the_picker_takes_a_fixed_number_of_queries(client, django_assert_num_queries, query):
    # The communes with their department; their postal codes.
    with django_assert_num_queries(2):
        client.get(reverse("territories:commune_search"), {"q": query})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
@pytest.mark.parametrize("query", ["lo", "croix de vie"])
def test_a_later_word_is_found_through_the_trigram_index(query):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE territories_commune")
        # Walking a whole b-tree looks cheap on the test's small table: only bitmaps allowed.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert "commune_search_trgm" in commune_search(query).explain()
