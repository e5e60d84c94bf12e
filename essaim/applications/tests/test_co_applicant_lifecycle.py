"""A co-applicant's invitation moves along CO_APPLICANT_LIFECYCLE: sent, then confirmed,
declined or expired, each move written to its history; the invitation page offers the answers
the policy allows."""

import importlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.applications import services
from essaim.applications.models import CO_APPLICANT_LIFECYCLE, CoApplicantTransition
from essaim.applications.models import CoApplicant as Co
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
S = Co.Status
PARIS = ZoneInfo("Europe/Paris")

# The moves an invitation may make, written out once more so that a change to the lifecycle is
# seen.
EXPECTED_MOVES = {
    S.INVITED: {S.CONFIRMED, S.DECLINED, S.EXPIRED},
}


@pytest.fixture
def member():
    return MembershipFactory(role=Role.MEMBER).user


@pytest.fixture
def draft(member):
    return ApplicationFactory(organisation=member.organisations.get(), created_by=member)


@pytest.fixture
def partner():
    return MembershipFactory(role=Role.MEMBER).user


@pytest.fixture
def invitation(draft, member, partner):
    return services.co_applicant_invite(
        actor=member, application=draft, organisation=partner.organisations.get()
    )


def history(co_applicant) -> list[tuple]:
    return [
        (m.transition, m.from_status, m.to_status, m.actor, m.reason)
        for m in CoApplicantTransition.objects.filter(co_applicant=co_applicant)
    ]


@pytest.mark.parametrize("source", S.values)
def test_the_lifecycle_allows_exactly_the_expected_moves(source):
    assert CO_APPLICANT_LIFECYCLE.targets(source) == EXPECTED_MOVES.get(source, set())


@pytest.mark.parametrize(
    ("source", "transition"),
    CO_APPLICANT_LIFECYCLE.moves(allowed=False),
)
def test_every_forbidden_move_is_refused_and_leaves_no_history(source, transition):
    co_applicant = CoApplicantFactory(status=source)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        CO_APPLICANT_LIFECYCLE.apply(co_applicant, transition, actor=None)
    assert error.value.code == "forbidden_transition"
    co_applicant.refresh_from_db()
    assert co_applicant.status == source and not co_applicant.transitions.exists()


@pytest.mark.parametrize("status", [S.CONFIRMED, S.DECLINED, S.EXPIRED])
@pytest.mark.parametrize("accept", [True, False])
def test_an_answered_invitation_takes_no_second_answer(partner, status, accept):
    co_applicant = CoApplicantFactory(organisation=partner.organisations.get(), status=status)
    with pytest.raises(ValidationError) as error:
        services.co_applicant_respond(actor=partner, co_applicant=co_applicant, accept=accept)
    assert error.value.code == "forbidden_transition"
    co_applicant.refresh_from_db()
    assert co_applicant.status == status and not co_applicant.transitions.exists()


def test_sending_an_invitation_starts_its_history(invitation, member):
    assert history(invitation) == [("create", "", S.INVITED, member, "")]


@pytest.mark.parametrize(
    ("accept", "transition", "status"),
    [(True, "confirm", S.CONFIRMED), (False, "decline", S.DECLINED)],
)
def test_an_answer_is_written_with_who_answered(
    invitation, member, partner, accept, transition, status
):
    services.co_applicant_respond(actor=partner, co_applicant=invitation, accept=accept)
    invitation.refresh_from_db()
    assert invitation.status == status and invitation.responded_by == partner
    assert history(invitation) == [
        ("create", "", S.INVITED, member, ""),
        (transition, S.INVITED, status, partner, ""),
    ]


