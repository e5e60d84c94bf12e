"""Memberships and composition runs move only along their lifecycles: each move is named, logged
with who and why, and the cohort page offers a member only the moves its status allows, to those
who manage it. (Accepting a composition on its page: test_composition_board.)"""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from essaim.cohorts.models import (
    COMPOSITION_LIFECYCLE,
    MEMBERSHIP_LIFECYCLE,
    CohortMembership,
    CohortMembershipChange,
    CompositionRun,
)
from essaim.cohorts.services.composition import composition_accept
from essaim.cohorts.services.membership import membership_add, membership_change_status
from essaim.cohorts.signals import membership_left
from essaim.cohorts.tests.factories import CohortMembershipFactory, cohort_scenario
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.tests.factories import CallFactory

pytestmark = pytest.mark.django_db
M = CohortMembership.Status
R = CompositionRun.Status

# The moves of each lifecycle, written out once more so that a change to a lifecycle is seen.
EXPECTED_MEMBERSHIP_MOVES = {
    M.ACTIVE: {("to_individual_path", M.INDIVIDUAL_PATH), ("withdraw", M.WITHDRAWN)},
    M.INDIVIDUAL_PATH: {("rejoin", M.ACTIVE), ("withdraw", M.WITHDRAWN)},
    M.WITHDRAWN: set(),
}
EXPECTED_COMPOSITION_MOVES = {
    R.PROPOSED: {("accept", R.ACCEPTED)},
    R.ACCEPTED: set(),
}


@pytest.mark.parametrize("source", M.values)
def test_the_membership_lifecycle_allows_exactly_the_expected_moves(source):
    membership = CohortMembership(status=source)
    moves = {(t.name, t.target) for t in MEMBERSHIP_LIFECYCLE.available(membership)}
    assert moves == EXPECTED_MEMBERSHIP_MOVES[source]


@pytest.mark.parametrize("source", R.values)
def test_the_composition_lifecycle_allows_exactly_the_expected_moves(source):
    run = CompositionRun(status=source)
    moves = {(t.name, t.target) for t in COMPOSITION_LIFECYCLE.available(run)}
    assert moves == EXPECTED_COMPOSITION_MOVES[source]


def test_accepting_an_accepted_run_is_refused_and_leaves_no_trace(role_users):
    run = CompositionRun.objects.create(
        call=CallFactory(), candidates=[], options={}, result={}, status=R.ACCEPTED
    )
    with pytest.raises(ValidationError) as error:
        composition_accept(actor=role_users["advisor"], run=run)
    assert error.value.code == "forbidden_transition"
    assert error.value.messages == [
        "« Accepter la composition » n'est pas possible au statut « Acceptée »."
    ]
    assert not run.transitions.exists() and not run.cohorts.exists()


@pytest.mark.parametrize(
    ("source", "transition"),
    MEMBERSHIP_LIFECYCLE.moves(allowed=False),
)
def test_every_forbidden_membership_move_is_refused_and_leaves_no_trace(
    role_users, source, transition
):
    membership = CohortMembershipFactory(status=source)
    with pytest.raises(ValidationError) as error:
        membership_change_status(
            actor=role_users["advisor"], membership=membership, transition=transition, reason="Test"
        )
    assert error.value.code == "forbidden_transition"
    membership.refresh_from_db()
    assert membership.status == source and not membership.changes.exists()


@pytest.mark.parametrize(
    ("source", "transition"),
    MEMBERSHIP_LIFECYCLE.moves(allowed=True),
)
def test_each_membership_move_is_logged_with_who_which_and_why(role_users, source, transition):
    advisor = role_users["advisor"]
    membership = CohortMembershipFactory(status=source)
    membership_change_status(
        actor=advisor, membership=membership, transition=transition, reason="Décidé en comité"
    )
    target = MEMBERSHIP_LIFECYCLE[transition].target
    membership.refresh_from_db()
    assert membership.status == target
    log = membership.changes.get()
    assert (log.transition, log.from_status, log.to_status, log.actor, log.reason) == (
        transition,
        source,
        target,
        advisor,
        "Décidé en comité",
    )


def test_joining_a_cohort_starts_the_history(role_users):
    advisor = role_users["advisor"]
    membership = membership_add(
        actor=advisor,
        cohort=CohortMembershipFactory().cohort,
        organisation=OrganisationFactory(),
        reason="Composition acceptée",
    )
    log = membership.changes.get()
    assert (log.transition, log.from_status, log.to_status, log.actor, log.reason) == (
        "create",
        "",
        M.ACTIVE,
        advisor,
        "Composition acceptée",
    )
    assert str(log) == "— → Active"


def test_an_unknown_move_is_refused_in_french(role_users):
    membership = CohortMembershipFactory()
    with pytest.raises(ValidationError) as error:
        membership_change_status(
            actor=role_users["advisor"], membership=membership, transition="promote", reason="Test"
        )
    assert error.value.messages == ["Changement de statut inconnu : « promote »."]
    assert not membership.changes.exists()


