"""compose(): greedy start, local search, CP-SAT neighbourhoods, then CP-SAT on the whole.

1. `plan` checks the constraints that can be checked without solving (French messages).
2. Every pair is scored once (affinity.py); co-applicant groups become single units.
3. Greedy (the benchmark's baseline), then a descent: moves, swaps, exact re-split of every pair
   of cohorts (heuristic.py).
4. Large neighbourhood search: four cohorts at a time (one, and three of those its members are
   most attracted to) are re-composed by CP-SAT; kept when better.
5. CP-SAT on the whole instance (cpsat.py), hinted with the best assignment: it improves it if it
   can and proves a bound; the answer reports the gap to that bound. When the whole model is
   too big to build within the time limit (about 100 units for 10 s), the search stays with
   step 4 and the bound is bounds.degree_bound's, much looser.

Determinism: one CP-SAT worker, fixed seed, no interleaving, models built in the same order, and
every stage stops on a *work* budget (CP-SAT's deterministic time, or move counts), derived from
`time_limit` alone. The wall clock is only a safety net that keeps the time limit: if it fires
first (a much slower or loaded machine, or a very large instance), the answer stays valid but
may differ from one run to the next; `stopped_by` says which limit ended the search.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Mapping

from .affinity import SCALE
from .bounds import degree_bound
from .constraints import Plan, constraints_in_force, plan
from .cpsat import Outcome, clause_count, solve_pairs
from .explain import PairTable, Proposal, cohort_report, pair_table
from .heuristic import Instance, State, greedy, improve
from .schema import Candidate, CompositionError, Options

# Work given to each stage, as shares of `time_limit` in CP-SAT deterministic seconds (on this
# 2-core machine one of them takes 1.5 to 2 s of wall time in these models: the rest of the time
# limit goes to Python, scoring and building models).
LNS_WORK = 0.25
FINAL_WORK = 0.3
LNS_STEP_WORK = 0.5  # at most, for one neighbourhood
LNS_COHORTS = 4  # cohorts re-composed together (3 stalls early; 5 is slower to solve)
# Wall time to build one transitivity clause in Python (measured here: 4 to 6 µs); used only to
# keep enough of the time limit for the final model, or to skip it when it can't fit.
CLAUSE_SECONDS = 6e-6
# CP-SAT's presolve is off: on these clause-heavy models it cost more wall time than it saved,
# and without it the final model proves 60 candidates optimal within the 10 s.
PRESOLVE = False


def build_instance(plan_: Plan, table: PairTable, options: Options) -> Instance:
    count = len(plan_.units)
    weights = [[0] * count for _ in range(count)]
    inside = [0] * count
    for (i, j), score in table.scores.items():
        a, b = plan_.unit_of[i], plan_.unit_of[j]
        if a == b:
            inside[a] += score.scaled
        else:
            weights[a][b] += score.scaled
            weights[b][a] += score.scaled
    return Instance(
        plan=plan_,
        weights=weights,
        inside=inside,
        min_size=options.min_size,
        max_size=options.max_size,
    )


def _members(table: PairTable, plan_: Plan, unit_assignment: list[int], cohorts: int):
    result: dict[int, list[int]] = {c: [] for c in range(cohorts)}
    for i in range(len(table.candidates)):
        result[unit_assignment[plan_.unit_of[i]]].append(i)
    return result


def _proposal(table, plan_, unit_assignment, options, **fields) -> Proposal:
    members = _members(table, plan_, unit_assignment, plan_.cohorts)
    cohorts = [cohort_report(table, c, members[c]) for c in range(plan_.cohorts)]
    return Proposal(cohorts=cohorts, options=options, **fields)


def _prepare(candidates, options, neighbours):
    if not candidates:
        raise CompositionError("aucun candidat à répartir.")
    plan_ = plan(list(candidates), options)
    table = pair_table(list(candidates), options, neighbours)
    return plan_, table, build_instance(plan_, table, options)


def compose_greedy(
    candidates: list[Candidate],
    options: Options,
    *,
    neighbours: Mapping[str, Iterable[str]] | None = None,
) -> Proposal:
    """The greedy baseline alone: status "feasible", or "constraints_broken" when it had to
    break a constraint to place everyone (CP-SAT may still find a composition). No bound."""
    started = time.perf_counter()
    plan_, table, instance = _prepare(candidates, options, neighbours)
    assignment, feasible = greedy(instance)
    value = State(instance, assignment).objective()
    return _proposal(
        table,
        plan_,
        assignment,
        options,
        status="feasible" if feasible else "constraints_broken",
        objective=value / SCALE,
        bound=None,
        gap=None,
        seconds=round(time.perf_counter() - started, 3),
        greedy_objective=value / SCALE,
        stopped_by="greedy",
    )


def _neighbourhood_search(
    instance: Instance, assignment: list[int], options: Options, budget: float, deadline: float
) -> tuple[list[int], bool]:
    """Re-compose LNS_COHORTS cohorts at a time with CP-SAT (exactly, or within
    LNS_STEP_WORK), each time around a cohort in a shuffled order with partners drawn among
    those its members are most attracted to. Stops when `budget` work is spent, when 2k
    neighbourhoods in a row gave nothing, or at `deadline` (then returns True as well)."""
    k = instance.cohorts
    if k <= LNS_COHORTS:
        return assignment, False
    state = State(instance, assignment)
    rng = random.Random(options.seed)
    spent, stale, step = 0.0, 0, 0
    order: list[int] = []
    while spent < budget and stale < 2 * k and time.perf_counter() < deadline:
        if not order:
            order = list(range(k))
            rng.shuffle(order)
        first = order.pop()
        attraction = [
            (sum(state.gain[u][d] for u in state.members[first]), -d)
            for d in range(k)
            if d != first
        ]
        attraction.sort(reverse=True)
        partners = rng.sample([-d for _, d in attraction[: LNS_COHORTS + 1]], LNS_COHORTS - 1)
        cohorts = sorted([first, *partners])
        units = sorted(u for c in cohorts for u in state.members[c])
        current = sum(instance.inside[u] for u in units) + sum(
            instance.weights[u][v]
            for n, u in enumerate(units)
            for v in units[n + 1 :]
            if state.assignment[u] == state.assignment[v]
        )
        outcome = solve_pairs(
            instance,
            units,
            cohorts,
            [state.assignment[u] for u in units],
            seed=options.seed + step,
            workers=1,
            work_limit=min(LNS_STEP_WORK, budget - spent),
            deadline=deadline,
            presolve=PRESOLVE,
        )
        step += 1
        spent += outcome.deterministic_time
        if outcome.objective is not None and outcome.objective > current:
            for u in units:
                state.remove(u)
            for u, c in zip(units, outcome.assignment, strict=True):
                state.place(u, c)
            stale = 0
        else:
            stale += 1
    return list(state.assignment), spent < budget and stale < 2 * k


def compose(
    candidates: list[Candidate],
    options: Options,
    *,
    neighbours: Mapping[str, Iterable[str]] | None = None,
) -> Proposal:
    """Propose cohorts that maximise the affinities inside them; see the module docstring.

    Raises CompositionError (French message, `constraint` code) when the constraints can't all
    be met.
    """
    started = time.perf_counter()
    deadline = started + options.time_limit
    plan_, table, instance = _prepare(candidates, options, neighbours)
    units = list(range(len(plan_.units)))
    cohorts = list(range(plan_.cohorts))

    start, feasible = greedy(instance)
    greedy_value = State(instance, start).objective() if feasible else None
    # Wall time kept for the final model (building its clauses, then solving), or none when
    # building alone would eat most of the time limit: the bound is then degree_bound's.
    limit = options.time_limit
    build = clause_count(len(units)) * CLAUSE_SECONDS
    final = build <= 0.3 * limit or not feasible
    if final:
        reserve = min(0.6 * limit, max(0.3 * limit, 0.1 * limit + 3 * build))
    else:
        reserve, fallback_bound = 0.05 * limit, degree_bound(instance)
    hint, hint_value, cut_short = None, None, False
    if feasible:
        hint, hint_value = improve(instance, start)
        budget = LNS_WORK * limit if final else (LNS_WORK + FINAL_WORK) * limit
        hint, cut_short = _neighbourhood_search(instance, hint, options, budget, deadline - reserve)
        hint_value = State(instance, hint).objective()

    work = FINAL_WORK * limit
    outcome = Outcome("unknown", None, None, None, 0.0)
    if final:
        outcome = solve_pairs(
            instance,
            units,
            cohorts,
            hint,
            seed=options.seed,
            workers=options.workers,
            work_limit=work,
            # Keep a little wall time for the report (scores and explanations).
            deadline=deadline - 0.02 * limit,
            presolve=PRESOLVE,
        )
    if outcome.status == "infeasible":
        raise CompositionError(
            "aucune composition ne respecte toutes les contraintes : "
            + ", ".join(constraints_in_force(candidates, options, plan_))
            + ".",
            constraint="solver",
        )
    if outcome.bound is not None:
        bound = outcome.bound
    else:
        bound = degree_bound(instance) if final else fallback_bound
    if outcome.assignment is not None and (hint_value is None or outcome.objective >= hint_value):
        assignment, objective = outcome.assignment, outcome.objective
    elif hint is not None:
        assignment, objective = hint, hint_value
    else:
        raise CompositionError(
            f"aucune composition trouvée en {options.time_limit:g} s : augmentez le temps de "
            "calcul (time_limit) ou assouplissez les contraintes.",
            constraint="solver",
        )
    optimal = outcome.status == "optimal" or objective >= bound
    if optimal:
        stopped_by = "optimal"
    elif (outcome.deterministic_time >= 0.999 * work) if final else not cut_short:
        stopped_by = "work_limit"
    else:
        stopped_by = "time_limit"
    bound = max(bound, objective)
    notes = []
    if not final:
        notes.append(
            f"instance trop grande pour le modèle complet en {limit:g} s : la borne vient d'une "
            "relaxation simple, l'écart réel à l'optimum est sans doute plus petit."
        )
    if stopped_by == "time_limit":
        notes.append(
            "recherche interrompue par le temps limite : une nouvelle demande peut donner une "
            "autre proposition ; augmentez time_limit pour un résultat stable."
        )
    return _proposal(
        table,
        plan_,
        assignment,
        options,
        status="optimal" if optimal else "feasible",
        objective=objective / SCALE,
        bound=bound / SCALE,
        gap=0.0 if optimal else round((bound - objective) / bound, 6),
        seconds=round(time.perf_counter() - started, 3),
        greedy_objective=None if greedy_value is None else greedy_value / SCALE,
        stopped_by=stopped_by,
        notes=notes,
    )
