from django.db.models import Count, Prefetch, Q

from essaim.organisations.policies import organisations_of
from essaim.programmes.policies import can_manage_programme

from .models import ApplicationDocument, ApplicationStatus, CoApplicant, TimelineEntry
from .policies import visible_applications

STEPS = [
    ("besoin", "Besoin"),
    ("binome", "Binôme"),
    ("questions", "Questions"),
    ("documents", "Pièces jointes"),
    ("co-candidats", "Co-candidats"),
    ("depot", "Vérification et dépôt"),
]


def application_for_page(queryset, pk: int):
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


def pipeline(call, queryset, filters: dict):
    """A call's submitted applications, filtered, with what the list shows prefetched."""
    applications = (
        queryset.filter(call=call)
        .submitted()
        .select_related("organisation__head_office_commune__department", "theme")
        .annotate(
            confirmed_co_applicants=Count(
                "co_applicants", filter=Q(co_applicants__status=CoApplicant.Status.CONFIRMED)
            )
        )
        .order_by("-submitted_at", "pk")
    )
    if filters.get("status"):
        applications = applications.filter(status=filters["status"])
    if filters.get("theme"):
        applications = applications.filter(theme_id=filters["theme"])
    if filters.get("department"):
        applications = applications.filter(
            organisation__head_office_commune__department_id=filters["department"]
        )
    if filters.get("co_applicants") == "avec":
        applications = applications.filter(co_applicants__status=CoApplicant.Status.CONFIRMED)
    elif filters.get("co_applicants") == "sans":
        applications = applications.exclude(co_applicants__status=CoApplicant.Status.CONFIRMED)
    if filters.get("eligibility"):
        applications = applications.filter(eligibility_summary=filters["eligibility"])
    return applications


def status_counts(call, queryset) -> dict[str, int]:
    rows = (
        queryset.filter(call=call).submitted().values("status").annotate(n=Count("pk")).order_by()
    )
    counts = {row["status"]: row["n"] for row in rows}
    return {
        status: counts.get(status, 0) for status in ApplicationStatus.values if status != "draft"
    }


def answers_for_display(application) -> list[tuple[str, str]]:
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


def apply_box(user, call) -> dict:
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
