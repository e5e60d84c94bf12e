"""From a call's admitted applications to accepted cohorts, through the composition engine."""

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from essaim.applications.models import Application, ApplicationStatus, CoApplicant
from essaim.organisations.models import Organisation

from ..composition import (
    Candidate,
    CompositionError,
    compose,
    neighbours_from_geojson,
    options_from_dict,
    score_cohorts,
)
from ..models import Cohort, CompositionRun
from .membership import membership_add

# Where an activity sits in a value chain, from its NAF division (or group, when finer helps),
# in the engine's tags (composition.affinity.TAG_LABELS). A heuristic to tell complementary
# activities apart; codes not listed count as neutral.
VALUE_CHAIN_BY_NAF = {
    **dict.fromkeys(["01", "02", "03"], "production"),
    **dict.fromkeys([f"{d:02d}" for d in range(10, 34)], "transformation"),
    "38.1": "collecte",
    "38.2": "recyclage",
    "38.3": "recyclage",
    "38.32": "reemploi",  # récupération de déchets triés: ressourceries, recycleries
    "95.2": "reemploi",
    **dict.fromkeys(["45", "46", "47"], "distribution"),
    **dict.fromkeys(["49", "50", "51", "52", "53"], "logistique"),
    "56": "transformation",  # cooking: solidarity kitchens and restaurants transform produce
    "85": "formation",
    **dict.fromkeys(["55", "58", "59", "60", "61", "62", "63", "86", "87", "88"], "services"),
    **dict.fromkeys(["90", "91", "92", "93", "94"], "services"),
}


def value_chain_of(naf_code: str) -> tuple[str, ...]:
    if not naf_code:
        return ()
    tag = next(
        (VALUE_CHAIN_BY_NAF[naf_code[:n]] for n in (5, 4, 2) if naf_code[:n] in VALUE_CHAIN_BY_NAF),
        None,
    )
    return (tag,) if tag else ()


@cache
def department_neighbours() -> dict[str, set[str]]:
    return neighbours_from_geojson(
        settings.REFERENCE_DATA_DIR / "geojson" / "departements-metropole-simplifies.geojson"
    )


def admitted_applications(call):
    """Admitted applications whose organisations are not yet in a cohort of this call."""
    confirmed = CoApplicant.objects.filter(status=CoApplicant.Status.CONFIRMED).select_related(
        "organisation__head_office_commune", "organisation__naf_code"
    )
    return (
        Application.objects.filter(call=call, status=ApplicationStatus.ADMITTED)
        .exclude(cohort_memberships__cohort__call=call)
        .select_related("organisation__head_office_commune", "organisation__naf_code", "theme")
        .prefetch_related(Prefetch("co_applicants", queryset=confirmed))
        .order_by("pk")
    )


def call_candidates(call) -> tuple[list[Candidate], dict[str, dict]]:
    """The engine's candidates (one per organisation, co-applicants grouped) and, per candidate
    id, what the pages show and what accepting needs (organisation and application ids)."""
    candidates, index = [], {}
    for application in admitted_applications(call):
        organisations = [
            application.organisation,
            *(c.organisation for c in application.co_applicants.all()),
        ]
        group = f"candidature-{application.pk}" if len(organisations) > 1 else None
        for organisation in organisations:
            commune = organisation.head_office_commune
            naf = organisation.naf_code_id or ""
            candidate = Candidate(
                id=str(organisation.pk),
                theme=application.theme.name if application.theme else None,
                need=application.need,
                sectors=(naf,) if naf else (),
                value_chain=value_chain_of(naf),
                department=commune.department_id if commune else None,
                group=group,
            )
            candidates.append(candidate)
            index[candidate.id] = {
                "organisation": organisation.pk,
                "application": application.pk,
                "name": organisation.name,
                "department": candidate.department or "",
                "sector": organisation.naf_code.label if organisation.naf_code else "",
                "theme": candidate.theme or "",
            }
    return candidates, index


def _with_pins(candidates, pins: dict[str, int]):
    return [
        Candidate(**{**c.__dict__, "pin": pins.get(c.id)}) if c.id in pins else c
        for c in candidates
    ]


