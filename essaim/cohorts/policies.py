"""Who may see and manage cohorts (their sessions: essaim.sessions.policies).

- advisors of the programme's operator (and administrators) manage its cohorts, their members'
  status included (the moves MEMBERSHIP_LIFECYCLE allows);
- advisors of the programme's operator (and administrators) compose its cohorts and accept a
  composition (COMPOSITION_LIFECYCLE);
- a cohort's experts see it;
- members of an organisation see the cohorts it belongs to, until it withdraws;
- funders and everyone else see nothing here (they get aggregated reports elsewhere).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from essaim.accounts.models import Role, User
from essaim.core.policies import cached_for_request
from essaim.organisations.policies import organisation_ids
from essaim.programmes.policies import can_manage_programme

from .models import (
    COMPOSITION_LIFECYCLE,
    MEMBERSHIP_LIFECYCLE,
    Cohort,
    CohortMembership,
    CompositionRun,
)

# Members of an organisation read its cohorts while it takes part (not once it withdrew).
READING_MEMBERSHIPS = [CohortMembership.Status.ACTIVE, CohortMembership.Status.INDIVIDUAL_PATH]


def cohort_managers_condition(user: User, *, via: str = "") -> Q:
    """The cohorts `user` (signed in, not an administrator) manages, as a condition on a cohort,
    or on the cohort a row points to through `via` ("cohort__"). Each term reads one column of
    the row (an id in a short subquery of the user's own rows): no join that repeats the row, so
    no DISTINCT, and PostgreSQL can start from an index."""
    operators = organisation_ids(user, Role.ADVISOR)
    advised = Cohort.advisors.through.objects.filter(user=user).values("cohort_id")
    condition = Q(**{f"{via}pk__in": advised})
    if operators:
        condition |= Q(**{f"{via}programme__operator_id__in": operators})
    return condition


def cohort_readers_condition(user: User, *, via: str = "") -> Q:
    """The cohorts `user` (signed in, not an administrator) sees, as cohort_managers_condition."""
    members_of = organisation_ids(user, Role.MEMBER)
    experts = Cohort.experts.through.objects.filter(user=user).values("cohort_id")
    condition = cohort_managers_condition(user, via=via) | Q(**{f"{via}pk__in": experts})
    if members_of:
        # An organisation that withdrew no longer reads the cohort (others' minutes, agendas);
        # its people keep the sessions they were invited to (essaim.sessions.policies).
        memberships = CohortMembership.objects.filter(
            organisation_id__in=members_of, status__in=READING_MEMBERSHIPS
        ).values("cohort_id")
        condition |= Q(**{f"{via}pk__in": memberships})
    return condition


def managed_cohorts(user: User | AnonymousUser) -> QuerySet[Cohort]:
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.is_superuser:
        return Cohort.objects.all()
    return Cohort.objects.filter(cohort_managers_condition(user))


def visible_cohorts(user: User | AnonymousUser) -> QuerySet[Cohort]:
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.is_superuser:
        return Cohort.objects.all()
    return Cohort.objects.filter(cohort_readers_condition(user))


def visible_memberships(user: User | AnonymousUser) -> QuerySet[CohortMembership]:
    """A cohort's members are seen by whoever sees the cohort."""
    return CohortMembership.objects.filter(cohort__in=visible_cohorts(user))


def visible_composition_runs(user: User | AnonymousUser) -> QuerySet[CompositionRun]:
    """A composition run is its programme's managers' business (can_manage_programme): to
    anyone else it does not exist."""
    if not user.is_authenticated:
        return CompositionRun.objects.none()
    if user.is_superuser:
        return CompositionRun.objects.all()
    return CompositionRun.objects.filter(
        call__programme__operator_id__in=organisation_ids(user, Role.ADVISOR)
    )


def can_manage_cohort(user: User | AnonymousUser, cohort: Cohort) -> bool:
    """Cached for the request's user: the cohort page asks again for each of its members."""
    if not user.is_authenticated:
        return False
    return cached_for_request(
        user,
        ("manages_cohort", cohort.pk),
        # Without DISTINCT the database starts from the row's key and tests only that row.
        lambda: managed_cohorts(user).filter(pk=cohort.pk).exists(),
    )


def allowed_membership_transitions(
    user: User | AnonymousUser, membership: CohortMembership
) -> set[str]:
    """The lifecycle's transitions this user may take on the membership now: the cohort's
    managers take any its status allows, nobody else any."""
    if not can_manage_cohort(user, membership.cohort):
        return set()
    return {t.name for t in MEMBERSHIP_LIFECYCLE.available(membership)}


def allowed_composition_transitions(user: User | AnonymousUser, run: CompositionRun) -> set[str]:
    """The lifecycle's transitions this user may take on a composition run now: the
    programme's managers accept a proposal (and move organisations while it is one)."""
    if not can_manage_programme(user, run.call.programme):
        return set()
    return {t.name for t in COMPOSITION_LIFECYCLE.available(run)}
