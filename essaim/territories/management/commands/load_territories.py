from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from essaim.territories.services import territories_load


class Command(BaseCommand):
    help = "Charge régions, départements, communes et codes postaux (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--departments", nargs="*", help="Ne charger que les communes de ces départements."
        )

    def handle(self, *args, **options):
        package_dir = settings.GEOGRAPHY_PACKAGE_DIR
        if not (package_dir / "communes.json").exists():
            raise CommandError(
                f"Géographie introuvable dans {package_dir} : lancez `npm ci` (voir README)."
            )
        counts = territories_load(
            package_dir=package_dir,
            reference_dir=settings.REFERENCE_DATA_DIR,
            department_codes=options["departments"] or None,
        )
        self.stdout.write(", ".join(f"{name} : {count}" for name, count in counts.items()))
