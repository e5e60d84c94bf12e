"""Writing millions of rows fast: PostgreSQL COPY, or batched INSERTs elsewhere (SQLite tests).

Rows are tuples of Python values in the order of the field names given; primary keys are
assigned by the generator (foreign keys between generated tables need them before the rows
exist), and the sequences are moved past them at the end (`sequences_reset`).

Not `bulk_create`: it stamps `auto_now_add` fields (`created_at`, `registered_at`, `signed_at`)
with the current time, and the generated history needs its own dates. The fallback is the same
INSERT through the connection's cursor, each value prepared by its model field for the backend.
"""

import json
import time
from collections.abc import Callable, Iterable
from itertools import islice

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

BATCH_SIZE = 5_000  # rows per INSERT on the fallback path
COPY_CHUNK = 200_000  # rows per COPY statement and transaction on PostgreSQL

# Reference data the generator reads and never writes: kept by --reset.
REFERENCE_MODELS = {
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "contenttypes.contenttype",
    "territories.region",
    "territories.department",
    "territories.commune",
    "territories.postalcode",
    "organisations.legalform",
    "organisations.activitycode",
    "organisations.network",
}


def generated_models() -> list[type[models.Model]]:
    """Every table but the reference data: what a run fills and --reset empties (accounts,
    organisations, programmes… and what people added since: sessions, feeds, audit events)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in REFERENCE_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


def non_empty_tables() -> list[str]:
    return [m._meta.db_table for m in generated_models() if m._base_manager.exists()]


def flush() -> None:
    """Empty every generated table (reference data stays)."""
    tables = [m._meta.db_table for m in generated_models()]
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Inside a caller's transaction (tests), foreign-key checks still pending would
            # forbid the TRUNCATE: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(map(quote, tables))} RESTART IDENTITY")
        else:  # foreign keys are checked at commit (deferred): any order will do
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")


def database_size() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


class Writer:
    def __init__(self, *, report: Callable[[str], None]) -> None:
        self.report = report
        self.postgres = connection.vendor == "postgresql"
        self.written: list[type[models.Model]] = []
        self._next: dict[type[models.Model], int] = {}
        self.rows = 0

    def ids(self, model: type[models.Model], count: int) -> range:
        """`count` fresh primary keys for `model`, after any row already there."""
        if model not in self._next:
            self._next[model] = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        start = self._next[model]
        self._next[model] = start + count
        return range(start, start + count)

    def write(self, model: type[models.Model], fields: str, rows: Iterable[tuple]) -> int:
        """Insert `rows` (tuples in the order of `fields`: attnames separated by spaces) and
        report the time."""
        started = time.perf_counter()
        fields = fields.split()
        meta = model._meta
        model_fields = [meta.get_field(name) for name in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in model_fields)
        table = connection.ops.quote_name(meta.db_table)
        rows = iter(rows)
        count = 0
        if self.postgres:
            json_at = [i for i, f in enumerate(model_fields) if isinstance(f, models.JSONField)]
            while chunk := list(islice(rows, COPY_CHUNK)):
                with (
                    transaction.atomic(),
                    connection.cursor() as cursor,
                    cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    for row in chunk:
                        if json_at:
                            row = list(row)
                            for i in json_at:
                                row[i] = json.dumps(row[i], ensure_ascii=False)
                        copy.write_row(row)
                count += len(chunk)
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            while chunk := list(islice(rows, BATCH_SIZE)):
                prepared = [
                    [
                        f.get_db_prep_save(v, connection)
                        for f, v in zip(model_fields, row, strict=True)
                    ]
                    for row in chunk
                ]
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(sql, prepared)
                count += len(chunk)
        if model not in self.written:
            self.written.append(model)
        self.rows += count
        elapsed = time.perf_counter() - started
        self.report(f"  {meta.db_table:<46} {count:>11,} lignes {elapsed:>7.1f} s")
        return count

    def sequences_reset(self) -> None:
        """Move each table's id sequence past the ids written (PostgreSQL; SQLite follows)."""
        statements = connection.ops.sequence_reset_sql(no_style(), self.written)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def analyse(self) -> None:
        """Fresh planner statistics, as autovacuum would gather them later."""
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
