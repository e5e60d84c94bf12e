from datetime import datetime
from typing import Any, TypedDict

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from essaim.accounts.models import User
from essaim.organisations.models import Organisation
from essaim.organisations.policies import organisations_of
from essaim.programmes.models import Call, Programme
from essaim.programmes.policies import can_manage_programme, managed_programmes

from .models import (
    DECIDABLE,
    Application,
    ApplicationDocument,
    ApplicationQuerySet,
    ApplicationStatus,
    CoApplicant,
    DecisionTemplate,
    ExpertOpinion,
    Interview,
    TimelineEntry,
)
from .policies import screened_calls, visible_applications

STEPS = [
    ("besoin", "Besoin"),
    ("binome", "Binôme"),
    ("questions", "Questions"),
    ("documents", "Pièces jointes"),
    ("co-candidats", "Co-candidats"),
    ("depot", "Vérification et dépôt"),
]
# The items of a request for information (services.APPLICANT_ITEMS) each step lets one edit.
STEP_ITEMS = {
    "besoin": {"need", "theme"},
    "binome": {"pair"},
    "questions": {"answers"},
    "documents": {"documents"},
}


class Step(TypedDict):
    key: str
    label: str
    number: int
    total: int
    open: bool


def application_steps(application: Application) -> list[Step]:
    """The form's steps; after a request for information only the reopened ones are open,
    and the last one sends the answer instead of submitting."""
    reopened = set(application.reopened_items)
    steps: list[Step] = []
    for number, (key, label) in enumerate(STEPS, start=1):
        if key == "depot" and reopened:
            label = "Transmettre les compléments"
        is_open = not reopened or key == "depot" or bool(STEP_ITEMS.get(key, set()) & reopened)
        steps.append(
            {"key": key, "label": label, "number": number, "total": len(STEPS), "open": is_open}
        )
    return steps


def next_open_step(steps: list[Step], key: str) -> str:
    keys = [s["key"] for s in steps]
    later = [s["key"] for s in steps[keys.index(key) + 1 :] if s["open"]]
    return later[0] if later else key


def applications_of(
    queryset: ApplicationQuerySet, *, organisations: QuerySet[Organisation]
) -> ApplicationQuerySet:
    """The applicant's list: the files their organisations lead or joined as confirmed
    co-applicants, latest change first."""
    return (
        queryset.filter(
            Q(organisation__in=organisations)
            | Q(
                pk__in=CoApplicant.objects.filter(
                    organisation__in=organisations, status=CoApplicant.Status.CONFIRMED
                ).values("application_id")
            )
        )
        .select_related("call__programme", "organisation")
        .order_by("-updated_at")
    )


def application_of(
    queryset: ApplicationQuerySet, *, call: Call, organisation: Organisation
) -> Application | None:
    """The organisation's application to the call, if it has one (one per call)."""
    return queryset.filter(call=call, organisation=organisation).first()


def pending_invitations(organisations: QuerySet[Organisation]) -> QuerySet[CoApplicant]:
    """Invitations the organisations may still answer. One past its date is no longer offered,
    even before the daily job marks it expired: the answer would be refused."""
    return CoApplicant.objects.filter(
        organisation__in=organisations,
        status=CoApplicant.Status.INVITED,
        expires_at__gt=timezone.now(),
    ).select_related("application__organisation", "application__call")


def invitation_for_page(token: str) -> QuerySet[CoApplicant]:
    """The invitation a link names: whoever holds the token sees its landing page, only the
    invitee may answer (policies.is_invitee)."""
    return CoApplicant.objects.filter(token=token).select_related(
        "application__call__programme", "application__organisation", "organisation"
    )


def documents_of(applications: ApplicationQuerySet) -> QuerySet[ApplicationDocument]:
    """The documents of the files given: a download goes through its file's policy."""
    return ApplicationDocument.objects.filter(application__in=applications).select_related(
        "application"
    )


def application_for_page(queryset: ApplicationQuerySet, pk: int) -> ApplicationQuerySet:
    return (
        queryset.filter(pk=pk)
        .select_related(
            "call__programme__operator",
            "organisation__head_office_commune__department__region",
            "organisation__legal_form",
            "theme",
        )
        .prefetch_related(
            Prefetch("co_applicants", queryset=CoApplicant.objects.select_related("organisation")),
            Prefetch(
                "documents",
                queryset=ApplicationDocument.objects.select_related("required_document"),
            ),
            Prefetch("transitions__actor"),
            Prefetch("timeline", queryset=TimelineEntry.objects.select_related("actor")),
            "opinions__expert",
            "redirect_programmes",
            "call__questions",
            "call__required_documents",
            "call__criteria",
            "call__themes",
        )
    )


