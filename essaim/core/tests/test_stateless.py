"""Web processes keep no state of their own: two gunicorn processes behind one database serve
one person's session alternately (sign-in form from one, sign-in on the other, pages from
both). This is what lets a deployment grow by adding app servers (docs/deployment.md)."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
EMAIL, PASSWORD = "alternance@exemple.fr", "un mot de passe assez long"

CREATE_USER = f"""
from allauth.account.models import EmailAddress
from essaim.accounts.models import User
user = User.objects.create_user(email="{EMAIL}", password="{PASSWORD}",
                                first_name="Camille", last_name="Alterne")
EmailAddress.objects.create(user=user, email="{EMAIL}", verified=True, primary=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers(tmp_path):
    # The production settings, with static files found where they are (no collectstatic).
    (tmp_path / "stateless_settings.py").write_text(
        "from config.settings.bench import *  # noqa\n"
        "STORAGES = {**STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "stateless_settings",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
    }
    environment.pop("ESSAIM_TEST_DATE", None)

    def manage(*command):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )

    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("shell", "-c", CREATE_USER)
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_until_up(f"http://127.0.0.1:{port}/sante/")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def wait_until_up(url):
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def test_two_processes_serve_one_session_alternately(two_servers):
    first, second = two_servers
    jar = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    form = browser.open(f"{first}/comptes/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": EMAIL, "password": PASSWORD}
    ).encode()
    signed_in = browser.open(
        urllib.request.Request(
            f"{second}/comptes/login/", data=data, headers={"Referer": f"{second}/comptes/login/"}
        )
    )
    assert signed_in.status == 200

    for server in (first, second, first):
        page = browser.open(f"{server}/tableau-de-bord/")
        assert page.url == f"{server}/tableau-de-bord/"  # not sent back to the sign-in form
        assert "Bonjour Camille" in page.read().decode()
