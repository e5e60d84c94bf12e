"""Absolute links for what leaves the request: e-mails, calendar invitations and feeds."""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def site_host() -> str:
    """The host part of SITE_URL: the domain of calendar UIDs, shared by invitations and feeds."""
    return urlsplit(settings.SITE_URL).netloc or settings.SITE_URL


def site_name() -> str:
    """The platform's name as people know it: the sender's name of DEFAULT_FROM_EMAIL
    ("essaim <no-reply@…>"), so an e-mail is signed by the name it comes from."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[0] or "essaim"
