"""A call's lifecycle: publish and close are its only moves, each written to the call's history,
and the management box offers the moves the policy allows and shows that history."""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.core.services import audit_event_record
from essaim.organisations.tests.factories import MembershipFactory
from essaim.programmes import services
from essaim.programmes.models import CALL_LIFECYCLE, CallTransition
from essaim.programmes.models import CallStatus as S
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")

# The moves a call may make, written out once more so that a change to the lifecycle is seen.
EXPECTED_MOVES = {
    S.DRAFT: {S.PUBLISHED},
    S.PUBLISHED: {S.CLOSED},
}
SERVICES = {"publish": services.call_publish, "close": services.call_close}


@pytest.fixture
def advisor(role_users):
    return role_users["advisor"]


@pytest.fixture
def programme(advisor):
    return ProgrammeFactory(operator=advisor.memberships.get(role=Role.ADVISOR).organisation)


def complete_call(programme, **fields):
    """A call with all that publishing asks for, a draft unless told otherwise."""
    call = CallFactory(programme=programme, **{"status": S.DRAFT, **fields})
    call.criteria.create(label="Structure employeuse")
    return call


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("source", S.values)
def test_the_lifecycle_allows_exactly_the_expected_moves(source):
    assert CALL_LIFECYCLE.targets(source) == EXPECTED_MOVES.get(source, set())


def test_each_transition_has_its_service_and_french_label():
    assert {name: t.label for name, t in CALL_LIFECYCLE.transitions.items()} == {
        "publish": "Publier",
        "close": "Clore",
    }
    assert set(CALL_LIFECYCLE.transitions) == set(SERVICES)


@pytest.mark.parametrize(
    ("source", "name"),
    [(s, name) for s in S.values for name in SERVICES if s not in CALL_LIFECYCLE[name].sources],
)
def test_every_forbidden_move_is_refused_and_leaves_no_history(advisor, programme, source, name):
    call = complete_call(programme, status=source)
    with pytest.raises(ValidationError) as error:
        SERVICES[name](actor=advisor, call=call)
    assert error.value.code == "forbidden_transition"
    call.refresh_from_db()
    assert call.status == source and not call.transitions.exists()


def test_each_move_is_written_with_who_and_when(advisor, programme):
    call = complete_call(programme)
    with time_machine.travel(datetime(2030, 3, 1, 9, tzinfo=PARIS), tick=False):
        services.call_publish(actor=advisor, call=call)
    colleague = MembershipFactory(organisation=programme.operator, role=Role.ADVISOR).user
    with time_machine.travel(datetime(2030, 6, 30, 12, tzinfo=PARIS), tick=False):
        services.call_close(actor=colleague, call=call)
    call.refresh_from_db()
    assert call.status == S.CLOSED
    assert [
        (m.transition, m.from_status, m.to_status, m.actor, m.created_at)
        for m in call.transitions.all()
    ] == [
        ("publish", S.DRAFT, S.PUBLISHED, advisor, datetime(2030, 3, 1, 9, tzinfo=PARIS)),
        ("close", S.PUBLISHED, S.CLOSED, colleague, datetime(2030, 6, 30, 12, tzinfo=PARIS)),
    ]


def test_an_incomplete_draft_is_not_published_and_leaves_no_history(advisor, programme):
    call = CallFactory(programme=programme, draft=True)
    with pytest.raises(ValidationError) as error:
        services.call_publish(actor=advisor, call=call)
    assert error.value.code == "incomplete"
    call.refresh_from_db()
    assert call.status == S.DRAFT and not call.transitions.exists()


# --- The management box -----------------------------------------------------------------------

ACTIONS = {"publish": "programmes:call_publish", "close": "programmes:call_close"}


@pytest.mark.parametrize(
    ("status", "offered"), [(S.DRAFT, {"publish"}), (S.PUBLISHED, {"close"}), (S.CLOSED, set())]
)
def test_the_box_offers_only_the_moves_the_call_allows(client, advisor, programme, status, offered):
    call = complete_call(programme, status=status)
    client.force_login(advisor)
    for name in ("programmes:call_detail", "programmes:call_preview"):
        content = text(client.get(reverse(name, args=[call.slug])))
        assert "Gérer cet appel" in content
        shown = {move for move, url in ACTIONS.items() if reverse(url, args=[call.slug]) in content}
        assert shown == offered, name


