"""Who sees which applications, and the pipeline's rows, on data where one person reaches a
file by several paths (lead and co-applicant at once, two confirmed co-applicants, two opinions
asked of one expert, an advisor who is also an applicant): each file comes once, without
DISTINCT nor GROUP BY, with its own count of confirmed co-applicants."""

import pytest

from essaim.accounts.models import Role
from essaim.applications import policies, selectors
from essaim.applications.filters import PipelineFilter
from essaim.applications.models import ApplicationStatus, CoApplicant, ExpertOpinion
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.organisations.policies import organisations_of
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

CONFIRMED = CoApplicant.Status.CONFIRMED


@pytest.fixture
def world(role_users):
    """Calls c and c2 of the advisor's operator, c3 of another one. The member belongs to L
    and K; "both" is an advisor of the operator and a member of X."""
    advisor, member, expert = role_users["advisor"], role_users["member"], role_users["expert"]
    operator = advisor.organisations.get()
    lead = member.organisations.get()
    second, x, other = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    MembershipFactory(user=member, organisation=second, role=Role.MEMBER)
    both = MembershipFactory(organisation=operator, role=Role.ADVISOR).user
    MembershipFactory(user=both, organisation=x, role=Role.MEMBER)
    programme = ProgrammeFactory(operator=operator)
    call, call2 = CallFactory(programme=programme), CallFactory(programme=programme)
    call3 = CallFactory()
    files = {
        "a1": ApplicationFactory(call=call, organisation=lead, submitted=True),
        "a2": ApplicationFactory(call=call, organisation=x, submitted=True),
        "a3": ApplicationFactory(call=call, organisation=other, submitted=True),
        "a4": ApplicationFactory(call=call2, organisation=lead),
        "a5": ApplicationFactory(call=call3, submitted=True),
        "a6": ApplicationFactory(call=call2, organisation=x),
    }
    CoApplicantFactory(application=files["a1"], organisation=second, status=CONFIRMED)
    CoApplicantFactory(application=files["a1"], status=CONFIRMED)
    CoApplicantFactory(application=files["a2"], organisation=second, status=CONFIRMED)
    CoApplicantFactory(application=files["a2"], organisation=lead, status=CONFIRMED)
    CoApplicantFactory(application=files["a3"], organisation=second)  # invited only
    for application in (files["a1"], files["a1"], files["a5"]):
        ExpertOpinion.objects.create(application=application, expert=expert, question="Avis ?")
    users = {**role_users, "both": both}
    return {"users": users, "files": files, "call": call}


ALL = {"a1", "a2", "a3", "a4", "a5", "a6"}
VISIBLE = {
    "member": {"a1", "a2", "a4"},
    "advisor": {"a1", "a2", "a3"},
    "expert": {"a1", "a5"},
    "both": {"a1", "a2", "a3", "a6"},
    "funder": set(),
    "provider": set(),
    "outsider": set(),
    "admin": ALL,
}


def names(world, rows):
    by_pk = {application.pk: name for name, application in world["files"].items()}
    return [by_pk[row.pk] for row in rows]


def assert_lists(world, queryset, expected):
    assert sorted(names(world, queryset)) == sorted(expected)  # each once
    assert queryset.count() == len(expected)
    sql = str(queryset.query).upper()
    assert not sql.startswith("SELECT DISTINCT") and "GROUP BY" not in sql


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_each_role_sees_its_applications_once(world, role):
    user = world["users"][role]
    assert_lists(world, policies.visible_applications(user), VISIBLE[role])
    for name, application in world["files"].items():
        one = policies.visible_applications(user).filter(pk=application.pk)
        assert one.exists() == (name in VISIBLE[role])


def test_the_applicant_s_list_holds_each_file_once(world):
    member = world["users"]["member"]
    mine = selectors.applications_of(
        policies.visible_applications(member), organisations=organisations_of(member)
    )
    assert_lists(world, mine, {"a1", "a2", "a4"})


@pytest.mark.parametrize("role", ["advisor", "both"])
def test_the_pipeline_lists_each_file_once_with_its_confirmed_co_applicants(world, role):
    user, call = world["users"][role], world["call"]
    visible = policies.visible_applications(user)
    rows = selectors.pipeline(call, visible)
    assert_lists(world, rows, {"a1", "a2", "a3"})
    assert {
        n: r.confirmed_co_applicants for n, r in zip(names(world, rows), rows, strict=True)
    } == {
        "a1": 2,
        "a2": 2,
        "a3": 0,
    }
    counts = selectors.status_counts(call, visible)
    assert counts[ApplicationStatus.SUBMITTED] == 3 and sum(counts.values()) == 3
    for value, expected in (("avec", {"a1", "a2"}), ("sans", {"a3"})):
        filtered = PipelineFilter({"co_applicants": value}, queryset=rows, call=call).qs
        assert_lists(world, filtered, expected)
