"""From a call's admitted applications to accepted cohorts, through the composition engine."""

import re
from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import formats

from essaim.accounts.models import User
from essaim.applications.models import Application, ApplicationStatus, CoApplicant
from essaim.composition import (
    NEIGHBOUR,
    Candidate,
    CompositionError,
    compose,
    neighbours_from_geojson,
    options_from_dict,
    score_cohorts,
)
from essaim.core.services import audit_event_record
from essaim.organisations.models import Organisation
from essaim.programmes.models import Call
from essaim.territories.models import Department

from ..models import COMPOSITION_LIFECYCLE, Cohort, CohortMembership, CompositionRun
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


def admitted_applications(call: Call) -> QuerySet[Application]:
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


def call_candidates(call: Call) -> tuple[list[Candidate], dict[str, dict[str, Any]]]:
    """The engine's candidates (one per organisation, co-applicants grouped) and, per candidate
    id, what the pages show and what accepting needs (organisation and application ids)."""
    candidates, index = [], {}
    for application in admitted_applications(call):
        organisations = [
            application.organisation,
            # A confirmed co-applicant always names its organisation.
            *(c.organisation for c in application.co_applicants.all() if c.organisation),
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


def _with_pins(candidates: list[Candidate], pins: dict[str, int]) -> list[Candidate]:
    return [
        Candidate(**{**c.__dict__, "pin": pins.get(c.id)}) if c.id in pins else c
        for c in candidates
    ]


@transaction.atomic
def composition_run_create(
    *, actor: User, call: Call, options: dict[str, Any], pins: dict[str, int] | None = None
) -> CompositionRun:
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
def composition_move(
    *, actor: User, run: CompositionRun, candidate_id: str, to_index: int
) -> CompositionRun:
    """The advisor moves an organisation (and its co-applicants, who stay together)."""
    run = CompositionRun.objects.select_for_update().get(pk=run.pk)
    # The proposal is the advisor's to edit for as long as it can be accepted.
    if not COMPOSITION_LIFECYCLE.allows(run, "accept"):
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


# --- What the advisor reads on the board ----------------------------------------------------


def cohort_name(*, number: int, theme: str | None) -> str:
    """The name a proposed cohort is shown with, and keeps once accepted."""
    return f"Cohorte {number}" + (f" – {theme}" if theme else "")


def french_number(value: float, *, signed: bool = False) -> str:
    """« 12,4 »; signed: « +1,3 », « −1,3 » (a true minus sign for screen readers)."""
    text = formats.number_format(abs(value), 1, use_l10n=True)
    sign = "−" if value < 0 else ("+" if signed else "")
    return f"{sign}{text}"


def _department_names() -> dict[str, str]:
    return dict(Department.objects.values_list("code", "name"))


def _department(code: str, names: dict[str, str]) -> str:
    return f"{names[code]} ({code})" if code in names else code


def pair_sentences(pair: dict, info: dict, departments: dict[str, str]) -> list[str]:
    """Why two organisations go together, as sentences rather than the engine's keywords."""
    a, b = info[pair["a"]], info[pair["b"]]
    sentences = []
    if pair["shared_words"]:
        sentences.append(f"Mots en commun dans leurs besoins : {', '.join(pair['shared_words'])}.")
    for reason in pair["reasons"]:
        if reason.startswith("activités complémentaires") and a["sector"] and b["sector"]:
            sentences.append(
                f"Activités complémentaires : {a['sector'].lower()} et {b['sector'].lower()}."
            )
        elif reason.startswith("activités complémentaires"):
            sentences.append(f"Activités complémentaires ({reason.split(' : ', 1)[-1]}).")
        elif match := re.match(r"même maillon \((.+?)\)", reason):
            sentences.append(
                f"Même maillon de la filière ({match.group(1)}) : elles peuvent mutualiser des "
                "moyens."
            )
    if pair["territory"] == 1 and a["department"]:
        sentences.append(f"Même département : {_department(a['department'], departments)}.")
    elif pair["territory"] == NEIGHBOUR and a["department"] and b["department"]:
        first, second = sorted((a["department"], b["department"]))
        sentences.append(
            f"Départements voisins : {_department(first, departments)} et "
            f"{_department(second, departments)}."
        )
    return sentences


def cohort_warnings(run: CompositionRun, cohort: dict) -> list[str]:
    """What the advisor should know about a cohort of the current assignment, in sentences."""
    options, info = run.options, run.result["candidates"]
    size, members = len(cohort["members"]), set(cohort["members"])
    warnings = []
    if size > options["max_size"]:
        warnings.append(
            f"{size} structures : la cohorte dépasse sa taille maximale ({options['max_size']})."
        )
    elif size < options["min_size"]:
        warnings.append(
            f"{size} structure{'s' if size > 1 else ''} : la cohorte n'atteint pas sa taille "
            f"minimale ({options['min_size']})."
        )
    themes = sorted({info[m]["theme"] for m in members} - {""})
    if options.get("one_theme_per_cohort") and len(themes) > 1:
        warnings.append(f"Plusieurs thèmes alors qu'un seul était demandé : {', '.join(themes)}.")
    for candidate in run.candidates:
        if candidate["id"] in members and candidate.get("pin") not in (None, cohort["index"]):
            warnings.append(
                f"{info[candidate['id']]['name']} était épinglée à la cohorte "
                f"{candidate['pin'] + 1}."
            )
    groups = {c["group"] for c in run.candidates if c["id"] in members and c["group"]}
    for group in sorted(groups):
        partners = [c["id"] for c in run.candidates if c["group"] == group]
        if not set(partners) <= members:
            names = ", ".join(info[p]["name"] for p in partners)
            warnings.append(f"Des co-candidates sont séparées : {names}.")
    for a, b in options.get("keep_apart", []):
        if a in members and b in members:
            warnings.append(
                f"{info[a]['name']} et {info[b]['name']} devaient être dans des cohortes "
                "différentes."
            )
    return warnings


def run_board(run: CompositionRun) -> list[dict]:
    """The cohorts of the run's current assignment as the board shows them: scores, names kept
    on acceptance, members with their theme, reasons in sentences, warnings."""
    scored = run_scores(run)
    info = run.result["candidates"]
    existing = run.call.programme.cohorts.exclude(composition_run=run).count()
    departments = _department_names()
    for cohort in scored:
        cohort["number"] = existing + cohort["index"] + 1
        cohort["name"] = cohort_name(number=cohort["number"], theme=cohort["theme"])
        cohort["people"] = [{"id": m, **info[m]} for m in cohort["members"]]
        cohort["warnings"] = cohort_warnings(run, cohort)
        for pair in (*cohort["strongest_pairs"], *cohort["weakest_pairs"]):
            pair["names"] = f"{info[pair['a']]['name']} et {info[pair['b']]['name']}"
            pair["sentences"] = pair_sentences(pair, info, departments)
    return scored


def is_edited(run: CompositionRun) -> bool:
    """Whether the advisor moved organisations away from the engine's proposal."""
    proposed = {m: c["index"] for c in run.result["cohorts"] for m in c["members"]}
    assignment: dict[str, int] = run.assignment
    return proposed != assignment


def move_announcement(board: list[dict], *, before: dict[int, float], moved: str) -> str:
    """« X rejoint la cohorte 2. Score de la cohorte 2 : 12,4 (+1,3) ; cohorte 1 : 8,2 (−1,1). »
    `board` is the run after the move, `before` the cohorts' scores before it."""
    to = next(c for c in board if moved in c["members"])
    changed = sorted(
        (c for c in board if round(c["score"] - before.get(c["index"], 0), 3)),
        key=lambda c: (c is not to, c["number"]),
    )
    parts = [
        f"{'Score de la cohorte' if n == 0 else 'cohorte'} {c['number']} : "
        f"{french_number(c['score'])} "
        f"({french_number(c['score'] - before.get(c['index'], 0), signed=True)})"
        for n, c in enumerate(changed)
    ]
    name = next(p["name"] for p in to["people"] if p["id"] == moved)
    sentence = f"{name} rejoint la cohorte {to['number']}."
    return f"{sentence} {' ; '.join(parts)}." if parts else sentence


# --- Accepting ---------------------------------------------------------------------------------


def _sizes(run: CompositionRun) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for index in run.assignment.values():
        sizes[index] = sizes.get(index, 0) + 1
    return dict(sorted(sizes.items()))


def composition_overruns(run: CompositionRun) -> list[str]:
    """What accepting would exceed (the call's places, the cohorts' sizes), in French; each
    needs the advisor's explicit override with a reason."""
    options, call = run.options, run.call
    problems = []
    for index, size in _sizes(run).items():
        if not options["min_size"] <= size <= options["max_size"]:
            problems.append(
                f"La cohorte {index + 1} compte {size} structures : il en faut entre "
                f"{options['min_size']} et {options['max_size']}."
            )
    if call.capacity is not None:
        placed = (
            CohortMembership.objects.filter(cohort__call=call)
            .values("organisation")
            .distinct()
            .count()
        )
        total = placed + len(run.assignment)
        if total > call.capacity:
            already = f" (dont {placed} déjà en cohorte)" if placed else ""
            problems.append(
                f"L'appel prévoit {call.capacity} place{'s' if call.capacity > 1 else ''} : "
                f"cette composition porterait à {total} le nombre de structures en "
                f"cohorte{already}."
            )
    return problems


@transaction.atomic
def composition_accept(
    *,
    actor: User | None,
    run: CompositionRun,
    start_date: date | None = None,
    end_date: date | None = None,
    override_reason: str = "",
) -> list[Cohort]:
    """Create the cohorts of the run's current assignment, with the names and themes shown on
    the board, and accept the run (COMPOSITION_LIFECYCLE). Going beyond the call's places or a
    cohort's size needs `override_reason`, recorded in the run's log and in the audit log with
    what was exceeded."""
    run = (
        CompositionRun.objects.select_for_update().select_related("call__programme").get(pk=run.pk)
    )
    if not COMPOSITION_LIFECYCLE.allows(run, "accept"):
        raise COMPOSITION_LIFECYCLE.refuse(run, "accept")
    if start_date and end_date and end_date < start_date:
        raise ValidationError(
            {"end_date": "La fin des cohortes doit suivre leur début."}, code="dates"
        )
    overruns = composition_overruns(run)
    override_reason = override_reason.strip()
    if overruns and not override_reason:
        raise ValidationError(
            {
                "override_reason": [
                    *overruns,
                    "Pour accepter malgré tout, indiquez le motif du dépassement.",
                ]
            },
            code="needs_override",
        )
    options = run.options
    call, programme = run.call, run.call.programme
    index_info = run.result["candidates"]
    organisations = Organisation.objects.in_bulk([i["organisation"] for i in index_info.values()])
    applications = Application.objects.in_bulk([i["application"] for i in index_info.values()])
    themes = {t.name: t for t in programme.themes.all()}
    cohorts = []
    for cohort in run_board(run):
        created = Cohort(
            programme=programme,
            call=call,
            theme=themes.get(cohort["theme"]),
            composition_run=run,
            name=cohort["name"],
            start_date=start_date,
            end_date=end_date,
            min_size=options["min_size"],
            max_size=options["max_size"],
        )
        created.full_clean()
        created.save()
        if actor is not None and actor.is_authenticated:
            created.advisors.add(actor)
        for member in cohort["members"]:
            membership_add(
                actor=actor,
                cohort=created,
                organisation=organisations[index_info[member]["organisation"]],
                application=applications[index_info[member]["application"]],
                reason="Composition acceptée",
            )
        cohorts.append(created)
    COMPOSITION_LIFECYCLE.apply(run, "accept", actor=actor, reason=override_reason)
    audit_event_record(
        actor=actor,
        obj=run,
        action="composition.accepted",
        changes={"cohorts": [c.pk for c in cohorts], "overruns": overruns},
        reason=override_reason,
    )
    return cohorts
