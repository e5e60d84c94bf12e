import pytest
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.organisations.tests.factories import MembershipFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_open_calls_are_on_the_home_page_and_closed_or_draft_ones_are_not(client):
    open_call = CallFactory(title="Appel ouvert")
    CallFactory(title="Appel clos", closed=True)
    CallFactory(title="Appel en brouillon", draft=True)
    page = client.get(reverse("portal:home")).content.decode()
    assert open_call.title in page
    assert "Appel clos" not in page and "Appel en brouillon" not in page


def test_a_published_call_is_public_with_its_calendar(client):
    call = CallFactory(capacity=5)
    call.milestones.create(date="2023-05-12", label="Lancement")
    call.criteria.create(order=1, label="Structure employeuse")
    page = client.get(reverse("programmes:call_detail", args=[call.slug])).content.decode()
    assert "Lancement" in page and "Structure employeuse" in page and "5 places" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("expert", 404),
        ("funder", 404),
        ("provider", 404),
        ("advisor_of_another_operator", 404),
        ("advisor", 200),
        ("admin", 200),
    ],
)
def test_a_draft_call_is_seen_only_by_its_operator(client, role_users, role, status):
    call = CallFactory(draft=True)
    if role == "advisor":
        MembershipFactory(
            organisation=call.programme.operator, role=Role.ADVISOR, user=role_users["advisor"]
        )
        client.force_login(role_users["advisor"])
    elif role == "advisor_of_another_operator":
        client.force_login(role_users["advisor"])
    elif role != "anonymous":
        client.force_login(role_users[role])
    assert client.get(reverse("programmes:call_detail", args=[call.slug])).status_code == status


def test_an_unpublished_programme_is_hidden_from_visitors(client):
    programme = ProgrammeFactory(is_published=False)
    assert client.get(reverse("programmes:detail", args=[programme.slug])).status_code == 404
    assert programme.name not in client.get(reverse("programmes:list")).content.decode()


@pytest.mark.parametrize("many", [False, True])
def test_programme_pages_take_a_fixed_number_of_queries(client, django_assert_num_queries, many):
    parent = ProgrammeFactory()
    ProgrammeFactory(parent=parent)
    CallFactory(programme=parent)
    if many:
        ProgrammeFactory.create_batch(8, parent=parent, operator=parent.operator)
        CallFactory.create_batch(4, programme=parent)
        CallFactory.create_batch(5)
    # The programme, its funders, partners, regions, departments, themes and steps; its
    # sub-programmes with their departments and regions; its cohorts; its calls.
    with django_assert_num_queries(12):
        client.get(reverse("programmes:detail", args=[parent.slug]))
    # The open calls; the programmes whose calls close soonest; the programmes shown, their
    # regions and sub-programmes (essaim/portal/tests/test_home.py for the selection).
    with django_assert_num_queries(5):
        client.get(reverse("portal:home"))
