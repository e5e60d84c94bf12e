import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.applications.models import ApplicationStatus, CoApplicant
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.cohorts.models import Cohort, CohortMembership, CompositionRun
from essaim.cohorts.services.composition import (
    call_candidates,
    composition_accept,
    composition_move,
    composition_run_create,
    value_chain_of,
)
from essaim.cohorts.services.membership import membership_add, membership_change_status
from essaim.organisations.models import ActivityCode
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
OPTIONS = {
    "min_size": 3,
    "max_size": 4,
    "weights": {"need": 1, "complementarity": 1, "territory": 1},
    "time_limit": 5,
}
NEEDS = [
    "Mutualiser un logiciel de gestion des adhérents",
    "Partager un logiciel de suivi des bénéficiaires",
    "Créer une boutique en ligne commune",
    "Répondre ensemble aux marchés publics de restauration",
    "Constituer un groupement pour les marchés publics d'entretien",
    "Se positionner sur les marchés publics avec des clauses sociales",
    "Structurer une filière de réemploi des matériaux",
]


@pytest.fixture
def call(role_users):
    programme = ProgrammeFactory(operator=role_users["advisor"].organisations.get())
    call = CallFactory(programme=programme)
    sectors = ["62.01Z", "88.99B", "47.91B", "56.29A", "81.30Z", "38.32Z", "38.11Z"]
    for need, sector in zip(NEEDS, sectors, strict=True):
        organisation = OrganisationFactory(naf_code=ActivityCode.objects.get(code=sector))
        ApplicationFactory(
            call=call, organisation=organisation, need=need, status=ApplicationStatus.ADMITTED
        )
    return call


def test_value_chain_positions_come_from_naf_codes():
    assert value_chain_of("38.11Z") == ("collecte",)
    assert value_chain_of("38.32Z") == ("reemploi",)
    assert value_chain_of("38.21Z") == ("recyclage",)
    assert value_chain_of("56.10A") == ("transformation",)
    assert value_chain_of("99.00Z") == ()


def test_candidates_are_admitted_organisations_with_co_applicants_grouped(call):
    application = call.applications.first()
    partner = CoApplicantFactory(application=application, status=CoApplicant.Status.CONFIRMED)
    CoApplicantFactory(application=application)  # invited only: not a candidate
    ApplicationFactory(call=call, status=ApplicationStatus.ELIGIBLE)  # not admitted
    candidates, index = call_candidates(call)
    assert len(candidates) == 8
    grouped = [c for c in candidates if c.group]
    assert {c.id for c in grouped} == {
        str(application.organisation_id),
        str(partner.organisation_id),
    }
    assert index[str(partner.organisation_id)]["application"] == application.pk


def test_a_run_is_kept_moves_rescore_and_accepting_creates_cohorts_with_history(call, role_users):
    advisor = role_users["advisor"]
    run = composition_run_create(actor=advisor, call=call, options=OPTIONS)
    assert run.status == CompositionRun.Status.PROPOSED
    assert run.candidates and run.options == OPTIONS and run.result["cohorts"]
    sizes = sorted(len(c["members"]) for c in run.result["cohorts"])
    assert sizes == [3, 4]
    # Moving one organisation changes the assignment the scores are computed from.
    small, big = sorted(run.result["cohorts"], key=lambda c: len(c["members"]))
    member = small["members"][0]
    composition_move(actor=advisor, run=run, candidate_id=member, to_index=big["index"])
    run.refresh_from_db()
    assert run.assignment[member] == big["index"]
    with pytest.raises(ValidationError, match="entre 3 et 4"):
        composition_accept(actor=advisor, run=run)  # 5 and 2 now: sizes are checked again
    composition_move(actor=advisor, run=run, candidate_id=member, to_index=small["index"])
    cohorts = composition_accept(actor=advisor, run=run)
    assert len(cohorts) == 2
    assert CohortMembership.objects.filter(cohort__call=call).count() == 7
    membership = CohortMembership.objects.first()
    assert membership.application is not None
    assert membership.changes.get().to_status == "active"
    with pytest.raises(ValidationError, match="n'est pas possible au statut « Acceptée »"):
        composition_accept(actor=advisor, run=run)
    # Accepted organisations are no longer candidates for this call.
    assert call_candidates(call)[0] == []


def test_an_impossible_composition_says_which_constraint_blocks(call, role_users):
    with pytest.raises(ValidationError) as error:
        composition_run_create(
            actor=role_users["advisor"],
            call=call,
            options={**OPTIONS, "min_size": 8, "max_size": 9},
        )
    assert "7 candidats" in error.value.messages[0] or "taille" in error.value.messages[0]


