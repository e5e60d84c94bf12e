"""The directory's search, filters and pages (issue 9): on SQLite and on PostgreSQL
(DATABASE_URL=postgres://… pytest essaim/organisations), whatever a visitor types."""

from html import unescape

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essaim.organisations import selectors
from essaim.organisations.models import ActivityCode, LegalForm, Organisation
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.organisations.views import LAST_PAGE, PAGE_SIZE
from essaim.territories.models import Commune

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search and indexes are PostgreSQL's"
)
URL = reverse("organisations:list")


def names(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [o.name for o in response.context["page"]]


@pytest.fixture
def economie():
    return OrganisationFactory(
        name="L'Économie Solidaire du Bocage",
        social_purpose="Insertion par l'activité économique.",
        description="Une recyclerie et un atelier vélo.",
    )


@pytest.mark.parametrize(
    "text",
    ["économie", "economie", "ECONOMIE", "l'économie", "L’Économie", "  économie  ", "conom"],
)
def test_a_name_is_found_whatever_the_case_accents_apostrophes_or_part(client, economie, text):
    OrganisationFactory(name="Théâtre de Rouen")
    assert names(client, q=text) == [economie.name]


@pytest.mark.parametrize(
    "text",
    [
        "économie'",
        "économie & bocage",
        "économie | bocage",
        "!économie",
        "économie:*",
        "(économie",
        "économie\\",
        "économie%",
        "économie_",
        "économie' OR 1=1 --",
        'économie"); DROP TABLE organisations_organisation; --',
    ],
)
def test_sql_and_tsquery_syntax_is_plain_text(client, economie, text):
    OrganisationFactory(name="Théâtre de Rouen")
    found = names(client, q=text)
    assert "Théâtre de Rouen" not in found
    assert Organisation.objects.count() == 2


@pytest.mark.parametrize("text", ["'", "&|!", ":*", "(\\)", "%", "--"])
def test_punctuation_alone_is_explained_and_the_whole_list_shown(client, economie, text):
    OrganisationFactory(name="Théâtre de Rouen")
    response = client.get(URL, {"q": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez des lettres ou des chiffres" in html
    assert {o.name for o in response.context["page"]} == {economie.name, "Théâtre de Rouen"}


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_an_empty_search_lists_everything_without_a_message(client, economie, text):
    OrganisationFactory(name="Théâtre de Rouen")
    response = client.get(URL, {"q": text})
    assert len(response.context["page"]) == 2
    assert 'role="alert"' not in response.content.decode()


def test_a_search_too_long_is_refused_with_a_message(client, economie):
    response = client.get(URL, {"q": "économie " * 20})
    assert "au plus 100 caractères" in response.content.decode()
    assert len(response.context["page"]) == 1  # the list, unfiltered


def test_the_name_typed_exactly_comes_first_then_names_starting_with_it(client):
    OrganisationFactory(name="Ateliers du Jardin")
    OrganisationFactory(name="Jardin")
    OrganisationFactory(name="Jardins Partagés")
    OrganisationFactory(name="Au Jardin")
    found = names(client, q="jardin")
    assert found[:2] == ["Jardin", "Jardins Partagés"]
    assert set(found[2:]) == {"Ateliers du Jardin", "Au Jardin"}


def test_two_letters_find_the_start_of_a_word_only(client):
    OrganisationFactory(name="La Ruche")
    OrganisationFactory(name="Rucher Solidaire")
    OrganisationFactory(name="Brûlerie")
    assert sorted(names(client, q="ru")) == ["La Ruche", "Rucher Solidaire"]


def test_a_siret_or_siren_prefix_finds_the_organisation(client, economie):
    other = OrganisationFactory()
    assert names(client, q=economie.siret) == [economie.name]
    spaced = f"{economie.siret[:3]} {economie.siret[3:6]} {economie.siret[6:9]}"
    assert names(client, q=spaced) == [economie.name]
    assert set(names(client, q=economie.siret[:4])) >= {economie.name, other.name}
    assert names(client, q="99999999") == []


@on_postgresql
def test_words_of_the_social_purpose_and_description_are_found_with_french_stemming(
    client, economie
):
    OrganisationFactory(name="Théâtre de Rouen", description="Spectacles vivants.")
    assert names(client, q="recycleries") == [economie.name]
    assert names(client, q="activite economique") == [economie.name]
    assert names(client, q='"atelier vélo"') == [economie.name]
    assert names(client, q="spectacle -recyclerie") == ["Théâtre de Rouen"]


@on_postgresql
def test_a_name_match_comes_before_a_match_in_the_description(client):
    described = OrganisationFactory(name="Atelier Vélo", description="Une recyclerie de quartier.")
    named = OrganisationFactory(name="Recyclerie du Bocage")
    assert names(client, q="recyclerie") == [named.name, described.name]


def test_a_filter_value_that_does_not_exist_is_explained_and_the_others_apply(client):
    caen = Commune.objects.get(code="14118")
    jardins = OrganisationFactory(name="Jardins de Caen", head_office_commune=caen)
    OrganisationFactory(name="Théâtre de Rouen")
    for params, message in [
        ({"department": "ZZ"}, "Ce département n'existe pas"),
        ({"legal_form": "X9"}, "Cette forme juridique n'existe pas"),
        ({"sector": "Z"}, "Ce secteur n'existe pas"),
    ]:
        response = client.get(URL, {**params, "q": "jardins"})
        assert response.status_code == 200
        assert message in unescape(response.content.decode())
        assert [o.name for o in response.context["page"]] == [jardins.name]


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "", "9e9"])
def test_a_page_that_is_not_a_positive_number_is_the_first(client, page):
    OrganisationFactory.create_batch(PAGE_SIZE + 1)
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_a_page_past_the_end_shows_the_last(client):
    OrganisationFactory.create_batch(PAGE_SIZE + 1)
    response = client.get(URL, {"page": "7"})
    assert response.context["page"].number == 2
    assert len(response.context["page"]) == 1


def test_pages_never_overlap_when_names_are_equal(client):
    # Many equal names: the pk orders them, so each row is on exactly one page.
    for n in range(PAGE_SIZE + 5):
        OrganisationFactory(name=f"Recyclerie {n % 2}")
    first = client.get(URL).context["page"]
    second = client.get(URL, {"page": 2}).context["page"]
    assert not {o.pk for o in first} & {o.pk for o in second}
    assert len(first) + len(second) == PAGE_SIZE + 5


def test_a_page_past_the_last_one_read_asks_to_refine_and_reads_no_rows(
    client, django_assert_num_queries
):
    OrganisationFactory.create_batch(3)
    # The department checked, the count and the filters' three lists; no page of rows.
    with django_assert_num_queries(5):
        response = client.get(URL, {"page": LAST_PAGE + 1, "department": "14"})
    html = response.content.decode()
    assert response.status_code == 200 and response.context["page"] is None
    assert "Affinez votre recherche" in html
    assert "department=14&amp;page=1" in html
    with django_assert_num_queries(4):
        client.get(URL, {"page": "9" * 30})


def test_counts_stop_past_the_last_page_read_which_offers_no_next_page(client, monkeypatch):
    monkeypatch.setattr("essaim.organisations.views.LAST_PAGE", 2)
    monkeypatch.setattr("essaim.organisations.views.BoundedPaginator.limit", 2 * PAGE_SIZE)
    OrganisationFactory.create_batch(PAGE_SIZE * 2 + 1)
    html = client.get(URL, {"page": 2}).content.decode()
    assert f"Plus de {2 * PAGE_SIZE} structures" in html
    assert "Page 2<" in html and "Suivante" not in html
    assert "Affinez votre recherche pour voir toutes les structures" in html
    OrganisationFactory.create_batch(3, name=factory.Sequence(lambda n: f"Jardin {n}"))
    html = client.get(URL, {"q": "jardin"}).content.decode()
    assert "3 structures" in html and "Affinez" not in html


@on_postgresql
def test_a_frequent_word_ranks_a_bounded_number_of_matches_and_keeps_the_exact_name(
    client, monkeypatch
):
    monkeypatch.setattr("essaim.organisations.selectors.SEARCH_CANDIDATES", 3)
    OrganisationFactory.create_batch(6, description="Un potager partagé.")
    OrganisationFactory(name="Potager")
    found = names(client, q="potager")
    assert found[0] == "Potager"
    assert len(found) == 4  # three of the descriptions, and the name


@pytest.mark.parametrize("rows", [3, 33])
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ({}, 5),
        ({"q": "association"}, 5),
        ({"q": "SIRET"}, 5),  # the first organisation's SIRET prefix, so it always matches
        ({"department": "76", "legal_form": "92"}, 7),
    ],
)
def test_searches_and_filters_take_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows, params, queries
):
    batch = OrganisationFactory.create_batch(rows)
    if params.get("q") == "SIRET":
        params = {"q": batch[0].siret[:5]}
    # The count for the pager, the filters' departments, legal forms and activity codes, the
    # page; and one to check each filter's value.
    with django_assert_num_queries(queries):
        client.get(URL, params)


