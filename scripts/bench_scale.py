"""Page benchmark on the national-scale data set (`make bench-scale`).

Reads the database `make generate-scale` filled (PostgreSQL by default:
postgres://postgres@127.0.0.1:5432/essaim_scale), with the production settings
(`config.settings.bench`: DEBUG off, cached templates), and for each key page prints the median
and 95th percentile of the server time over --repeat requests made with Django's test client
(after one warm-up request), the number of SQL queries of one request and the page's weight:

    page                         p50_ms  p95_ms  queries      kB

Server time is the time Django takes from the request to the response, without the network.
The first lines give the data sizes. Figures depend on the machine: report them with it.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/essaim_scale"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", nargs="*", help="Only pages whose name contains one of these.")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's response.context, and outbox e-mail
    subjects = pick_subjects()
    gc.freeze()  # as the gunicorn workers do (config/gunicorn.conf.py)
    print_sizes()
    print(f"{'page':<34} {'p50_ms':>8} {'p95_ms':>8} {'queries':>8} {'kB':>8}")
    for name, user, url in pages(subjects):
        if args.only and not any(part in name for part in args.only):
            continue
        repeat = max(5, args.repeat // 6) if name.startswith("export") else args.repeat
        p50, p95, queries, size = measure(user, url, repeat)
        print(f"{name:<34} {p50:>8.1f} {p95:>8.1f} {queries:>8} {size / 1024:>8.0f}", flush=True)


def print_sizes() -> None:
    from django.apps import apps

    names = [
        "organisations.Organisation",
        "programmes.Programme",
        "programmes.Call",
        "applications.Application",
        "cohorts.Cohort",
        "support_sessions.Session",
        "support_sessions.Participant",
        "support_sessions.Attendance",
    ]
    sizes = ", ".join(f"{n.split('.')[1]}={apps.get_model(n).objects.count():,}" for n in names)
    print(f"data: {sizes}")


def pick_subjects() -> dict:
    """The busiest rows, as a national instance has them: the biggest call, its operator's
    advisor, a member whose organisation applied, the largest cohort and session, the advisor
    who facilitates most sessions."""
    from django.db.models import Count

    from essaim.accounts.models import Role
    from essaim.applications.models import Application
    from essaim.cohorts.models import Cohort
    from essaim.organisations.models import Membership, Organisation
    from essaim.programmes.models import Call, CallStatus
    from essaim.sessions.models import Session
    from essaim.sessions.services import calendar_feed_create
    from essaim.territories.models import Department

    big_call = (
        Call.objects.annotate(n=Count("applications")).order_by("-n").select_related("programme")
    ).first()
    if big_call is None:
        sys.exit("No call in this database: run `make generate-scale` first.")
    advisor = (
        Membership.objects.filter(role=Role.ADVISOR, organisation=big_call.programme.operator)
        .select_related("user")
        .first()
        .user
    )
    application = (
        Application.objects.filter(call=big_call).exclude(status="draft").order_by("pk").first()
    )
    member = (
        Membership.objects.filter(role=Role.MEMBER, organisation__applications__isnull=False)
        .select_related("user")
        .first()
        .user
    )
    cohort = Cohort.objects.order_by("-pk").first()
    session = Session.objects.filter(cohort=cohort).order_by("starts_at").first()
    busy = (
        Session.facilitators.through.objects.values("user_id")
        .annotate(n=Count("session_id"))
        .order_by("-n")
        .first()
    )
    busy_advisor = advisor.__class__.objects.get(pk=busy["user_id"]) if busy else advisor
    feed = calendar_feed_create(actor=busy_advisor, user=busy_advisor)
    organisation = Organisation.objects.supported().order_by("pk").first()
    count = Organisation.objects.supported().count()
    return {
        "big_call": big_call,
        "public_call": Call.objects.filter(status=CallStatus.PUBLISHED).order_by("pk").first()
        or big_call,
        "advisor": advisor,
        "member": member,
        "application": application,
        "cohort": cohort,
        "session": session,
        "busy_advisor": busy_advisor,
        "feed": feed,
        "organisation": organisation,
        "siret_prefix": organisation.siret[:9] if organisation.siret else "",
        "deep_page": max(1, count // 20 // 2),
        "department": Department.objects.order_by("code").first(),
    }


def pages(s: dict) -> list[tuple[str, object, str]]:
    from django.urls import reverse

    anonymous = None
    directory = reverse("organisations:list")
    pipeline = reverse("applications:pipeline", args=[s["big_call"].slug])
    listed = [
        ("health (bare view)", anonymous, reverse("core:health")),
        ("home", anonymous, reverse("portal:home")),
        ("directory: first page", anonymous, directory),
        ("directory: text search", anonymous, directory + "?q=recyclerie"),
        ("directory: accents, apostrophe", anonymous, directory + "?q=l%27%C3%A9conomie"),
        ("directory: SIRET prefix", anonymous, directory + f"?q={s['siret_prefix']}"),
        ("directory: department", anonymous, directory + f"?department={s['department'].pk}"),
        ("directory: deep page", anonymous, directory + f"?page={s['deep_page']}"),
        (
            "organisation page",
            anonymous,
            reverse("organisations:detail", args=[s["organisation"].slug]),
        ),
        ("programmes", anonymous, reverse("programmes:list")),
        ("public call", anonymous, reverse("programmes:call_detail", args=[s["public_call"].slug])),
        ("commune picker", anonymous, reverse("territories:commune_search") + "?q=saint"),
        ("pipeline: big call", s["advisor"], pipeline),
        ("pipeline: filtered", s["advisor"], pipeline + "?status=submitted&eligibility=pass"),
        ("pipeline: page 20", s["advisor"], pipeline + "?page=20"),
        ("dashboard: advisor", s["advisor"], reverse("portal:dashboard")),
        ("dashboard: member", s["member"], reverse("portal:dashboard")),
        ("my agenda: busy advisor", s["busy_advisor"], reverse("sessions:my_calendar")),
        (
            "calendar feed: busy advisor",
            anonymous,
            reverse("sessions:calendar_feed", args=[s["feed"].token]),
        ),
        (
            "export csv: big call",
            s["advisor"],
            reverse("applications:export", args=[s["big_call"].slug, "csv"]),
        ),
    ]
    if s["application"] is not None:
        listed.append(
            (
                "application page",
                s["advisor"],
                reverse("applications:detail", args=[s["application"].pk]),
            )
        )
    if s["cohort"] is not None:
        manager = s["cohort"].programme.operator.memberships.filter(role="advisor").first()
        user = manager.user if manager else s["advisor"]
        listed.append(("cohort page", user, reverse("cohorts:detail", args=[s["cohort"].pk])))
        if s["session"] is not None:
            listed.append(
                ("session page", user, reverse("sessions:session_detail", args=[s["session"].pk]))
            )
    return listed


def measure(user, url: str, repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)  # warm-up: template compilation, first-visit caches
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    queries = len(context)  # now: the next requests empty the connection's query log
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    body = b"".join(response) if response.streaming else response.content
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 20 else max(times)
    return statistics.median(times), p95, queries, len(body)


if __name__ == "__main__":
    main()