def test_membership_status_changes_need_a_reason_and_are_recorded(role_users):
    cohort = Cohort.objects.create(programme=ProgrammeFactory(), name="Cohorte test")
    advisor = role_users["advisor"]
    membership = membership_add(actor=advisor, cohort=cohort, organisation=OrganisationFactory())
    with pytest.raises(ValidationError, match="motif"):
        membership_change_status(
            actor=advisor, membership=membership, transition="to_individual_path", reason=""
        )
    membership_change_status(
        actor=advisor,
        membership=membership,
        transition="to_individual_path",
        reason="Ne rejoint pas la co-construction",
    )
    membership_change_status(
        actor=advisor, membership=membership, transition="withdraw", reason="Fin"
    )
    with pytest.raises(ValidationError):
        membership_change_status(
            actor=advisor, membership=membership, transition="rejoin", reason="Retour"
        )
    assert [(c.transition, c.to_status) for c in membership.changes.all()] == [
        ("create", "active"),
        ("to_individual_path", "individual_path"),
        ("withdraw", "withdrawn"),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("advisor", 200),
        ("admin", 200),
        ("member", 403),
        ("expert", 403),
        ("funder", 403),
        ("outsider", 403),
    ],
)
def test_only_the_operators_advisors_compose(client, role_users, call, role, status):
    client.force_login(role_users[role])
    assert client.get(reverse("cohorts:composition_start", args=[call.slug])).status_code == status


def test_a_run_is_invisible_to_other_operators(client, role_users, call):
    run = composition_run_create(actor=role_users["advisor"], call=call, options=OPTIONS)
    other = MembershipFactory(
        organisation=OrganisationFactory(operator=True), role=Role.ADVISOR
    ).user
    client.force_login(other)
    assert client.get(reverse("cohorts:composition_run", args=[run.pk])).status_code == 404
    assert (
        client.post(
            reverse("cohorts:composition_move", args=[run.pk]), {"candidate": "1", "to": 0}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("advisor", True),
        ("member", True),
        ("other_member", False),
        ("funder", False),
        ("expert", False),
    ],
)
def test_who_sees_a_cohort(client, role_users, role, visible):
    cohort = Cohort.objects.create(
        programme=ProgrammeFactory(operator=role_users["advisor"].organisations.get()),
        name="Cohorte 1",
    )
    membership_add(actor=None, cohort=cohort, organisation=role_users["member"].organisations.get())
    user = MembershipFactory().user if role == "other_member" else role_users[role]
    client.force_login(user)
    response = client.get(reverse("cohorts:detail", args=[cohort.pk]))
    assert response.status_code == (200 if visible else 404)


@pytest.mark.parametrize("members", [1, 9])
def test_cohort_and_composition_pages_take_a_fixed_number_of_queries(
    client, role_users, call, django_assert_num_queries, members
):
    from datetime import timedelta

    from django.utils import timezone

    from essaim.sessions.models import Session

    advisor = role_users["advisor"]
    cohort = Cohort.objects.create(programme=call.programme, name="Cohorte mesurée")
    client.force_login(advisor)

    def grow(n):
        for _ in range(n):
            membership = membership_add(
                actor=advisor, cohort=cohort, organisation=OrganisationFactory()
            )
            membership_change_status(
                actor=advisor,
                membership=membership,
                transition="to_individual_path",
                reason="Test",
            )
            Session.objects.create(
                cohort=cohort,
                kind="workshop",
                title="Atelier",
                starts_at=timezone.now() - timedelta(days=3),
            )

    grow(members)
    # Session, user, memberships (one read), MFA device; the cohort, its memberships, their
    # status changes and authors, its advisors and experts, its sessions; may the user manage it;
    # failed e-mails; the organisations that may join.
    with django_assert_num_queries(14):
        assert client.get(reverse("cohorts:detail", args=[cohort.pk])).status_code == 200

    run = composition_run_create(actor=advisor, call=call, options=OPTIONS)
    # Session, user, memberships (one read), MFA device; the run; the programme's other cohorts;
    # the departments; failed e-mails.
    with django_assert_num_queries(8):
        assert client.get(reverse("cohorts:composition_run", args=[run.pk])).status_code == 200


def test_the_operators_advisor_edits_a_cohort_team_and_others_cannot(client, role_users):
    advisor = role_users["advisor"]
    programme = ProgrammeFactory(operator=advisor.organisations.get())
    expert = role_users["expert"]
    programme.experts.add(expert)
    cohort = Cohort.objects.create(programme=programme, name="Cohorte 1")
    url = reverse("cohorts:update", args=[cohort.pk])
    data = {
        "name": "Cohorte Bocage",
        "description": "",
        "start_date": "2027-02-01",
        "end_date": "2027-01-01",
        "min_size": 5,
        "max_size": 6,
        "advisors": [advisor.pk],
        "experts": [expert.pk],
    }
    client.force_login(role_users["member"])
    assert client.get(url).status_code == 404
    client.force_login(advisor)
    refused = client.post(url, data)
    assert "doit suivre son début" in refused.content.decode()
    assert 'value="Cohorte Bocage"' in refused.content.decode()
    assert client.post(url, {**data, "end_date": "2027-07-31"}).status_code == 302
    cohort.refresh_from_db()
    assert cohort.name == "Cohorte Bocage"
    assert list(cohort.experts.all()) == [expert] and list(cohort.advisors.all()) == [advisor]
    # The expert now sees the cohort, and only that one.
    client.force_login(expert)
    assert client.get(reverse("cohorts:detail", args=[cohort.pk])).status_code == 200


