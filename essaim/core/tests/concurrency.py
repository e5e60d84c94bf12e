"""Run two writes at once on PostgreSQL and prove the second waits for the first's row lock.

`race(first, second, hold)` runs `first` in a thread and stops it inside its transaction (at the
function `hold` patches), starts `second` in another thread, waits until PostgreSQL reports it
blocked on a lock, then lets `first` finish. Without a row lock `second` never blocks and the
helper fails: that is the bug it catches."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection, connections

WAIT = 20  # seconds: a bound on each wait, never a pause


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are proven on PostgreSQL (make test-postgres, CI)")


def _blocked_on_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def race(first, second, *, hold: str):
    """Return (result or exception of first, result or exception of second)."""
    inside, release = threading.Event(), threading.Event()
    results = {}
    original = _resolve(hold)

    def held(*args, **kwargs):
        if threading.current_thread().name == "first":
            inside.set()
            assert release.wait(WAIT), "the test never released the first write"
        return original(*args, **kwargs)

    def run(name, function):
        try:
            results[name] = function()
        except Exception as error:  # the refusal is part of what is asserted
            results[name] = error
        finally:
            connections.close_all()

    with mock.patch(hold, side_effect=held):
        one = threading.Thread(target=run, args=("first", first), name="first")
        one.start()
        assert inside.wait(WAIT), "the first write never reached its transaction"
        two = threading.Thread(target=run, args=("second", second), name="second")
        two.start()
        # Ask PostgreSQL (each query takes a moment) until the second write waits on a lock.
        deadline = time.monotonic() + WAIT
        blocked = False
        while not blocked and two.is_alive() and time.monotonic() < deadline:
            blocked = _blocked_on_lock()
        release.set()
        one.join(WAIT)
        two.join(WAIT)
    assert blocked, "the second write did not wait for the first one's row lock"
    return results["first"], results["second"]


def _resolve(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(__import__(module, fromlist=[name]), name)
