from django.core.management.base import BaseCommand

from essaim.applications.services import co_applicants_remind_and_expire


class Command(BaseCommand):
    help = "Relance les invitations à co-candidater en attente et expire les invitations échues."

    def handle(self, *args, **options):
        result = co_applicants_remind_and_expire()
        self.stdout.write(f"{result['reminded']} relance(s), {result['expired']} expiration(s).")
