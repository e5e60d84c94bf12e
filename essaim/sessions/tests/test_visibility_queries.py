"""Who sees, reads and manages which sessions, on data where one person reaches the same
session by several paths (facilitator and participant, two organisations in one cohort, a
cohort's advisor who is also its operator's): each session comes once, without DISTINCT, and
the one-session checks agree with the lists."""

import pytest

from essaim.accounts.models import Role
from essaim.cohorts.models import CohortMembership
from essaim.cohorts.tests.factories import CohortFactory, CohortMembershipFactory
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import ProgrammeFactory
from essaim.sessions import policies, selectors
from essaim.sessions.models import Participant, Session, SessionKind
from essaim.sessions.tests.factories import ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db

S = CohortMembership.Status
P = Participant.Status


@pytest.fixture
def world(role_users):
    """The advisor's operator runs programme P (cohorts 1 and 2); another operator runs P2
    (cohorts 3 and 4), where the advisor is cohort 3's advisor all the same. The member belongs
    to two organisations, L and K, both in cohort 1; K is on the individual path in cohort 2; L
    withdrew from cohort 3. The expert is cohort 1's, runs s1 and s3 and attends s1."""
    advisor, expert, member = role_users["advisor"], role_users["expert"], role_users["member"]
    operator = advisor.organisations.get()
    lead = member.organisations.get()
    second = OrganisationFactory(name="Seconde structure du membre")
    MembershipFactory(user=member, organisation=second, role=Role.MEMBER)
    programme = ProgrammeFactory(operator=operator)
    other_programme = ProgrammeFactory()
    cohorts = {
        1: CohortFactory(programme=programme),
        2: CohortFactory(programme=programme),
        3: CohortFactory(programme=other_programme),
        4: CohortFactory(programme=other_programme),
    }
    cohorts[1].advisors.add(advisor)  # also its operator's advisor: two paths
    cohorts[1].experts.add(expert)
    cohorts[3].advisors.add(advisor)
    CohortMembershipFactory(cohort=cohorts[1], organisation=lead)
    CohortMembershipFactory(cohort=cohorts[1], organisation=second)
    CohortMembershipFactory(cohort=cohorts[2], organisation=lead, status=S.WITHDRAWN)
    CohortMembershipFactory(cohort=cohorts[2], organisation=second, status=S.INDIVIDUAL_PATH)
    CohortMembershipFactory(cohort=cohorts[3], organisation=lead, status=S.WITHDRAWN)
    no_cohort = {"cohort": None}
    s = {
        "s1": SessionFactory(cohort=cohorts[1], programme=programme),
        "s2": SessionFactory(
            kind=SessionKind.INDIVIDUAL_DIAGNOSIS,
            organisation=lead,
            programme=programme,
            **no_cohort,
        ),
        "s3": SessionFactory(open=True, programme=programme),
        "s4": SessionFactory(open=True, programme=other_programme),
        "s5": SessionFactory(cohort=cohorts[3]),
        "s6": SessionFactory(cohort=cohorts[2]),
        "s7": SessionFactory(cohort=cohorts[4]),
        "s8": SessionFactory(cohort=cohorts[4]),
    }
    s["s1"].facilitators.add(expert)
    s["s3"].facilitators.add(expert)
    ParticipantFactory(session=s["s1"], user=expert)
    ParticipantFactory(session=s["s1"], user=member, organisation=lead)
    ParticipantFactory(session=s["s2"], user=member, organisation=lead)
    ParticipantFactory(session=s["s3"], user=member, status=P.WAITLISTED)
    ParticipantFactory(session=s["s7"], user=member, status=P.CANCELLED)
    ParticipantFactory(session=s["s8"], user=member, organisation=second)
    return {"users": role_users, "sessions": s}


