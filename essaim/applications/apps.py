from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "essaim.applications"
    verbose_name = "Candidatures"
