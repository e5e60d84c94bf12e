from django.core.management.base import BaseCommand

from essaim.sessions.services import sessions_remind


class Command(BaseCommand):
    help = (
        "Envoie un rappel aux participant·es des sessions qui commencent dans les 24 heures "
        "(une seule fois par session). À lancer par cron, toutes les heures par exemple."
    )

    def handle(self, *args, **options):
        reminded = sessions_remind()
        self.stdout.write(f"{reminded} session(s) rappelée(s).")
