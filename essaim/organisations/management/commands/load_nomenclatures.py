from django.conf import settings
from django.core.management.base import BaseCommand

from essaim.organisations.services import nomenclatures_load


class Command(BaseCommand):
    help = "Charge les catégories juridiques, les codes NAF et les réseaux (idempotent)."

    def handle(self, *args, **options):
        counts = nomenclatures_load(reference_dir=settings.REFERENCE_DATA_DIR)
        self.stdout.write(", ".join(f"{name} : {count}" for name, count in counts.items()))