def test_an_answer_too_late_writes_the_expiry_by_nobody(invitation, member, partner):
    with (
        time_machine.travel(invitation.expires_at + timedelta(minutes=1)),
        pytest.raises(ValidationError, match="a expiré"),
    ):
        services.co_applicant_respond(actor=partner, co_applicant=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == S.EXPIRED and invitation.responded_by is None
    assert history(invitation) == [
        ("create", "", S.INVITED, member, ""),
        ("expire", S.INVITED, S.EXPIRED, None, "Invitation expirée"),
    ]


def test_the_daily_job_logs_each_expiry_and_leaves_the_others(draft):
    now = datetime(2030, 3, 1, 6, tzinfo=PARIS)
    late = [
        CoApplicantFactory(application=draft, expires_at=now - timedelta(days=d)) for d in (1, 2)
    ]
    running = CoApplicantFactory(application=draft, expires_at=now + timedelta(days=1))
    answered = CoApplicantFactory(
        application=draft, status=S.DECLINED, expires_at=now - timedelta(days=1)
    )
    submitted_file = CoApplicantFactory(
        application=ApplicationFactory(submitted=True), expires_at=now - timedelta(days=1)
    )
    with time_machine.travel(now, tick=False):
        assert services.co_applicants_remind_and_expire(now=now)["expired"] == 2
    for co_applicant in late:
        co_applicant.refresh_from_db()
        assert co_applicant.status == S.EXPIRED
        (move,) = co_applicant.transitions.all()
        assert (move.transition, move.actor, move.reason, move.created_at) == (
            "expire",
            None,
            "Invitation expirée",
            now,
        )
    for co_applicant, status in (
        (running, S.INVITED),
        (answered, S.DECLINED),
        (submitted_file, S.INVITED),
    ):
        co_applicant.refresh_from_db()
        assert co_applicant.status == status and not co_applicant.transitions.exists()
    # The next run finds nothing more to expire.
    assert services.co_applicants_remind_and_expire(now=now)["expired"] == 0


def test_invitations_sent_before_the_lifecycle_get_their_history(draft, member, partner):
    """The data migration writes what the invitations' fields tell."""
    sent = datetime(2025, 3, 1, 9, tzinfo=PARIS)
    answered = datetime(2025, 3, 4, 18, tzinfo=PARIS)
    with time_machine.travel(sent, tick=False):
        pending = CoApplicantFactory(application=draft, invited_by=member)
        confirmed = CoApplicantFactory(
            application=draft,
            invited_by=member,
            status=S.CONFIRMED,
            responded_by=partner,
            responded_at=answered,
        )
        expired = CoApplicantFactory(application=draft, invited_by=member, status=S.EXPIRED)
    migration = importlib.import_module("essaim.applications.migrations.0008_co_applicant_history")
    migration.write_history(apps, None)

    def moves(co_applicant):
        return [
            (m.transition, m.from_status, m.to_status, m.actor, m.created_at)
            for m in co_applicant.transitions.all()
        ]

    start = ("create", "", S.INVITED, member, sent)
    assert moves(pending) == [start]
    assert moves(confirmed) == [start, ("confirm", S.INVITED, S.CONFIRMED, partner, answered)]
    assert moves(expired) == [start, ("expire", S.INVITED, S.EXPIRED, None, sent)]


def test_the_history_is_read_only_in_the_admin(client, role_users, invitation):
    client.force_login(role_users["admin"])
    changelist = client.get(reverse("admin:applications_coapplicanttransition_changelist"))
    assert changelist.status_code == 200 and invitation.display_name in changelist.content.decode()
    assert client.get(reverse("admin:applications_coapplicanttransition_add")).status_code == 403
    move = invitation.transitions.get()
    url = reverse("admin:applications_coapplicanttransition_delete", args=[move.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert invitation.transitions.exists()


# --- The invitation page offers what the policy allows ----------------------------------------

CONFIRM = 'value="accept">Confirmer la co-candidature</button>'
DECLINE = 'value="decline">Décliner</button>'


def offered(client, co_applicant) -> tuple[int, set[str]]:
    response = client.get(reverse("applications:invitation", args=[co_applicant.token]))
    content = response.content.decode()
    return response.status_code, {
        name for name, button in (("confirm", CONFIRM), ("decline", DECLINE)) if button in content
    }


def test_the_invitee_is_offered_both_answers_while_the_invitation_runs(client, invitation, partner):
    client.force_login(partner)
    assert offered(client, invitation) == (200, {"confirm", "decline"})


@pytest.mark.parametrize("status", [S.CONFIRMED, S.DECLINED, S.EXPIRED])
def test_an_answered_or_expired_invitation_offers_nothing(client, partner, status):
    co_applicant = CoApplicantFactory(organisation=partner.organisations.get(), status=status)
    client.force_login(partner)
    assert offered(client, co_applicant) == (200, set())


def test_a_lapsed_invitation_says_so_before_the_daily_job_and_offers_nothing(
    client, invitation, partner
):
    """The page used to offer answers that the service then refused."""
    client.force_login(partner)
    with time_machine.travel(invitation.expires_at + timedelta(minutes=1)):
        url = reverse("applications:invitation", args=[invitation.token])
        content = client.get(url).content.decode()
        assert "Cette invitation a expiré" in content
        assert offered(client, invitation) == (200, set())
        visitor = Client().get(url).content.decode()
        assert "Cette invitation a expiré" in visitor and "Pour répondre" not in visitor
    invitation.refresh_from_db()
    assert invitation.status == S.INVITED  # reading the page writes nothing


def test_someone_else_is_offered_nothing(client, invitation):
    client.force_login(MembershipFactory(role=Role.MEMBER).user)
    assert offered(client, invitation) == (403, set())


def test_an_invitee_without_organisation_may_only_decline(client, draft, member):
    co_applicant = services.co_applicant_invite(
        actor=member, application=draft, email="contact@terredici.fr", name="Terre d'ici"
    )
    client.force_login(UserFactory(email="contact@terredici.fr"))
    assert offered(client, co_applicant) == (200, {"decline"})
    client.force_login(MembershipFactory(user__email="Contact@TerreDici.fr").user)
    assert offered(client, co_applicant) == (200, {"confirm", "decline"})
