"""Who sees and manages which cohorts, on data where one person reaches a cohort by several
paths (its advisor who is also its operator's, a member of two organisations of the cohort):
each cohort comes once, without DISTINCT, and the one-cohort check agrees with the list."""

import pytest

from essaim.accounts.models import Role
from essaim.cohorts import policies, selectors
from essaim.cohorts.models import CohortMembership
from essaim.cohorts.tests.factories import CohortFactory, CohortMembershipFactory
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

S = CohortMembership.Status


@pytest.fixture
def world(role_users):
    """Cohorts c1 and c2 belong to the advisor's operator, c3 and c4 to another one where the
    advisor is c3's advisor and the expert c3's expert too. The member's two organisations are
    both active in c1; the second is on the individual path in c2; the first withdrew from c3."""
    advisor, expert, member = role_users["advisor"], role_users["expert"], role_users["member"]
    lead = member.organisations.get()
    second = OrganisationFactory()
    MembershipFactory(user=member, organisation=second, role=Role.MEMBER)
    programme = ProgrammeFactory(operator=advisor.organisations.get())
    other = ProgrammeFactory()
    cohorts = {
        "c1": CohortFactory(programme=programme),
        "c2": CohortFactory(programme=programme),
        "c3": CohortFactory(programme=other),
        "c4": CohortFactory(programme=other),
    }
    cohorts["c1"].advisors.add(advisor)
    cohorts["c1"].experts.add(expert)
    cohorts["c3"].advisors.add(advisor)
    cohorts["c3"].experts.add(expert, advisor)
    CohortMembershipFactory(cohort=cohorts["c1"], organisation=lead)
    CohortMembershipFactory(cohort=cohorts["c1"], organisation=second)
    CohortMembershipFactory(cohort=cohorts["c2"], organisation=lead, status=S.WITHDRAWN)
    CohortMembershipFactory(cohort=cohorts["c2"], organisation=second, status=S.INDIVIDUAL_PATH)
    CohortMembershipFactory(cohort=cohorts["c3"], organisation=lead, status=S.WITHDRAWN)
    return {"users": role_users, "cohorts": cohorts}


ALL = {"c1", "c2", "c3", "c4"}
VISIBLE = {
    "advisor": {"c1", "c2", "c3"},
    "expert": {"c1", "c3"},
    "member": {"c1", "c2"},
    "funder": set(),
    "provider": set(),
    "outsider": set(),
    "admin": ALL,
}
MANAGED = {
    "advisor": {"c1", "c2", "c3"},
    "expert": set(),
    "member": set(),
    "funder": set(),
    "provider": set(),
    "outsider": set(),
    "admin": ALL,
}


def assert_lists(world, queryset, expected):
    by_pk = {cohort.pk: name for name, cohort in world["cohorts"].items()}
    listed = [by_pk[pk] for pk in queryset.values_list("pk", flat=True)]
    assert sorted(listed) == sorted(expected)  # each once
    assert queryset.count() == len(expected)
    assert "DISTINCT" not in str(queryset.query).upper()


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_sees_and_manages_its_cohorts_once(world, role):
    user = world["users"][role]
    assert_lists(world, policies.visible_cohorts(user), VISIBLE[role])
    assert_lists(world, policies.managed_cohorts(user), MANAGED[role])
    dashboard = [c.pk for c in selectors.dashboard_cohorts(user)]
    assert len(dashboard) == len(set(dashboard)) == len(VISIBLE[role])


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_the_one_cohort_check_agrees_with_the_list(world, role, django_assert_num_queries):
    user = world["users"][role]
    policies.visible_cohorts(user)  # reads the memberships, once per request
    for name, cohort in world["cohorts"].items():
        with django_assert_num_queries(1):
            assert policies.can_manage_cohort(user, cohort) == (name in MANAGED[role])


def test_a_cohort_s_members_come_once(world):
    member = world["users"]["member"]
    memberships = policies.visible_memberships(member)
    # c1's two organisations and c2's two: each membership row once.
    assert memberships.count() == len(set(memberships.values_list("pk", flat=True))) == 4


def test_advisor_choices_list_each_advisor_once(world):
    advisor = world["users"]["advisor"]
    operator = advisor.organisations.get()
    MembershipFactory(user=advisor, organisation=operator, role=Role.MEMBER)  # a second hat
    choices = selectors.advisor_choices(world["cohorts"]["c1"].programme)
    assert list(choices.values_list("pk", flat=True)) == [advisor.pk]
    assert "DISTINCT" not in str(choices.query).upper()
