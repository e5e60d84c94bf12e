from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "essaim.organisations"
    verbose_name = "Structures"
