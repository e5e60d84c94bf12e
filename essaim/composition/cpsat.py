"""The CP-SAT model: one boolean per pair of units, "together in a cohort".

Why pairs and not "unit u in cohort c": cohorts are interchangeable, so an assignment model
has k! copies of every solution and a useless linear relaxation (every unit a little in every
cohort). With z(u, v) = "u and v are together", there is no cohort label to permute, and the
relaxation reinforced by CP-SAT's cuts (linearization level 2) gives a bound within a few per
cent of the optimum (within 1 % at 60 candidates). The price is transitivity: for every triple,
z(u, v) ∧ z(v, w) → z(u, w), three clauses per triple, built once per solve.

- sizes: each unit's cohort size, size(u) + Σ size(v)·z(u, v), is one of min..max, chosen by
  exactly one indicator e(u, s); the number of cohorts is then Σ size(u)·e(u, s)/s, fixed to k
  (integer-scaled by the least common multiple of the sizes);
- pins: two pinned units are together iff they share the pin (constant z); the cohort indices
  are given back afterwards (the cluster holding pin p becomes cohort p);
- keep-apart pairs and, with one theme per cohort, units of two different themes: z = 0;
  transitivity then keeps a themeless unit from bridging two themes;
- objective: Σ w(u, v)·z(u, v) + the constant affinity inside the co-applicant groups.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .heuristic import Instance


@dataclass
class Outcome:
    status: str  # "optimal", "feasible", "infeasible", "unknown"
    assignment: list[int] | None  # unit → cohort, in the sub-problem's cohort numbering
    objective: int | None
    bound: int | None
    deterministic_time: float


def solve_pairs(
    instance: Instance,
    units: list[int],
    cohorts: list[int],
    hint: list[int] | None,
    *,
    seed: int,
    workers: int,
    work_limit: float,
    deadline: float,
    presolve: bool = True,
) -> Outcome:
    """Best partition of `units` into the cohorts `cohorts` (all of them, sizes respected).

    `hint` maps each unit of `units` (by position) to a cohort of `cohorts`. The returned
    assignment uses the same numbering. Pins outside `cohorts` must not occur in `units`.
    `work_limit` is in CP-SAT deterministic seconds; `deadline` is a `time.perf_counter()` value
    that the search never passes (checked again after the model is built).
    """
    model = cp_model.CpModel()
    plan = instance.plan
    size = [plan.units[u].size for u in units]
    pin = [plan.units[u].pin for u in units]
    theme = [plan.units[u].theme for u in units]
    count = len(units)
    weights = instance.weights

    # z[a][b]: True/False when known in advance, else a boolean variable.
    z: list[list] = [[None] * count for _ in range(count)]
    objective = []
    for a in range(count):
        ua = units[a]
        for b in range(a + 1, count):
            ub = units[b]
            two_themes = theme[a] is not None and theme[b] is not None and theme[a] != theme[b]
            if pin[a] is not None and pin[b] is not None:
                value = pin[a] == pin[b]
            elif two_themes or (min(ua, ub), max(ua, ub)) in plan.apart:
                value = False
            else:
                value = model.new_bool_var(f"z_{ua}_{ub}")
                if weights[ua][ub]:
                    objective.append(weights[ua][ub] * value)
            z[a][b] = z[b][a] = value
            if value is True:
                objective.append(weights[ua][ub])

    for a in range(count):
        za = z[a]
        for b in range(a + 1, count):
            zab, zb = za[b], z[b]
            for c in range(b + 1, count):
                _transitive(model, zab, zb[c], za[c])

    sizes = range(instance.min_size, instance.max_size + 1)
    lcm = math.lcm(*sizes)
    cohort_terms = []
    indicators = []
    for a in range(count):
        e = {s: model.new_bool_var(f"e_{units[a]}_{s}") for s in sizes}
        indicators.append(e)
        model.add_exactly_one(e.values())
        together = [size[b] * z[a][b] for b in range(count) if b != a and z[a][b] is not False]
        model.add(size[a] + sum(together) == sum(s * e[s] for s in sizes))
        cohort_terms += [size[a] * (lcm // s) * e[s] for s in sizes]
    model.add(sum(cohort_terms) == len(cohorts) * lcm)
    inside = sum(instance.inside[u] for u in units)
    model.maximize(sum(objective) + inside)

    if hint is not None:
        for a in range(count):
            for b in range(a + 1, count):
                if not isinstance(z[a][b], bool):
                    model.add_hint(z[a][b], hint[a] == hint[b])
            members = sum(size[b] for b in range(count) if hint[b] == hint[a])
            for s, var in indicators[a].items():
                model.add_hint(var, s == members)

    time_limit = deadline - time.perf_counter()
    if time_limit < 0.05:
        return Outcome("unknown", None, None, None, 0.0)
    solver = cp_model.CpSolver()
    parameters = solver.parameters
    parameters.num_workers = workers
    parameters.random_seed = seed
    parameters.interleave_search = False
    parameters.linearization_level = 2
    parameters.max_deterministic_time = max(work_limit, 0.01)
    parameters.max_time_in_seconds = time_limit
    parameters.cp_model_presolve = presolve
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Outcome(
            status="infeasible" if status == cp_model.INFEASIBLE else "unknown",
            assignment=None,
            objective=None,
            bound=None,
            deterministic_time=solver.deterministic_time,
        )

    def together(a: int, b: int) -> bool:
        value = z[a][b]
        return value if isinstance(value, bool) else bool(solver.boolean_value(value))

    return Outcome(
        status="optimal" if status == cp_model.OPTIMAL else "feasible",
        assignment=_label(count, together, pin, cohorts),
        objective=round(solver.objective_value),
        bound=math.floor(solver.best_objective_bound + 1e-6),
        deterministic_time=solver.deterministic_time,
    )


def clause_count(units: int) -> int:
    """Transitivity clauses of a model with this many units (three per triple)."""
    return units * (units - 1) * (units - 2) // 2


def _transitive(model: cp_model.CpModel, ab, bc, ac) -> None:
    """ab ∧ bc → ac, ab ∧ ac → bc, ac ∧ bc → ab, with known values folded in."""
    for x, y, implied in ((ab, bc, ac), (ab, ac, bc), (ac, bc, ab)):
        if x is False or y is False or implied is True:
            continue
        literals = [lit.Not() for lit in (x, y) if lit is not True]
        if implied is not False:
            literals.append(implied)
        model.add_bool_or(literals)


def _label(count: int, together, pin: list[int | None], cohorts: list[int]) -> list[int]:
    """Cohort of each unit: the pinned cluster keeps its pin, the others the free cohorts in
    order of their first unit."""
    cluster = [-1] * count
    clusters: list[list[int]] = []
    for a in range(count):
        if cluster[a] < 0:
            cluster[a] = len(clusters)
            clusters.append([a])
            for b in range(a + 1, count):
                if cluster[b] < 0 and together(a, b):
                    cluster[b] = cluster[a]
                    clusters[-1].append(b)
    pinned = {}
    for index, members in enumerate(clusters):
        pins = {pin[a] for a in members} - {None}
        if pins:
            pinned[index] = pins.pop()
    free = iter([c for c in cohorts if c not in set(pinned.values())])
    label = {i: pinned[i] if i in pinned else next(free) for i in range(len(clusters))}
    return [label[cluster[a]] for a in range(count)]