def test_the_sector_filter_finds_the_sub_classes_of_its_section(client, django_assert_num_queries):
    OrganisationFactory(name="Théâtre", naf_code=ActivityCode.objects.get(code="90.01Z"))
    OrganisationFactory(name="Fédération", naf_code=ActivityCode.objects.get(code="94.99Z"))
    OrganisationFactory(name="Sans code")
    # The sector checked, the section's codes, the count, the filters' three lists, the page.
    with django_assert_num_queries(7):
        assert names(client, sector="R") == ["Théâtre"]
    assert names(client, sector="S") == ["Fédération"]
    assert names(client, sector="U") == []


def test_the_search_has_the_legal_form_filter_with_it(client):
    scop = LegalForm.objects.get(code="5458")
    OrganisationFactory(name="Jardins Coopératifs", legal_form=scop)
    OrganisationFactory(name="Jardins Associatifs")
    assert names(client, q="jardins", legal_form="54") == ["Jardins Coopératifs"]


@pytest.fixture
def many_analysed():
    """Enough rows, with statistics, for PostgreSQL to plan as on a real directory."""
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Structure {n}",
            name_key=f"structure {n}",
            slug=f"structure-{n}",
            siret=f"{n:014d}",
            social_purpose="Insertion par l'activité économique.",
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE organisations_organisation")
        cursor.execute("SET LOCAL enable_seqscan = off")  # no shortcut through a small table