def test_the_cohort_page_shows_hours_of_support_from_signed_attendance(client, role_users):
    from datetime import timedelta

    from django.utils import timezone

    from essaim.sessions.models import Attendance, Session

    advisor = role_users["advisor"]
    cohort = Cohort.objects.create(
        programme=ProgrammeFactory(operator=advisor.organisations.get()), name="Cohorte 1"
    )
    organisation = OrganisationFactory(name="Recyclerie du Bessin")
    membership_add(actor=advisor, cohort=cohort, organisation=organisation)
    person = MembershipFactory(organisation=organisation).user
    for _ in range(2):
        session = Session.objects.create(
            cohort=cohort,
            kind="workshop",
            title="Atelier",
            duration_minutes=180,
            starts_at=timezone.now() - timedelta(days=2),
        )
        Attendance.objects.create(
            session=session, user=person, organisation=organisation, method="self"
        )
    client.force_login(advisor)
    page = client.get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
    row = page[page.index("Heures d'accompagnement") :]
    assert "Recyclerie du Bessin</td><td>2</td><td>6</td>" in row


def test_a_withdrawn_organisation_keeps_its_sessions_but_no_longer_reads_the_cohort(
    client, role_users
):
    from django.utils import timezone

    from essaim.sessions.models import Participant, Session

    advisor, member = role_users["advisor"], role_users["member"]
    cohort = Cohort.objects.create(
        programme=ProgrammeFactory(operator=advisor.organisations.get()), name="Cohorte 1"
    )
    membership = membership_add(
        actor=advisor, cohort=cohort, organisation=member.organisations.get()
    )
    session = Session.objects.create(
        cohort=cohort, kind="workshop", title="Atelier", starts_at=timezone.now()
    )
    Participant.objects.create(session=session, user=member, organisation=membership.organisation)
    later = Session.objects.create(
        cohort=cohort, kind="workshop", title="Après", starts_at=timezone.now()
    )
    membership_change_status(
        actor=advisor, membership=membership, transition="withdraw", reason="Départ"
    )
    client.force_login(member)
    assert client.get(reverse("cohorts:detail", args=[cohort.pk])).status_code == 404
    assert client.get(reverse("sessions:session_detail", args=[session.pk])).status_code == 200
    assert client.get(reverse("sessions:session_detail", args=[later.pk])).status_code == 404


def test_the_advisor_weights_territory_per_theme_and_the_run_keeps_it(client, role_users, call):
    theme = call.programme.themes.create(name="Accès à la commande publique")
    call.themes.add(theme)
    client.force_login(role_users["advisor"])
    url = reverse("cohorts:composition_start", args=[call.slug])
    page = client.get(url).content.decode()
    assert "Multiplicateur de proximité pour « Accès à la commande publique »" in page
    data = {
        "min_size": 3,
        "max_size": 4,
        "need_weight": 1,
        "complementarity_weight": 1,
        "territory_weight": 1,
        "time_limit": 5,
        "territory_theme_0": 2.5,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    run = CompositionRun.objects.get()
    assert run.options["theme_territory_weights"] == {"Accès à la commande publique": 2.5}
    assert run.options["weights"] == {"need": 1.0, "complementarity": 1.0, "territory": 1.0}


@pytest.mark.parametrize("role", ["member", "expert", "funder", "outsider", "other_advisor"])
def test_accepting_a_run_and_changing_a_members_status_are_refused_to_others(
    client, role_users, call, role
):
    advisor = role_users["advisor"]
    run = composition_run_create(actor=advisor, call=call, options=OPTIONS)
    cohort = Cohort.objects.create(programme=call.programme, name="Cohorte 1")
    membership = membership_add(actor=advisor, cohort=cohort, organisation=OrganisationFactory())
    user = (
        MembershipFactory(organisation=OrganisationFactory(operator=True), role=Role.ADVISOR).user
        if role == "other_advisor"
        else role_users[role]
    )
    client.force_login(user)
    accept = client.post(reverse("cohorts:composition_accept", args=[run.pk]))
    assert accept.status_code in (403, 404)
    status = client.post(
        reverse("cohorts:membership_status", args=[membership.pk]),
        {"transition": "withdraw", "reason": "Piraté", "confirmed": "1"},
    )
    assert status.status_code in (403, 404)
    run.refresh_from_db()
    membership.refresh_from_db()
    assert run.status == CompositionRun.Status.PROPOSED and membership.status == "active"
