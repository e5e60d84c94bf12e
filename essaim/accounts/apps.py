from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "essaim.accounts"
    verbose_name = "Comptes"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .services import user_logged_in_receiver

        user_logged_in.connect(user_logged_in_receiver, dispatch_uid="essaim.accounts.mfa_grace")
