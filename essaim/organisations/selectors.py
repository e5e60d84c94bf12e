import re

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When

from essaim.accounts.models import User

from .models import ActivityCode, Membership, OrganisationQuerySet
from .policies import organisations_of
from .search import SEARCH_CONFIG
from .validators import name_key

# Below three characters a trigram index cannot find a part of a word: match word starts only.
SHORTEST_PART = 3
# A search ranks at most this many of its matches (plus as many names starting with the text):
# a word found in most organisations (« association ») would otherwise read and rank them all.
# The directory shows 1,000 rows of a list at most (views.LAST_PAGE) and asks to refine.
SEARCH_CANDIDATES = 1000


def organisation_detail(queryset: OrganisationQuerySet, slug: str) -> OrganisationQuerySet:
    return (
        queryset.with_location()
        .prefetch_related(
            "networks",
            Prefetch("memberships", queryset=Membership.objects.select_related("user")),
        )
        .filter(slug=slug)
    )


def directory(queryset: OrganisationQuerySet) -> OrganisationQuerySet:
    """The directory's rows by name; the pk breaks ties so that pages never overlap or skip
    (index `organisation_directory`: kind, name, id). The search vector stays in the database."""
    return queryset.with_location().defer("search_vector").order_by("name", "pk")


def activity_codes(section: ActivityCode) -> list[str]:
    """The NAF sub-classes of a section (organisations carry sub-classes)."""
    return list(
        ActivityCode.objects.filter(section=section.code, level="sous_classe").values_list(
            "code", flat=True
        )
    )


def is_identifier(text: str) -> bool:
    """A SIRET or SIREN, whole or its start, spaces and dots allowed: « 732 829 320 »."""
    return re.sub(r"[\s.]", "", text).isdigit()


def directory_search(queryset: OrganisationQuerySet, text: str) -> OrganisationQuerySet:
    """Organisations whose SIRET starts with the digits typed, or whose name holds the text
    (case, accents and punctuation ignored), or, on PostgreSQL, whose name, social purpose or
    description hold its words (French stemming: « recycleries » finds « recyclerie »).
    The name typed exactly comes first, then the names starting with it, then the best ranked.

    On PostgreSQL the ranking reads SEARCH_CANDIDATES matches at most (found through the GIN
    indexes), plus the names starting with the text (the name_key prefix index), so that the
    organisation named exactly is never left out. Apply the other filters first: the candidates
    are taken among the rows they keep. `text` is never parsed as SQL or tsquery syntax
    (websearch_to_tsquery accepts any text)."""
    postgresql = connections[queryset.db].vendor == "postgresql"
    if is_identifier(text):
        matches = queryset.filter(siret__startswith=re.sub(r"[\s.]", "", text))
        return _bounded(queryset, matches) if postgresql else matches
    key = name_key(text)
    if not key:
        return queryset.none()
    if len(key) >= SHORTEST_PART:
        in_name = Q(name_key__contains=key)
    else:
        in_name = Q(name_key__startswith=key) | Q(name_key__contains=f" {key}")
    closeness = Case(
        When(name_key=key, then=Value(0)),
        When(name_key__startswith=key, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    if not postgresql:  # development and tests: a scan of a small table
        return (
            queryset.filter(in_name)
            .annotate(closeness=closeness)
            .order_by("closeness", "name", "pk")
        )
    words = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    named = queryset.filter(name_key__startswith=key)
    return (
        _bounded(queryset, queryset.filter(in_name | Q(search_vector=words)), named)
        .annotate(closeness=closeness, rank=SearchRank(F("search_vector"), words))
        .order_by("closeness", "-rank", "name", "pk")
    )


def _bounded(
    queryset: OrganisationQuerySet, *candidates: OrganisationQuerySet
) -> OrganisationQuerySet:
    """The rows of `queryset` among the first SEARCH_CANDIDATES of each candidate set (in the
    order the database finds them: no sort before the limit)."""
    first, *others = (c.order_by().values("pk")[:SEARCH_CANDIDATES] for c in candidates)
    return queryset.filter(pk__in=first.union(*others) if others else first)


def dashboard_organisations(user: User | AnonymousUser) -> OrganisationQuerySet:
    """The organisations a user belongs to, for their dashboard."""
    return organisations_of(user).with_location()
