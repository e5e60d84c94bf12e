from typing import TypedDict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from essaim.accounts.models import User

from .models import (
    Call,
    CallQuerySet,
    CallTransition,
    Programme,
    ProgrammeQuerySet,
    ProgrammeStep,
)
from .policies import visible_calls, visible_programmes


def programme_list(queryset: ProgrammeQuerySet) -> ProgrammeQuerySet:
    return (
        queryset.top_level()
        .select_related("operator")
        .prefetch_related("regions", "themes", "children")
        .order_by("name")
    )


def programme_detail(queryset: ProgrammeQuerySet, slug: str) -> ProgrammeQuerySet:
    return (
        queryset.filter(slug=slug)
        .select_related("operator", "parent")
        .prefetch_related(
            "funders",
            "partners",
            "regions",
            "departments",
            "themes",
            Prefetch("steps", queryset=ProgrammeStep.objects.order_by("kind", "order")),
            Prefetch(
                "children",
                queryset=queryset.select_related("operator").prefetch_related(
                    "departments", "regions"
                ),
            ),
            "cohorts__theme",
        )
    )


def calls_of(calls_queryset: CallQuerySet, programme: Programme) -> CallQuerySet:
    return calls_queryset.filter(programme=programme).order_by("-opens_at")


def call_detail(queryset: CallQuerySet, slug: str) -> CallQuerySet:
    return (
        queryset.filter(slug=slug)
        .select_related("programme__operator")
        .prefetch_related("milestones", "criteria", "themes")
    )


def programmes_with_call_counts(queryset: ProgrammeQuerySet) -> ProgrammeQuerySet:
    """The advisor's programmes page: each programme's calls, newest first, with how many
    applications were submitted and how many are still drafts."""
    calls = Call.objects.annotate(
        submitted_count=Count(
            "applications", filter=~Q(applications__status="draft"), distinct=True
        ),
        draft_count=Count("applications", filter=Q(applications__status="draft"), distinct=True),
    ).order_by("-created_at")
    return (
        queryset.select_related("operator", "parent")
        .prefetch_related(Prefetch("calls", queryset=calls))
        .order_by("operator__name", "name")
    )


def call_history(call: Call) -> QuerySet[CallTransition]:
    """A call's moves, oldest first, with who made them (the call's management box)."""
    return call.transitions.select_related("actor")


def open_calls(calls_queryset: CallQuerySet, *, limit: int = 6) -> CallQuerySet:
    return (
        Call.objects.filter(pk__in=calls_queryset.open().values("pk"))
        .select_related("programme")
        .order_by("closes_at")[:limit]
    )


class HomeProgrammes(TypedDict):
    programmes: ProgrammeQuerySet
    open_calls: CallQuerySet


def home_programmes(user: User | AnonymousUser) -> HomeProgrammes:
    """The programmes and open calls the home page shows to this visitor or user."""
    return {
        "programmes": programme_list(visible_programmes(user)),
        "open_calls": open_calls(visible_calls(user)),
    }