def redirect_choices(application: Application) -> QuerySet[Programme]:
    """Programmes a file may be redirected to: published, other than its own, and open to the
    organisation's territory (national ones, or those naming its department or region). All
    published programmes would be thousands of options on a national instance."""
    programmes = Programme.objects.published().exclude(pk=application.call.programme_id)
    regions = Programme.regions.through.objects
    departments = Programme.departments.through.objects
    national = ~Exists(regions.filter(programme_id=OuterRef("pk"))) & ~Exists(
        departments.filter(programme_id=OuterRef("pk"))
    )
    commune = application.organisation.head_office_commune
    if commune is None:
        return programmes.filter(national).order_by("name")
    return programmes.filter(
        national
        | Q(pk__in=departments.filter(department_id=commune.department_id).values("programme_id"))
        | Q(pk__in=regions.filter(region_id=commune.department.region_id).values("programme_id"))
    ).order_by("name")


def decision_templates_of(operator: Organisation) -> dict[str, DecisionTemplate]:
    """The operator's own decision templates, by decision kind (the defaults fill the gaps)."""
    return {t.kind: t for t in DecisionTemplate.objects.filter(operator=operator)}


def opinion_for_page(queryset: QuerySet[ExpertOpinion]) -> QuerySet[ExpertOpinion]:
    return queryset.select_related("application__call__programme", "application__organisation")


def confirmed_co_applicants() -> Coalesce:
    """How many co-applicants of the outer file confirmed: a subquery per listed row."""
    confirmed = (
        CoApplicant.objects.filter(application=OuterRef("pk"), status=CoApplicant.Status.CONFIRMED)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))  # COUNT without GROUP BY
        .values("n")
    )
    return Coalesce(Subquery(confirmed, output_field=IntegerField()), 0)


def pipeline(call: Call, queryset: ApplicationQuerySet) -> ApplicationQuerySet:
    """A call's submitted applications with what the list shows; filters.PipelineFilter narrows
    them down."""
    applications: ApplicationQuerySet = (  # annotate() loses the queryset's type
        queryset.filter(call=call)
        .submitted()
        .select_related("organisation__head_office_commune__department", "theme")
        # A count per listed row (50 a page), not a GROUP BY over every column of the call.
        .annotate(confirmed_co_applicants=confirmed_co_applicants())
        .order_by("-submitted_at", "pk")
    )
    return applications


def decidable_applications(call: Call, queryset: ApplicationQuerySet) -> ApplicationQuerySet:
    """The call's applications that may receive a decision now, as a bulk decision needs them."""
    return queryset.filter(call=call, status__in=DECIDABLE).select_related(
        "call__programme__operator", "organisation"
    )


def interview_scores(interview: Interview | None, programme: Programme) -> dict[str, Any] | None:
    """A recorded interview's scores in the programme's grid order, then any criterion the grid
    no longer has, each with its label (the key when nothing else names it)."""
    if interview is None or not interview.scores:
        return None
    order = [c["key"] for c in programme.qualification_grid]
    keys = [k for k in order if k in interview.scores]
    keys += [k for k in interview.scores if k not in order]
    rows = [
        {
            "label": programme.qualification_label(key, interview.scores[key].get("label", "")),
            "score": interview.scores[key].get("score"),
            "comment": interview.scores[key].get("comment", ""),
        }
        for key in keys
    ]
    return {"rows": rows, "total": interview.total_score, "out_of": 4 * len(rows)}


def status_counts(call: Call, queryset: ApplicationQuerySet) -> dict[str, int]:
    rows = (
        queryset.filter(call=call).submitted().values("status").annotate(n=Count("pk")).order_by()
    )
    counts = {row["status"]: row["n"] for row in rows}
    return {
        status: counts.get(status, 0) for status in ApplicationStatus.values if status != "draft"
    }


def answers_for_display(application: Application) -> list[tuple[str, str]]:
    """(question, answer) pairs in the call's order, answers written for people."""
    rows = []
    for question in application.call.questions.all():
        value = application.answers.get(question.key)
        if value is True:
            text = "Oui"
        elif value is False:
            text = "Non"
        elif isinstance(value, list):
            text = ", ".join(map(str, value))
        else:
            text = "" if value is None else str(value)
        rows.append((question.label, text or "—"))
    return rows


def apply_box(user: User | AnonymousUser, call: Call) -> dict[str, Any]:
    """What a call page offers the user: start an application, or follow theirs."""
    organisations = list(organisations_of(user))
    existing = list(
        visible_applications(user)
        .filter(call=call, organisation__in=organisations)
        .select_related("organisation")
    )
    applied = {a.organisation_id for a in existing}
    return {
        "organisations": [o for o in organisations if o.pk not in applied],
        "existing": existing,
        # Screening the call is managing its programme (applications.policies.screened_calls).
        "can_screen": can_manage_programme(user, call.programme),
    }


