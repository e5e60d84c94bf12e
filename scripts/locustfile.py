"""Users for `scripts/bench_load.py` (Locust). Not meant to be run by hand: the script passes
what they request through environment variables.

- PageUser requests one page in a loop, without pause: BENCH_PATH, BENCH_COOKIE (a session
  cookie, or empty for an anonymous visitor).
- MixedUser behaves like a mixed crowd: anonymous visitors browse the home page, the directory
  and a call; advisors open the pipeline, a file and their dashboard; members their dashboard;
  calendar apps fetch a feed. BENCH_MIX is a JSON list of [weight, path, cookie].
"""

import json
import os
import random

from locust import FastHttpUser, between, constant, task


def _headers(cookie: str) -> dict[str, str]:
    return {"Cookie": f"sessionid={cookie}"} if cookie else {}


class PageUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.path = os.environ["BENCH_PATH"]
        self.headers = _headers(os.environ.get("BENCH_COOKIE", ""))

    @task
    def page(self) -> None:
        self.client.get(self.path, headers=self.headers, name=self.path)


class MixedUser(FastHttpUser):
    wait_time = between(0.2, 1.0)  # a person reads a little before the next click

    def on_start(self) -> None:
        mix = json.loads(os.environ["BENCH_MIX"])
        self.weights = [weight for weight, _path, _cookie in mix]
        self.requests = [(path, _headers(cookie)) for _weight, path, cookie in mix]

    @task
    def visit(self) -> None:
        path, headers = random.choices(self.requests, weights=self.weights)[0]
        self.client.get(path, headers=headers, name=path)
