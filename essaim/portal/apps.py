from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The front door: home page, dashboard and navigation. The top layer: it asks each app for
    its part through that app's selectors, and no app imports it."""

    name = "essaim.portal"
    verbose_name = "Portail"
