"""The directory's full-text document on PostgreSQL: name, social purpose and description.

The document is stored in a generated column (`Organisation.search_vector`) rather than
computed at query time: a GIN index finds the matches either way, but ranking them reads
each match's vector, and recomputing `to_tsvector` for thousands of matches costs seconds.
SQLite has no text search: there the column is NULL and the directory searches `name_key`.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func

# French stemming with accents removed (created by migration 0005): « economie » finds
# « Économie », as the SQLite fallback and the commune picker do.
SEARCH_CONFIG = "essaim_french"


class SearchDocument(Func):
    """setweight(name, A) || setweight(social purpose, B) || setweight(description, C)."""

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self) -> None:
        super().__init__(
            SearchVector("name", config=SEARCH_CONFIG, weight="A")
            + SearchVector("social_purpose", config=SEARCH_CONFIG, weight="B")
            + SearchVector("description", config=SEARCH_CONFIG, weight="C")
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []
