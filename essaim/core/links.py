"""Absolute links for what leaves the request: e-mails, calendar invitations and feeds."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def site_host() -> str:
    """The host part of SITE_URL: the domain of calendar UIDs, shared by invitations and feeds."""
    return urlsplit(settings.SITE_URL).netloc or settings.SITE_URL
