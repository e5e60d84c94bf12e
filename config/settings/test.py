"""Tests: fast hashing, in-memory e-mail, unknown template variables fail loudly."""

from .base import *  # noqa: F403
from .base import TEMPLATES, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class _FailOnUnknownVariable(str):
    """Django formats string_if_invalid with the variable name: fail the test right there."""

    def __mod__(self, name):
        raise NameError(f"Unknown template variable: {name}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _FailOnUnknownVariable("%s")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///:memory:")}
