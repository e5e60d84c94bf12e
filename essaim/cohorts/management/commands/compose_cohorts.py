"""python manage.py compose_cohorts INPUT.json (or - for standard input) → proposal JSON.

Input and output formats: docs/compose_cohorts.md.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from essaim.composition import (
    CompositionError,
    compose,
    instance_from_dict,
    neighbours_from_geojson,
)

NEIGHBOURS_FILE = ("geojson", "departements-metropole-simplifies.geojson")


class Command(BaseCommand):
    help = (
        "Propose des cohortes à partir d'un fichier JSON de candidats (ou - pour l'entrée "
        "standard) et affiche la proposition en JSON."
    )
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser):
        parser.add_argument("input", help="fichier JSON {candidates, options}, ou - (stdin)")

    def handle(self, *args, **options):
        source = options["input"]
        try:
            if source == "-":
                text = (options.get("stdin") or sys.stdin).read()
            else:
                with open(source, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as error:
            raise CommandError(f"impossible de lire {source} : {error.strerror}.") from error
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            # json's own explanation is in English: the position is enough to find the slip.
            raise CommandError(
                f"JSON invalide (ligne {error.lineno}, colonne {error.colno})."
            ) from error
        neighbours = neighbours_from_geojson(settings.REFERENCE_DATA_DIR.joinpath(*NEIGHBOURS_FILE))
        try:
            candidates, engine_options = instance_from_dict(data)
            proposal = compose(candidates, engine_options, neighbours=neighbours)
        except CompositionError as error:
            raise CommandError(f"composition impossible : {error.message}") from error
        self.stdout.write(json.dumps(proposal.to_dict(), indent=2, ensure_ascii=False))
