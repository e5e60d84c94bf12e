from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "essaim.cohorts"
    verbose_name = "Cohortes"
