from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set (`manage.py load_demo`): real programmes from their public documents
    and a synthetic population. The top layer: it uses every app; no app imports it."""

    name = "essaim.demo"
    verbose_name = "Démonstration"
