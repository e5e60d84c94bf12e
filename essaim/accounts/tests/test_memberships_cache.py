"""One read of a user's memberships per request, forgotten when a service changes them."""

import pytest

from essaim.accounts.models import Role
from essaim.accounts.selectors import memberships_of, user_roles
from essaim.accounts.tests.factories import UserFactory
from essaim.organisations.policies import organisation_ids
from essaim.organisations.services import membership_create, membership_delete
from essaim.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_roles_and_organisations_come_from_one_read(django_assert_num_queries):
    user = UserFactory()
    organisation = OrganisationFactory(kind="operator")
    membership_create(actor=user, user=user, organisation=organisation, role=Role.ADVISOR)
    with django_assert_num_queries(1):
        assert user_roles(user) == {"advisor"}
        assert organisation_ids(user, Role.ADVISOR) == {organisation.pk}
        assert organisation_ids(user, Role.MEMBER) == set()


def test_a_membership_granted_or_taken_in_the_request_is_seen_at_once():
    user = UserFactory()
    organisation = OrganisationFactory()
    assert memberships_of(user) == []
    membership = membership_create(
        actor=user, user=user, organisation=organisation, role=Role.MEMBER
    )
    assert organisation_ids(user, Role.MEMBER) == {organisation.pk}
    membership_delete(actor=user, membership=membership)
    assert user_roles(user) == set()
