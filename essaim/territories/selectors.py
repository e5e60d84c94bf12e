from .models import Commune
from .text import normalise


def commune_search(query: str, *, limit: int = 10):
    """Communes matching a postal code (digits) or the start of a name, most populated first."""
    query = query.strip()
    communes = Commune.objects.select_related("department")
    if not query:
        return communes.none()
    if query.isdigit():
        if len(query) == 5:
            matches = communes.filter(postal_codes__code=query)
        else:
            matches = communes.filter(postal_codes__code__startswith=query)
    else:
        text = normalise(query)
        if not text:
            return communes.none()
        matches = communes.filter(search_name__startswith=text)
    return matches.distinct().order_by("-population", "name")[:limit]


def communes_for_postal_code(postal_code: str):
    return Commune.objects.filter(postal_codes__code=postal_code).select_related("department")
