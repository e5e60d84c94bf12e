from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "essaim.core"
    verbose_name = "Socle"