ALL = {f"s{n}" for n in range(1, 9)}
OPEN = {"s3", "s4"}
VISIBLE = {
    "advisor": {"s1", "s2", "s3", "s4", "s5", "s6"},
    "expert": {"s1", "s3", "s4"},
    "member": {"s1", "s2", "s3", "s4", "s6", "s7", "s8"},
    "funder": OPEN,
    "provider": OPEN,
    "outsider": OPEN,
    "admin": ALL,
}
READABLE = {
    "advisor": {"s1", "s2", "s3", "s5", "s6"},
    "expert": {"s1", "s3"},
    # Not s3 (waitlisted) nor s7 (unregistered): there they only see the session.
    "member": {"s1", "s2", "s6", "s8"},
    "funder": set(),
    "provider": set(),
    "outsider": set(),
    "admin": ALL,
}
MANAGED = {
    "advisor": {"s1", "s2", "s3", "s5", "s6"},
    "expert": {"s1", "s3"},
    "member": set(),
    "funder": set(),
    "provider": set(),
    "outsider": set(),
    "admin": ALL,
}


def names(world, queryset):
    """The sessions a queryset lists, by name, each as many times as it comes."""
    by_pk = {session.pk: name for name, session in world["sessions"].items()}
    return [by_pk[pk] for pk in queryset.values_list("pk", flat=True)]


def assert_lists(world, queryset, expected):
    listed = names(world, queryset)
    assert sorted(listed) == sorted(expected)  # each once
    assert queryset.count() == len(expected)
    assert "DISTINCT" not in str(queryset.query).upper()


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_sees_reads_and_manages_its_sessions_once(world, role):
    user = world["users"][role]
    assert_lists(world, policies.visible_sessions(user), VISIBLE[role])
    assert_lists(world, policies.readable_sessions(user), READABLE[role])
    assert_lists(world, policies.managed_sessions(user), MANAGED[role])


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_the_one_session_checks_agree_with_the_lists(world, role, django_assert_num_queries):
    user = world["users"][role]
    policies.visible_sessions(user)  # reads the memberships, once per request
    for name, session in world["sessions"].items():
        with django_assert_num_queries(2):
            assert policies.can_manage_session(user, session) == (name in MANAGED[role])
            assert policies.can_read_session_documents(user, session) == (name in READABLE[role])


def test_the_one_session_check_starts_from_the_session(world):
    """A check of one session tests that row only: the session's key comes first in the query,
    and the conditions are on its own columns (no list of the user's cohorts or sessions)."""
    user = world["users"]["advisor"]
    sql = str(policies.managed_sessions(user).filter(pk=world["sessions"]["s1"].pk).query)
    assert "DISTINCT" not in sql.upper() and "GROUP BY" not in sql.upper()
    assert f'"cohorts_session"."id" = {world["sessions"]["s1"].pk}' in sql


def test_a_person_s_sessions_come_once(world):
    member, expert = world["users"]["member"], world["users"]["expert"]
    assert_lists(world, selectors.user_sessions(member), {"s1", "s2", "s8"})
    assert_lists(world, selectors.user_sessions(member, waitlisted=True), {"s1", "s2", "s3", "s8"})
    assert_lists(world, selectors.user_sessions(expert), {"s1", "s3"})


def test_programme_sessions_and_facilitators_come_once(world):
    """An organisation in two cohorts of the programme, a person both advisor of the cohort and
    of its operator: each appears once in the programme calendar and the facilitator choices."""
    advisor = world["users"]["advisor"]
    s1 = world["sessions"]["s1"]
    programme = s1.cohort.programme
    assert_lists(
        world,
        selectors.programme_sessions(Session.objects.all(), programme),
        {"s1", "s2", "s3", "s6"},
    )
    s1.facilitators.add(advisor)
    choices = selectors.facilitator_choices(cohort=s1.cohort, session=s1)
    people = list(choices.values_list("pk", flat=True))
    assert sorted(people) == sorted({advisor.pk, world["users"]["expert"].pk})
    assert "DISTINCT" not in str(choices.query).upper()
