"""Shared test set-up: reference data once per session, factories, per-role users."""

import pytest
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
