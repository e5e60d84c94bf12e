"""A member's dashboard takes the same number of queries however many files, invitations and
cohorts their organisation has (the advisor's is pinned in applications/tests/test_advisor_day)."""

import pytest
from django.urls import reverse

from essaim.applications.models import CoApplicant
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.cohorts.services.membership import membership_add
from essaim.cohorts.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

# Session, user, memberships, MFA device; the organisations, their files, the invitations
# waiting for them, their cohorts; failed e-mails.
MEMBER_DASHBOARD = 8


def grow(member, n):
    organisation = member.organisations.get()
    for _ in range(n):
        application = ApplicationFactory(organisation=organisation, submitted=True)
        CoApplicantFactory(
            application=ApplicationFactory(submitted=False),
            organisation=organisation,
            status=CoApplicant.Status.INVITED,
        )
        membership_add(
            actor=None,
            cohort=CohortFactory(programme=application.call.programme),
            organisation=organisation,
            application=application,
        )


def test_the_member_dashboard_takes_a_fixed_number_of_queries(
    client, role_users, django_assert_num_queries
):
    member = role_users["member"]
    client.force_login(member)
    url = reverse("portal:dashboard")
    grow(member, 1)
    with django_assert_num_queries(MEMBER_DASHBOARD):
        assert client.get(url).status_code == 200
    grow(member, 8)
    with django_assert_num_queries(MEMBER_DASHBOARD):
        page = client.get(url).content.decode()
    assert page.count("/candidatures/invitations/") == 9  # every invitation waiting
