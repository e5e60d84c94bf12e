from django.core.management.base import BaseCommand, CommandError

from essaim.demo.loader import DEMO_PASSWORD, demo_load
from essaim.organisations.models import LegalForm
from essaim.territories.models import Commune


class Command(BaseCommand):
    help = "Charge les programmes de démonstration (ESSor, DLA, TRESSONS) et les comptes démo."

    def handle(self, *args, **options):
        if not Commune.objects.exists() or not LegalForm.objects.exists():
            raise CommandError("Chargez d'abord load_territories et load_nomenclatures.")
        result = demo_load()
        programmes, organisations = result["programmes"], result["organisations"]
        self.stdout.write(f"{programmes} programmes, {organisations} structures de démonstration.")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for email, role in result["accounts"]:
            self.stdout.write(f"  {email:32} {role}")