def test_only_a_withdrawal_tells_the_apps_above(role_users):
    heard = []

    def receiver(sender, *, membership, actor, **kwargs):
        heard.append((membership.pk, actor))

    membership_left.connect(receiver)
    try:
        advisor = role_users["advisor"]
        membership = CohortMembershipFactory()
        membership_change_status(
            actor=advisor, membership=membership, transition="to_individual_path", reason="Test"
        )
        assert heard == []
        membership_change_status(
            actor=advisor, membership=membership, transition="withdraw", reason="Départ"
        )
        assert heard == [(membership.pk, advisor)]
    finally:
        membership_left.disconnect(receiver)


def test_existing_changes_get_their_names_from_their_statuses():
    membership = CohortMembershipFactory()
    rows = [("", M.ACTIVE), (M.ACTIVE, M.INDIVIDUAL_PATH), (M.INDIVIDUAL_PATH, M.ACTIVE)]
    rows += [(M.ACTIVE, M.WITHDRAWN)]
    for from_status, to_status in rows:
        CohortMembershipChange.objects.create(
            membership=membership, transition="", from_status=from_status, to_status=to_status
        )
    name = "0007_membership_transition_names"
    migration = importlib.import_module(f"essaim.cohorts.migrations.{name}")
    state = MigrationLoader(connection).project_state(("cohorts", name))
    migration.name_changes(state.apps, None)
    assert [c.transition for c in membership.changes.all()] == [
        "create",
        "to_individual_path",
        "rejoin",
        "withdraw",
    ]


# --- The cohort page offers what the lifecycle and the policy allow ------------------------------


def status_form_of(page: str, membership: CohortMembership) -> str:
    action = reverse("cohorts:membership_status", args=[membership.pk])
    if f'action="{action}"' not in page:
        return ""
    form = page[page.index(f'action="{action}"') :]
    return form[: form.index("</form>")]


def test_each_member_is_offered_only_the_moves_its_status_allows(client, role_users):
    scenario = cohort_scenario(role_users)
    cohort = scenario["cohort"]
    active = cohort.memberships.get(organisation=scenario["second"])
    individual = cohort.memberships.get(organisation=scenario["member_organisation"])
    membership_change_status(
        actor=role_users["advisor"],
        membership=individual,
        transition="to_individual_path",
        reason="Besoin propre",
    )
    withdrawn = cohort.memberships.get(organisation=scenario["withdrawn"])
    client.force_login(role_users["advisor"])
    page = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()

    offered = status_form_of(page, active)
    assert '<option value="to_individual_path">Passer en parcours individuel</option>' in offered
    assert '<option value="withdraw">Sortie du programme</option>' in offered
    assert "rejoin" not in offered
    offered = status_form_of(page, individual)
    assert '<option value="rejoin">Revenir dans le collectif</option>' in offered
    assert "to_individual_path" not in offered and 'value="withdraw"' in offered
    assert status_form_of(page, withdrawn) == ""  # a withdrawal is final: nothing to offer


@pytest.mark.parametrize("role", ["member", "expert"])
def test_those_who_read_the_cohort_without_managing_it_are_offered_no_move(
    client, role_users, role
):
    scenario = cohort_scenario(role_users)
    client.force_login(role_users[role])
    page = client.get(reverse("cohorts:detail", args=[scenario["cohort"].pk])).content.decode()
    assert "Changer le statut" not in page
    assert all(status_form_of(page, m) == "" for m in scenario["cohort"].memberships.all())


def test_a_move_the_status_no_longer_allows_is_refused_in_french(client, role_users):
    scenario = cohort_scenario(role_users)
    withdrawn = scenario["cohort"].memberships.get(organisation=scenario["withdrawn"])
    client.force_login(role_users["advisor"])
    response = client.post(
        reverse("cohorts:membership_status", args=[withdrawn.pk]),
        {"transition": "rejoin", "reason": "Retour", "confirmed": "1"},
    )
    assert response.status_code == 400
    assert "Ce changement de statut n&#x27;est pas possible pour cette structure." in (
        response.content.decode()
    )
    withdrawn.refresh_from_db()
    assert withdrawn.status == M.WITHDRAWN and not withdrawn.changes.exists()


def test_a_withdrawal_asks_for_confirmation_first(client, role_users):
    scenario = cohort_scenario(role_users)
    membership = scenario["cohort"].memberships.get(organisation=scenario["second"])
    client.force_login(role_users["advisor"])
    url = reverse("cohorts:membership_status", args=[membership.pk])
    data = {"transition": "withdraw", "reason": "Cessation d'activité"}
    page = client.post(url, data).content.decode().replace("&#x27;", "'")
    assert "Sortie du programme de Recyclerie du Bessin ?" in page
    assert "Recyclerie du Bessin sortira de la cohorte « Cohorte Bessin »" in page
    assert "« Cessation d'activité »" in page
    membership.refresh_from_db()
    assert membership.status == M.ACTIVE

    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    membership.refresh_from_db()
    assert membership.status == M.WITHDRAWN
    assert membership.changes.get().reason == "Cessation d'activité"


def test_moving_to_the_individual_path_needs_no_confirmation(client, role_users):
    scenario = cohort_scenario(role_users)
    membership = scenario["cohort"].memberships.get(organisation=scenario["second"])
    client.force_login(role_users["advisor"])
    response = client.post(
        reverse("cohorts:membership_status", args=[membership.pk]),
        {"transition": "to_individual_path", "reason": "Besoin individuel"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == M.INDIVIDUAL_PATH
