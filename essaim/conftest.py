"""Shared test set-up: reference data once per session, factories, per-role users."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from essaim.organisations.services import nomenclatures_load
from essaim.territories.models import Commune
from essaim.territories.services import territories_load

# Normandie (ESSor) and Pays de la Loire (DLA call): enough geography for every test and the demo.
TEST_DEPARTMENTS = ["14", "27", "50", "61", "76", "44", "49", "53", "72", "85"]


def load_reference_data():
    if not Commune.objects.exists():
        territories_load(
            package_dir=settings.GEOGRAPHY_PACKAGE_DIR,
            reference_dir=settings.REFERENCE_DATA_DIR,
            department_codes=TEST_DEPARTMENTS,
        )
        nomenclatures_load(reference_dir=settings.REFERENCE_DATA_DIR)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(transactional_db):
    """For live-server tests: a transactional test flushes the tables, so load them again."""
    load_reference_data()


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits (allauth) live in the cache: one test's failed logins must not leak into another.
    from django.core.cache import cache

    cache.clear()


# CI runs the suite again at awkward instants (a public holiday before a long week-end, a DST
# change): ESSAIM_TEST_DATE=2027-03-28T09:00 (Paris time) starts every test at that instant, so a
# test that only passes on ordinary days fails there instead of on the day the calendar says so.
TEST_DATE = os.environ.get("ESSAIM_TEST_DATE")


@pytest.fixture(autouse=True)
def _test_date(request):
    # Browser tests are left on the real clock: Chromium keeps its own, and the two would disagree.
    if not TEST_DATE or request.node.get_closest_marker("browser"):
        yield
        return
    start = datetime.fromisoformat(TEST_DATE).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    with time_machine.travel(start, tick=True):
        yield


@pytest.fixture
def role_users(db):
    """One user per role of DESIGN.md, each in an organisation of the matching kind."""
    from essaim.accounts.models import Role
    from essaim.accounts.tests.factories import UserFactory
    from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory

    organisations = {
        Role.MEMBER: OrganisationFactory(),
        Role.ADVISOR: OrganisationFactory(operator=True),
        Role.EXPERT: OrganisationFactory(provider=True),
        Role.FUNDER: OrganisationFactory(funder=True),
        Role.PROVIDER: OrganisationFactory(provider=True),
    }
    users = {
        str(role): MembershipFactory(organisation=organisation, role=role).user
        for role, organisation in organisations.items()
    }
    users["admin"] = UserFactory(admin=True)
    users["outsider"] = UserFactory()
    return users


# --- Browser tests: Debian's chromium driven by Playwright, checked with axe-core ---------------

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    import os
    import shutil

    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(
            "chromium absent : installez le paquet Debian « chromium » (make test le fait en root)."
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def assert_accessible(page):
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page and fail on any violation."""
    # Evaluated through the DevTools protocol: a <script> tag would be inline, refused by the CSP.
    page.evaluate(AXE_SCRIPT.read_text())
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags
    )
    violations = [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not violations, f"{page.url}\n" + "\n".join(violations)


def sign_in(page, user, password=None):
    """Sign in through the real form; the user lands on their dashboard."""
    from essaim.accounts.tests.factories import PASSWORD

    page.goto(page.base_url + "/comptes/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe", exact=False).first.fill(password or PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/tableau-de-bord/")


@pytest.fixture
def open_page(browser, live_server, reference_data):
    """A factory of pages in separate browser contexts: one per person in a multi-user scenario."""
    contexts = []

    def make():
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        new = context.new_page()
        new.set_default_timeout(10_000)
        new.base_url = live_server.url
        return new

    yield make
    for context in contexts:
        context.close()
