"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py config.wsgi` (production and
`make bench-load`). Anything here can be overridden on the command line."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: 2 × cores + 1 is the usual start (docs/deployment.md).
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))
# Load Django once in the master: workers start fast and share its memory.
preload_app = True


def post_fork(server, worker):
    # Never share a database connection the master may have opened while loading the app.
    from django.db import connections

    connections.close_all()


def post_worker_init(worker):
    # Django's modules, URL patterns and templates live as long as the worker: moved out of the
    # collector's sight, they stop making each full collection cost ~70 ms in a request
    # (seen as the p95 of the directory on the national-scale data set).
    gc.freeze()
