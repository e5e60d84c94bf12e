"""Make sure the national-scale database exists and holds generated data (`make bench-scale`
and `make bench-load` call it first; `make generate-scale` regenerates it).

Creates the PostgreSQL database of --database-url when it is missing, migrates it, loads the
reference data (territories, nomenclatures) and runs `generate_scale` unless organisations are
already there (or always, with --regenerate). Extra arguments go to `generate_scale`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/essaim_scale"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("SCALE_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--regenerate", action="store_true")
    args, generator_args = parser.parse_known_args()

    create_database(args.database_url)
    environment = os.environ | {
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }

    def manage(*command: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=environment, check=True
        )

    manage("migrate", "--noinput", "-v0")
    # The production settings the benchmarks use cache in the database (no Redis here).
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "config.settings.bench"},
        check=True,
    )
    if args.regenerate or not has_organisations(args.database_url):
        manage("load_territories")
        manage("load_nomenclatures")
        manage("generate_scale", "--reset", *generator_args)
    else:
        print("Generated data already there (make generate-scale regenerates it).")


def create_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def has_organisations(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql"))) as connection:
        row = connection.execute("SELECT count(*) FROM organisations_organisation").fetchone()
    return bool(row and row[0] > 1000)


if __name__ == "__main__":
    main()