def test_the_box_and_its_history_stay_with_the_programme_team(client, role_users, programme):
    call = complete_call(programme)
    services.call_publish(actor=role_users["advisor"], call=call)
    url = reverse("programmes:call_detail", args=[call.slug])
    for role in (None, "member", "advisor_elsewhere"):
        if role == "advisor_elsewhere":
            client.force_login(MembershipFactory(role=Role.ADVISOR).user)
        elif role:
            client.force_login(role_users[role])
        content = text(client.get(url))
        assert "Historique du statut" not in content
        assert reverse("programmes:call_close", args=[call.slug]) not in content


def test_the_box_shows_the_call_s_history(client, advisor, programme):
    call = complete_call(programme)
    with time_machine.travel(datetime(2030, 3, 1, 9, tzinfo=PARIS), tick=False):
        services.call_publish(actor=advisor, call=call)
    with time_machine.travel(datetime(2030, 6, 30, 12, tzinfo=PARIS), tick=False):
        services.call_close(actor=advisor, call=call)
    client.force_login(advisor)
    content = text(client.get(reverse("programmes:call_detail", args=[call.slug])))
    history = content[content.index("Historique du statut") :]
    assert history.index("1er mars 2030 à 9 h") < history.index("30 juin 2030 à 12 h")
    assert "Brouillon → Publié" in history and "Publié → Clos" in history
    assert history.count(str(advisor)) == 2


def test_a_draft_never_moved_shows_no_history(client, advisor, programme):
    call = complete_call(programme)
    client.force_login(advisor)
    content = text(client.get(reverse("programmes:call_preview", args=[call.slug])))
    assert "Publier l'appel" in content and "Historique du statut" not in content


# --- The admin and the history kept from the audit log ----------------------------------------


def test_the_admin_s_action_moves_the_call_through_its_lifecycle(client, role_users, programme):
    admin = role_users["admin"]
    call = complete_call(programme)
    client.force_login(admin)
    changelist = reverse("admin:programmes_call_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [call.pk]})
    call.refresh_from_db()
    assert call.status == S.PUBLISHED
    assert [(m.transition, m.actor) for m in call.transitions.all()] == [("publish", admin)]
    content = text(client.get(reverse("admin:programmes_call_change", args=[call.pk])))
    assert "changements de statut des appels" in content.lower()
    response = client.get(reverse("admin:programmes_calltransition_add"))
    assert response.status_code == 403


def test_past_publications_and_closings_join_the_call_s_history(advisor, programme):
    """The data migration copies the audit events the services wrote before the lifecycle."""
    call, other = complete_call(programme), complete_call(programme)
    with time_machine.travel(datetime(2025, 3, 1, 9, tzinfo=PARIS), tick=False):
        audit_event_record(
            actor=advisor,
            obj=call,
            action="call.published",
            changes={"status": ["draft", "published"]},
        )
    with time_machine.travel(datetime(2025, 6, 30, 12, tzinfo=PARIS), tick=False):
        audit_event_record(
            actor=None, obj=call, action="call.closed", changes={"status": ["published", "closed"]}
        )
    audit_event_record(actor=advisor, obj=other, action="call.updated", changes={"title": []})
    migration = importlib.import_module("essaim.programmes.migrations.0007_call_history_from_audit")
    migration.copy_moves_from_audit(apps, None)
    assert [
        (m.call, m.transition, m.from_status, m.to_status, m.actor, m.created_at)
        for m in CallTransition.objects.all()
    ] == [
        (call, "publish", S.DRAFT, S.PUBLISHED, advisor, datetime(2025, 3, 1, 9, tzinfo=PARIS)),
        (call, "close", S.PUBLISHED, S.CLOSED, None, datetime(2025, 6, 30, 12, tzinfo=PARIS)),
    ]
