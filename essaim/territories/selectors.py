from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from .models import Commune
from .text import normalise

# A commune without a population figure comes last (PostgreSQL sorts NULL first when descending).
BY_POPULATION = (F("population").desc(nulls_last=True), "name")


def commune_search(query: str, *, limit: int = 10) -> QuerySet[Commune]:
    """Communes matching a postal code (digits) or a name, accents and hyphens ignored.

    A name query lists the commune of that very name first, then the names that start with it,
    then those with a later word starting with it ("lo" finds Saint-Lô); most populated first
    within each group, so "Saint-Lô" is not buried under a larger Saint-Louis."""
    query = query.strip()
    communes = Commune.objects.select_related("department")
    if not query:
        return communes.none()
    if query.isdigit():
        if len(query) == 5:
            matches = communes.filter(postal_codes__code=query)
        else:
            matches = communes.filter(postal_codes__code__startswith=query)
        return matches.distinct().order_by(*BY_POPULATION)[:limit]
    text = normalise(query)
    if not text:
        return communes.none()
    # Annotated querysets are typed loosely by django-stubs: say what this one holds.
    ranked: QuerySet[Commune] = communes.filter(
        Q(search_name__startswith=text) | Q(search_name__contains=f" {text}")
    ).annotate(
        rank=Case(
            When(search_name=text, then=Value(0)),
            When(search_name__startswith=text, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
    return ranked.order_by("rank", *BY_POPULATION)[:limit]


def communes_for_postal_code(postal_code: str) -> QuerySet[Commune]:
    return Commune.objects.filter(postal_codes__code=postal_code).select_related("department")
