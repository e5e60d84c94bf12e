"""Load benchmark under a production WSGI server (`make bench-load`).

Serves the database `make generate-scale` filled with gunicorn (--workers sync workers, the
production settings through `config.settings.bench`) on 127.0.0.1 only, then drives it with
Locust (scripts/locustfile.py):

1. each key page alone, --users concurrent clients without pause for --seconds: requests per
   second and 95th percentile, each also as a ratio to the bare view (`/sante/`, which answers
   « ok » without the database) measured in the same run;
2. a mixed crowd of --mixed-users people for --mixed-seconds: requests, errors (must be 0),
   requests per second, median and 95th percentile.

Figures depend on the machine and on what else runs on it: report them with both.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
BIN = Path(sys.executable).parent

from bench_scale import DEFAULT_DATABASE, pick_subjects  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--mixed-users", type=int, default=50)
    parser.add_argument("--mixed-seconds", type=int, default=180)
    parser.add_argument("--only", nargs="*", help="Only pages whose name contains one of these.")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    subjects = pick_subjects()
    cookies = {
        role: session_cookie(subjects[role]) for role in ("advisor", "member", "busy_advisor")
    }
    pages = key_pages(subjects, cookies)
    host = f"http://127.0.0.1:{args.port}"
    server = serve(args.workers, args.port)
    try:
        wait_until_up(host + "/sante/")
        print(f"gunicorn: {args.workers} workers; {args.users} clients, {args.seconds} s per page")
        print(f"{'page':<30} {'req/s':>8} {'p95_ms':>8} {'× bare req/s':>13} {'× bare p95':>11}")
        bare = None
        for name, path, cookie in pages:
            if bare and args.only and not any(part in name for part in args.only):
                continue
            stats = locust(host, "PageUser", args.users, args.seconds, path=path, cookie=cookie)
            bare = bare or stats
            print(
                f"{name:<30} {stats['rps']:>8.1f} {stats['p95']:>8.0f} "
                f"{stats['rps'] / bare['rps']:>13.2f} {stats['p95'] / max(bare['p95'], 1):>11.1f}",
                flush=True,
            )
        mix = [
            [weight, path, cookie]
            for weight, (_name, path, cookie) in zip(MIX_WEIGHTS, pages, strict=False)
            if weight
        ]
        stats = locust(host, "MixedUser", args.mixed_users, args.mixed_seconds, mix=mix)
        print(
            f"mixed crowd: {args.mixed_users} users for {args.mixed_seconds} s: "
            f"{stats['requests']} requests, {stats['failures']} errors, {stats['rps']:.1f} req/s, "
            f"median {stats['p50']:.0f} ms, p95 {stats['p95']:.0f} ms"
        )
        if stats["failures"]:
            sys.exit("The mixed crowd met errors.")
    finally:
        server.terminate()  # the master stops its workers gracefully
        server.wait(timeout=30)


def key_pages(s: dict, cookies: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, path, session cookie) of each page, the bare view first."""
    from django.urls import reverse

    pipeline = reverse("applications:pipeline", args=[s["big_call"].slug])
    return [
        ("bare view (/sante/)", reverse("core:health"), ""),
        ("home", reverse("portal:home"), ""),
        ("public call", reverse("programmes:call_detail", args=[s["public_call"].slug]), ""),
        ("directory", reverse("organisations:list"), ""),
        ("directory search", reverse("organisations:list") + "?q=recyclerie", ""),
        (
            "organisation page",
            reverse("organisations:detail", args=[s["organisation"].slug]),
            "",
        ),
        ("pipeline (signed in)", pipeline, cookies["advisor"]),
        (
            "application (signed in)",
            reverse("applications:detail", args=[s["application"].pk]),
            cookies["advisor"],
        ),
        ("dashboard advisor", reverse("portal:dashboard"), cookies["advisor"]),
        ("dashboard member", reverse("portal:dashboard"), cookies["member"]),
        ("calendar feed", reverse("sessions:calendar_feed", args=[s["feed"].token]), ""),
    ]


# The mixed crowd's share of each key page above, in the same order (the bare view: none).
MIX_WEIGHTS = [0, 20, 15, 15, 10, 10, 8, 8, 6, 5, 3]


def session_cookie(user) -> str:
    """A signed-in session for `user`, stored where every worker reads it (the database)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def serve(workers: int, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            str(ROOT / "config" / "gunicorn.conf.py"),
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )


def wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"The server did not answer on {url}.")


def locust(host: str, user_class: str, users: int, seconds: int, **env: object) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        environment = os.environ.copy()
        environment["BENCH_PATH"] = str(env.get("path", ""))
        environment["BENCH_COOKIE"] = str(env.get("cookie", ""))
        environment["BENCH_MIX"] = json.dumps(env.get("mix", []))
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "scripts" / "locustfile.py"),
                user_class,
                "--headless",
                "--host",
                host,
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--csv",
                f"{tmp}/run",
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env=environment,
            check=False,  # Locust exits 1 when a request failed: the figures say so
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(f"{tmp}/run_stats.csv", newline="") as handle:
            total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
    }


if __name__ == "__main__":
    main()