@transaction.atomic
def composition_run_create(*, actor, call, options: dict, pins: dict[str, int] | None = None):
    """Run the engine on the call's admitted organisations and keep input, options and result."""
    candidates, index = call_candidates(call)
    if not candidates:
        raise ValidationError("Aucune candidature admise n'attend de cohorte pour cet appel.")
    candidates = _with_pins(candidates, pins or {})
    try:
        engine_options = options_from_dict(options)
        proposal = compose(candidates, engine_options, neighbours=department_neighbours())
    except CompositionError as error:
        raise ValidationError(str(error), code="infeasible") from error
    result = proposal.to_dict()
    result["candidates"] = index
    assignment = {m: c["index"] for c in result["cohorts"] for m in c["members"]}
    return CompositionRun.objects.create(
        call=call,
        created_by=actor,
        candidates=[
            c.__dict__ | {"sectors": list(c.sectors), "value_chain": list(c.value_chain)}
            for c in candidates
        ],
        options=options,
        result=result,
        assignment=assignment,
    )


def run_candidates(run: CompositionRun) -> list[Candidate]:
    return [
        Candidate(**{**c, "sectors": tuple(c["sectors"]), "value_chain": tuple(c["value_chain"])})
        for c in run.candidates
    ]


def run_scores(run: CompositionRun) -> list[dict]:
    """The cohorts of the run's current assignment, scored and explained like the proposal."""
    return score_cohorts(
        run_candidates(run), run.assignment, options_from_dict(run.options), department_neighbours()
    )


@transaction.atomic
def composition_move(*, actor, run: CompositionRun, candidate_id: str, to_index: int):
    """The advisor moves an organisation (and its co-applicants, who stay together)."""
    run = CompositionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != CompositionRun.Status.PROPOSED:
        raise ValidationError("Cette composition a déjà été acceptée.", code="accepted")
    cohort_count = len(run.result["cohorts"])
    if candidate_id not in run.assignment or not 0 <= to_index < cohort_count:
        raise ValidationError("Déplacement impossible.", code="invalid_move")
    group = next(c["group"] for c in run.candidates if c["id"] == candidate_id)
    moved = [c["id"] for c in run.candidates if group and c["group"] == group] or [candidate_id]
    for member in moved:
        run.assignment[member] = to_index
    run.save(update_fields=["assignment"])
    return run


@transaction.atomic
def composition_accept(
    *, actor, run: CompositionRun, start_date=None, end_date=None
) -> list[Cohort]:
    """Create the cohorts of the run's current assignment; sizes are checked again here."""
    run = (
        CompositionRun.objects.select_for_update().select_related("call__programme").get(pk=run.pk)
    )
    if run.status != CompositionRun.Status.PROPOSED:
        raise ValidationError("Cette composition a déjà été acceptée.", code="accepted")
    options = run.options
    sizes = {}
    for index in run.assignment.values():
        sizes[index] = sizes.get(index, 0) + 1
    for index, size in sorted(sizes.items()):
        if not options["min_size"] <= size <= options["max_size"]:
            raise ValidationError(
                "La cohorte %(n)s compte %(size)s structures : "
                "il en faut entre %(min)s et %(max)s.",
                code="size",
                params={
                    "n": index + 1,
                    "size": size,
                    "min": options["min_size"],
                    "max": options["max_size"],
                },
            )
    call, programme = run.call, run.call.programme
    existing = programme.cohorts.count()
    index_info = run.result["candidates"]
    organisations = Organisation.objects.in_bulk([i["organisation"] for i in index_info.values()])
    applications = Application.objects.in_bulk([i["application"] for i in index_info.values()])
    themes = {t.name: t for t in programme.themes.all()}
    cohorts = []
    for index in sorted(sizes):
        members = [cid for cid, i in run.assignment.items() if i == index]
        member_themes = {index_info[m]["theme"] for m in members} - {""}
        theme = themes.get(member_themes.pop()) if len(member_themes) == 1 else None
        cohort = Cohort.objects.create(
            programme=programme,
            call=call,
            theme=theme,
            composition_run=run,
            name=f"Cohorte {existing + len(cohorts) + 1}" + (f" – {theme.name}" if theme else ""),
            start_date=start_date,
            end_date=end_date,
            min_size=options["min_size"],
            max_size=options["max_size"],
        )
        if actor is not None and actor.is_authenticated:
            cohort.advisors.add(actor)
        for member in members:
            membership_add(
                actor=actor,
                cohort=cohort,
                organisation=organisations[index_info[member]["organisation"]],
                application=applications[index_info[member]["application"]],
                reason="Composition acceptée",
            )
        cohorts.append(cohort)
    run.status = CompositionRun.Status.ACCEPTED
    run.accepted_at = timezone.now()
    run.accepted_by = actor
    run.save(update_fields=["status", "accepted_at", "accepted_by"])
    return cohorts
