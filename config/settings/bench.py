"""Benchmarks (`make bench-scale`, `make bench-load`): the production settings, served over
plain HTTP on 127.0.0.1 with a throw-away secret. Never deploy with these."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

from .prod import *  # noqa: E402, F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
