from dataclasses import fields

from django.core.management.base import BaseCommand, CommandError

from essaim.demo.scale import SCALE_PASSWORD, Options, generate_scale

DEFAULTS = Options()


class Command(BaseCommand):
    help = (
        "Remplit la base avec un jeu de données national réaliste (issue 9) pour les bancs "
        "d'essai : structures, programmes, appels, candidatures, cohortes, sessions, émargements."
    )

    def add_arguments(self, parser):
        for f in fields(Options):
            if f.name == "seed":
                continue
            parser.add_argument(
                f"--{f.name.replace('_', '-')}",
                type=int,
                metavar="N",
                help=f"par défaut {getattr(DEFAULTS, f.name):,} (× --scale)".replace(",", " "),
            )
        parser.add_argument("--seed", type=int, default=DEFAULTS.seed)
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="multiplie les nombres par défaut (0.05 pour un vingtième)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="efface d'abord toutes les données sauf territoires et nomenclatures",
        )

    def handle(self, *args, **options):
        chosen = DEFAULTS.scaled(options["scale"])
        explicit = {
            f.name: options[f.name]
            for f in fields(Options)
            if f.name != "seed" and options[f.name] is not None
        }
        chosen = Options(**{**chosen.__dict__, **explicit, "seed": options["seed"]})
        self.stdout.write(
            ", ".join(f"{f.name} {getattr(chosen, f.name):,}" for f in fields(Options))
        )
        try:
            result = generate_scale(chosen, reset=options["reset"], report=self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for warning in result["warnings"]:
            self.stderr.write(warning)
        size = f", base de {result['size']}" if result["size"] else ""
        self.stdout.write(
            f"{result['rows']:,} lignes en {result['seconds']:.0f} s{size}. "
            f"Mot de passe de tous les comptes : {SCALE_PASSWORD}"
        )
