"""A national-scale data set for load and page benchmarks (issue 9): `manage.py generate_scale`.

Defaults: 200,000 ESS organisations over every loaded commune, 100 operators running 2,000
programmes and 6,000 calls, 100,000 applications (3,000 in one open call, for the pipeline),
20,000 cohorts, 500,000 sessions and 2,000,000 signed attendances, with the people behind them.

- Fast: rows are written in bulk, PostgreSQL COPY (`writer.py`); no service is called per row,
  but every row a service would write is there: each status with its transition log walked along
  the model's lifecycle (applications, calls, memberships, sessions, registrations), interviews,
  eligibility computed by the real rules, decisions with their messages.
- Reproducible: one `random.Random` per family seeded from `--seed`; the same seed on the same
  day gives the same rows (dates are counted from the day of the run, so that « open », « past »
  and « upcoming » keep their meaning).
- Real: communes, legal forms and NAF codes from the reference tables, valid SIRET (Luhn keys)
  and RNA numbers, French names and texts composed from `words.py`.
- Accounts: every generated user signs in with SCALE_PASSWORD (`generator.py`), hashed once.

The database must hold nothing but reference data, or be emptied with `reset=True` (every table
but territories, nomenclatures, content types and permissions). One function per table family
(`generator.FAMILIES`) is the place where the apps still to come add their rows.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from essaim.organisations.models import LegalForm
from essaim.organisations.services import nomenclatures_load
from essaim.territories.models import Commune
from essaim.territories.services import territories_load

from .generator import FAMILIES, SCALE_PASSWORD, Options, Scale
from .writer import Writer, database_size, flush, non_empty_tables

__all__ = ["SCALE_PASSWORD", "Options", "generate_scale"]


class NotEmpty(ValueError):
    pass


def reference_data_ensure(report: Callable[[str], None]) -> None:
    """The whole country's geography and the nomenclatures, when they are not loaded yet."""
    if not Commune.objects.exists():
        report("Chargement des territoires (toutes les communes)…")
        territories_load(
            package_dir=settings.GEOGRAPHY_PACKAGE_DIR,
            reference_dir=settings.REFERENCE_DATA_DIR,
        )
    if not LegalForm.objects.exists():
        report("Chargement des nomenclatures…")
        nomenclatures_load(reference_dir=settings.REFERENCE_DATA_DIR)


def generate_scale(
    options: Options, *, reset: bool = False, report: Callable[[str], None] = print
) -> dict:
    """Fill the database; return the rows written, the seconds taken, the database size (on
    PostgreSQL) and any warning. Raises ValueError on inconsistent options or a database that
    already holds data (NotEmpty) unless `reset`."""
    problems = options.problems()
    if problems:
        raise ValueError(" ".join(problems))
    started = time.perf_counter()
    if reset:
        flush()
    elif tables := non_empty_tables():
        raise NotEmpty(
            "La base contient déjà des données ("
            + ", ".join(tables[:5])
            + ("…" if len(tables) > 5 else "")
            + ") : relancez avec --reset pour les effacer (les territoires et nomenclatures "
            "restent)."
        )
    reference_data_ensure(report)
    writer = Writer(report=report)
    scale = Scale(options, writer=writer, today=timezone.localdate())
    for family in FAMILIES:
        family(scale)
    writer.sequences_reset()
    writer.analyse()
    return {
        "rows": writer.rows,
        "seconds": time.perf_counter() - started,
        "size": database_size(),
        "warnings": scale.warnings,
    }