def file_history(application: Application, *, show_internal: bool) -> list[dict[str, Any]]:
    """Status changes, timeline entries and returned opinions in one list, in time order."""
    rows: list[dict[str, Any]] = [
        {"at": t.created_at, "transition": t, "entry": None, "opinion": None}
        for t in application.transitions.all()
    ]
    rows += [
        {"at": e.created_at, "transition": None, "entry": e, "opinion": None}
        for e in application.timeline.all()
        if show_internal or not e.internal
    ]
    if show_internal:
        rows += [
            {"at": o.answered_at, "transition": None, "entry": None, "opinion": o}
            for o in application.opinions.all()
            if o.answered_at
        ]
    return sorted(rows, key=lambda row: row["at"])


def latest_answer(application: Application) -> TimelineEntry | None:
    """The answer to a request for information the advisors have not read yet, if any."""
    if not application.answer_to_read:
        return None
    answers = [
        e for e in application.timeline.all() if e.kind == TimelineEntry.Kind.INFORMATION_PROVIDED
    ]
    return answers[-1] if answers else None


def admitted_count(call: Call) -> int:
    """How many of a call's places are taken (its capacity is checked against this)."""
    return call.applications.filter(status=ApplicationStatus.ADMITTED).count()


WORKLIST_SIZE = 5


def advisor_worklist(user: User | AnonymousUser) -> dict[str, Any] | None:
    """What waits for an advisor across the programmes they run, with counts and the oldest
    few items of each kind; None for someone who runs no programme."""
    programmes = managed_programmes(user)
    # One read says whether the user runs a programme and lists its calls: with their ids
    # written out, the database reads the files by the call index (a subquery next to the
    # policy's OR made it scan every application).
    pairs = list(programmes.order_by().values_list("pk", "calls"))
    if not pairs:
        return None
    calls = [call for _programme, call in pairs if call is not None]
    now = timezone.now()
    S = ApplicationStatus
    files = (
        visible_applications(user).filter(call_id__in=calls).select_related("organisation", "call")
    )
    buckets = {
        "to_screen": Q(status=S.SUBMITTED),
        "answers": Q(answer_to_read=True),
        "interviews": Q(status=S.INTERVIEW_SCHEDULED, interview__scheduled_at__gte=now),
        "grids": Q(status=S.INTERVIEW_SCHEDULED, interview__scheduled_at__lt=now),
        "to_decide": Q(status=S.QUALIFIED),
    }
    counts = files.aggregate(**{name: Count("pk", filter=q) for name, q in buckets.items()})
    order = {
        "to_screen": "submitted_at",
        "answers": "updated_at",
        "interviews": "interview__scheduled_at",
        "grids": "interview__scheduled_at",
        "to_decide": "updated_at",
    }
    lists = {
        name: list(
            files.filter(q).select_related("interview").order_by(order[name])[:WORKLIST_SIZE]
        )
        if counts[name]
        else []
        for name, q in buckets.items()
    }
    opinions = list(
        ExpertOpinion.objects.filter(
            application__call__programme__in=programmes,
            answered_at__isnull=False,
            application__status__in=[S.SUBMITTED, S.ELIGIBLE, S.INTERVIEW_SCHEDULED, S.QUALIFIED],
        )
        .select_related("application__organisation", "expert")
        .order_by("-answered_at")[:WORKLIST_SIZE]
    )
    return {"counts": counts, "lists": lists, "opinions": opinions}


def upcoming_interviews(
    user: User | AnonymousUser, *, now: datetime | None = None
) -> QuerySet[Interview]:
    """Qualification interviews still to come on the files the user screens, soonest first."""
    now = now or timezone.now()
    calls = screened_calls(user, Call.objects.all())
    return (
        Interview.objects.filter(
            application__call__in=calls,
            application__status=ApplicationStatus.INTERVIEW_SCHEDULED,
            scheduled_at__gte=now,
        )
        .select_related("application__organisation", "application__call", "interviewer")
        .order_by("scheduled_at")
    )


def dashboard_part(user: User) -> dict[str, Any]:
    """What the dashboard shows of applications: invitations to answer, opinions to give, and
    for advisors what waits for them."""
    mine = organisations_of(user)
    return {
        "invitations": pending_invitations(mine),
        "pending_opinions": ExpertOpinion.objects.filter(
            expert=user, answered_at__isnull=True
        ).select_related("application__organisation", "application__call"),
        "worklist": advisor_worklist(user),
    }
