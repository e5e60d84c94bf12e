"""Reads about cohorts that pages share."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from essaim.accounts.models import Role, User
from essaim.organisations.models import Membership
from essaim.programmes.models import Programme

from .models import Cohort, CohortMembership, CompositionRun
from .policies import visible_cohorts

DASHBOARD_COHORTS = 10


def dashboard_cohorts(user: User | AnonymousUser) -> QuerySet[Cohort]:
    """The latest cohorts a user can open, for their dashboard."""
    return (
        visible_cohorts(user)
        .select_related("programme")
        .order_by("-start_date")[:DASHBOARD_COHORTS]
    )


def cohort_for_page(queryset: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """The cohort page: its programme, theme and call, its team, its members with their status
    history."""
    memberships = CohortMembership.objects.select_related(
        "organisation__head_office_commune"
    ).prefetch_related("changes__actor")
    return queryset.select_related("programme__operator", "theme", "call").prefetch_related(
        Prefetch("memberships", queryset=memberships), "advisors", "experts"
    )


def membership_for_status(queryset: QuerySet[CohortMembership]) -> QuerySet[CohortMembership]:
    """A member whose status changes: its cohort and organisation are named on the page."""
    return queryset.select_related("cohort", "organisation")


def composition_run_for_page(queryset: QuerySet[CompositionRun]) -> QuerySet[CompositionRun]:
    return queryset.select_related("call__programme")


def advisor_choices(programme: Programme) -> QuerySet[User]:
    """Who may be a cohort's advisor: the advisors of its programme's operator."""
    advisors = Membership.objects.filter(organisation=programme.operator_id, role=Role.ADVISOR)
    return User.objects.filter(pk__in=advisors.values("user_id"))
