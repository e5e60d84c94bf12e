"""Cheap upper bounds, for when the full CP-SAT model is too big to build in the time limit.

Both relax "cohorts" to "each unit has at most max_size − size(u) places for partners":
- star_bound: every unit takes its best partners alone (fractional knapsack), halved;
- degree_bound: the same as one linear programme (GLOP), where a pair counts once for both
  ends, with the pairs that can never be together (keep-apart, two themes, two pins) at 0 and
  the pinned pairs at 1. It is never above star_bound, and usually a few per cent tighter.
"""

from __future__ import annotations

from ortools.linear_solver import pywraplp

from .heuristic import Instance


def star_bound(instance: Instance) -> int:
    sizes = instance.size
    total = 0.0
    for u, row in enumerate(instance.weights):
        room = instance.max_size - sizes[u]
        best = 0.0
        ranked = sorted(((row[v] / sizes[v], v) for v in range(len(row)) if v != u), reverse=True)
        for ratio, v in ranked:
            if room <= 0 or ratio <= 0:
                break
            take = min(room, sizes[v])
            best += ratio * take
            room -= take
        total += best
    return sum(instance.inside) + int(total / 2)


def degree_bound(instance: Instance) -> int:
    plan = instance.plan
    units = plan.units
    count = len(units)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    pair = {}
    for u in range(count):
        for v in range(u + 1, count):
            pu, pv = units[u].pin, units[v].pin
            tu, tv = units[u].theme, units[v].theme
            if pu is not None and pv is not None:
                low = high = float(pu == pv)
            elif (u, v) in plan.apart or (tu is not None and tv is not None and tu != tv):
                low = high = 0.0
            else:
                low, high = 0.0, 1.0
            pair[u, v] = solver.NumVar(low, high, "")
    for u in range(count):
        partners = [units[v].size * pair[min(u, v), max(u, v)] for v in range(count) if v != u]
        solver.Add(solver.Sum(partners) <= instance.max_size - units[u].size)
    solver.Maximize(solver.Sum(instance.weights[u][v] * var for (u, v), var in pair.items()))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return star_bound(instance)
    # The LP optimum is exact up to floating point: round up, never down.
    return sum(instance.inside) + int(solver.Objective().Value() + 1e-6) + 1
