from typing import TypedDict

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, F, IntegerField, Min, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

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
        .prefetch_related("regions", "children")
        .order_by("name", "pk")
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


def open_calls(calls_queryset: CallQuerySet) -> CallQuerySet:
    """Open calls, closing soonest first (those without a closing date last)."""
    return (
        Call.objects.filter(pk__in=calls_queryset.open().values("pk"))
        .select_related("programme")
        .order_by(F("closes_at").asc(nulls_last=True), "pk")
    )


# The home page shows this many open calls and programmes; the lists behind its links show all.
HOME_LIMIT = 12


def programmes_with_open_calls_first(
    queryset: ProgrammeQuerySet, calls_queryset: CallQuerySet, *, limit: int
) -> ProgrammeQuerySet:
    """`limit` top-level programmes: those with an open call, the one closing soonest first
    (a sub-programme's call counts for its parent), then the latest created."""
    soonest = (
        Call.objects.filter(pk__in=calls_queryset.open().values("pk"))
        .values(top=Coalesce("programme__parent_id", "programme_id"))
        .annotate(closing=Min("closes_at"))
        .order_by(F("closing").asc(nulls_last=True), "top")
        .values_list("top", flat=True)[:limit]
    )
    first = list(soonest)
    order = Case(
        *(When(pk=pk, then=Value(position)) for position, pk in enumerate(first)),
        default=Value(len(first)),
        output_field=IntegerField(),
    )
    return (
        programme_list(queryset)
        .annotate(home_order=order)
        .order_by("home_order", "-created_at", "pk")[:limit]
    )


class HomeProgrammes(TypedDict):
    programmes: ProgrammeQuerySet
    open_calls: CallQuerySet


def home_programmes(user: User | AnonymousUser) -> HomeProgrammes:
    """What the home page shows this visitor or user: a few open calls, closing soonest,
    and a few programmes (see programmes_with_open_calls_first), never every one."""
    calls = visible_calls(user)
    return {
        "programmes": programmes_with_open_calls_first(
            visible_programmes(user), calls, limit=HOME_LIMIT
        ),
        "open_calls": open_calls(calls)[:HOME_LIMIT],
    }