@on_postgresql
@pytest.mark.parametrize(
    ("text", "indexes"),
    [
        ("recyclerie", ["organisation_search", "organisation_name_trgm"]),
        ("l'économie", ["organisation_search", "organisation_name_trgm"]),
        ("ru", ["organisation_search", "organisation_name_trgm"]),
        ("7328", ["organisation_siret_prefix"]),
    ],
)
def test_the_search_reads_its_indexes(many_analysed, text, indexes):
    """The indexes match the queries' expressions (a changed expression would silently scan).
    On a small table, walking a whole b-tree looks cheaper than GIN: only bitmaps are allowed."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = selectors.directory_search(Organisation.objects.all(), text).explain()
    assert all(index in plan for index in indexes), plan
    assert "Seq Scan on organisations_organisation" not in plan


@on_postgresql
def test_the_directory_order_is_read_from_its_index(many_analysed):
    plan = selectors.directory(Organisation.objects.supported())[:20].explain()
    assert "organisation_directory" in plan and "Sort" not in plan, plan


def test_the_search_vector_is_kept_by_the_database(economie):
    with CaptureQueriesContext(connection) as queries:
        economie.name = "Jardins Solidaires"
        economie.save()
    assert "search_vector" not in queries[-1]["sql"]  # never written by Django
    if connection.vendor == "postgresql":
        economie.refresh_from_db()
        assert "'jardin':1A" in economie.search_vector
