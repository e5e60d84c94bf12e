"""Benchmark of the heaviest pages on a generated data set (`make bench-pages`).

Builds a throw-away SQLite database (or the one of --database-url), loads the geography of
Normandie and Pays de la Loire, generates N ESS organisations and N submitted applications to
one call (a tenth with a confirmed co-applicant), then times each page with Django's test
client and prints one line per page:

    page=NAME rows=N median_ms=M p90_ms=P queries=Q

M and P over --repeat requests after one warm-up; Q is the number of SQL queries of one request
(it must not grow with N: the tests pin it). Figures depend on the machine: report them with it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default="sqlite:////tmp/essaim-bench-pages.sqlite3")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = args.database_url
    if args.database_url.startswith("sqlite:////"):
        Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from essaim.conftest import load_reference_data

    load_reference_data()
    for rows in args.rows:
        context = generate(rows)
        for name, url in pages(context):
            median, p90, queries = measure(context["client"], url, args.repeat)
            print(
                f"page={name} rows={rows} median_ms={median:.1f} p90_ms={p90:.1f} queries={queries}"
            )


def generate(rows: int) -> dict:
    """Fresh data for one size: an operator and its advisor, a call, `rows` organisations."""
    from django.test import Client
    from django.utils import timezone

    from essaim.accounts.models import Role
    from essaim.applications.models import Application, ApplicationStatus, CoApplicant
    from essaim.organisations.models import Organisation
    from essaim.organisations.tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        valid_siret,
    )
    from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory
    from essaim.territories.models import Commune

    Application.objects.all().delete()
    Organisation.objects.exclude(kind="operator").delete()
    operator = OrganisationFactory(operator=True)
    advisor = MembershipFactory(organisation=operator, role=Role.ADVISOR).user
    call = CallFactory(programme=ProgrammeFactory(operator=operator))
    call.questions.create(order=1, label="Votre besoin", kind="long_text")
    communes = list(Commune.objects.order_by("code")[:500])
    base = Organisation.objects.count() + 1000 * rows
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Structure {i:05d}",
            slug=f"bench-{rows}-{i}",
            siret=valid_siret(base + i),
            siren=valid_siret(base + i)[:9],
            head_office_commune=communes[i % len(communes)],
        )
        for i in range(rows)
    )
    now = timezone.now()
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            organisation=o,
            status=ApplicationStatus.SUBMITTED,
            submitted_at=now,
            eligibility_summary="pass",
            need="Mutualiser un outil de gestion.",
            answers={f"q{call.questions.get().pk}": "Un besoin partagé."},
        )
        for o in organisations
    )
    CoApplicant.objects.bulk_create(
        CoApplicant(
            application=a,
            organisation=organisations[(i + 1) % rows],
            invited_email="x@exemple.fr",
            status=CoApplicant.Status.CONFIRMED,
            expires_at=now,
        )
        for i, a in enumerate(applications[::10])
    )
    client = Client()
    client.force_login(advisor)
    return {"client": client, "call": call, "application": applications[0]}


def pages(context) -> list[tuple[str, str]]:
    call, application = context["call"], context["application"]
    return [
        ("directory", "/structures/"),
        ("directory_filtered", "/structures/?department=76&q=structure"),
        ("pipeline", f"/candidatures/appels/{call.slug}/"),
        (
            "pipeline_filtered",
            f"/candidatures/appels/{call.slug}/?status=submitted&co_applicants=avec",
        ),
        ("application", f"/candidatures/{application.pk}/"),
        ("export_csv", f"/candidatures/appels/{call.slug}/export.csv"),
        ("export_xlsx", f"/candidatures/appels/{call.slug}/export.xlsx"),
    ]


def measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url  # warm-up
    reset_queries()  # each request starts a fresh log: capture from an empty one
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # read now: the captured list is a view on a log the next request resets
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.9 * (len(timings) - 1))], count


if __name__ == "__main__":
    main()
