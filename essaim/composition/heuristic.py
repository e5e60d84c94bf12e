"""Greedy composition (the benchmark's baseline) and a local search that improves it.

Both place *units* (a candidate, or a co-applicant group) and are deterministic: ties are broken
by index and the descent runs to a local optimum, never against the clock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from .constraints import Plan


@dataclass
class Instance:
    """What the solvers need: the plan, unit sizes, and unit-to-unit integer affinities."""

    plan: Plan
    weights: list[list[int]]  # unit × unit, symmetric, diagonal 0
    inside: list[int]  # affinity of the pairs inside each unit (constant)
    min_size: int
    max_size: int

    @property
    def cohorts(self) -> int:
        return self.plan.cohorts

    @property
    def size(self) -> list[int]:
        return [unit.size for unit in self.plan.units]


class State:
    """An assignment of units to cohorts, with the per-cohort sums a move needs."""

    def __init__(self, instance: Instance, assignment: list[int | None]):
        self.instance = instance
        self.size = instance.size
        self.assignment = list(assignment)
        k = instance.cohorts
        self.load = [0] * k
        self.themes = [Counter() for _ in range(k)]
        # gain[u][c]: sum of u's affinities with the units in cohort c (u excluded).
        self.gain = [[0] * k for _ in instance.weights]
        self.apart: dict[int, set[int]] = {}
        for a, b in instance.plan.apart:
            self.apart.setdefault(a, set()).add(b)
            self.apart.setdefault(b, set()).add(a)
        self.members: list[set[int]] = [set() for _ in range(k)]
        for unit, cohort in enumerate(assignment):
            if cohort is not None:
                self.assignment[unit] = None
                self.place(unit, cohort)

    def theme(self, unit: int) -> str | None:
        return self.instance.plan.units[unit].theme

    def place(self, unit: int, cohort: int) -> None:
        self.assignment[unit] = cohort
        self.load[cohort] += self.size[unit]
        self.members[cohort].add(unit)
        if self.theme(unit) is not None:
            self.themes[cohort][self.theme(unit)] += 1
        for other, w in enumerate(self.instance.weights[unit]):
            if w:
                self.gain[other][cohort] += w

    def remove(self, unit: int) -> None:
        cohort = self.assignment[unit]
        self.assignment[unit] = None
        self.load[cohort] -= self.size[unit]
        self.members[cohort].discard(unit)
        if self.theme(unit) is not None:
            self.themes[cohort][self.theme(unit)] -= 1
            if not self.themes[cohort][self.theme(unit)]:
                del self.themes[cohort][self.theme(unit)]
        for other, w in enumerate(self.instance.weights[unit]):
            if w:
                self.gain[other][cohort] -= w

    def theme_fits(self, unit: int, cohort: int, leaving: int | None = None) -> bool:
        theme = self.theme(unit)
        if theme is None:
            return True
        present = set(self.themes[cohort])
        gone = None if leaving is None else self.theme(leaving)
        if gone is not None and self.themes[cohort][gone] == 1:
            present.discard(gone)
        return present <= {theme}

    def apart_fits(self, unit: int, cohort: int, leaving: int | None = None) -> bool:
        return not (self.apart.get(unit, set()) & (self.members[cohort] - {leaving}))

    def objective(self) -> int:
        inside = sum(self.instance.inside)
        pairs = sum(self.gain[u][c] for u, c in enumerate(self.assignment) if c is not None)
        return inside + pairs // 2


def greedy(instance: Instance) -> tuple[list[int], bool]:
    """Seed each cohort with the strongest free pair, then add the best marginal gain.

    Returns the unit assignment and whether every constraint holds (the greedy relaxes the
    theme, then the keep-apart pairs, then the sizes, rather than leave a unit out).
    """
    plan, k = instance.plan, instance.cohorts
    units = range(len(plan.units))
    state = State(instance, [unit.pin for unit in plan.units])
    lo, hi = instance.min_size, instance.max_size

    def fits(unit: int, cohort: int) -> bool:
        return (
            state.load[cohort] + state.size[unit] <= hi
            and state.theme_fits(unit, cohort)
            and state.apart_fits(unit, cohort)
        )

    # Units that must stay apart from others go first, each where it conflicts with no one.
    for unit in sorted(state.apart):
        if state.assignment[unit] is None:
            fitting = [c for c in range(k) if fits(unit, c)]
            if fitting:
                state.place(unit, min(fitting, key=lambda c: (state.load[c], c)))

    free = [u for u in units if state.assignment[u] is None]
    pairs = sorted(
        ((instance.weights[a][b], a, b) for i, a in enumerate(free) for b in free[i + 1 :]),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    empty = [c for c in range(k) if not state.load[c]]
    for _, a, b in pairs:
        if not empty:
            break
        if state.assignment[a] is not None or state.assignment[b] is not None:
            continue
        cohort = empty[0]
        if fits(a, cohort):
            state.place(a, cohort)
            if fits(b, cohort):
                state.place(b, cohort)
                empty.pop(0)
            else:
                state.remove(a)

    feasible = True
    while True:
        left = [u for u in units if state.assignment[u] is None]
        if not left:
            break
        remaining = sum(state.size[u] for u in left)
        deficit = sum(max(0, lo - state.load[c]) for c in range(k))
        short = [c for c in range(k) if state.load[c] < lo]
        cohorts = short if remaining <= deficit else list(range(k))
        best = None
        for unit in left:
            for cohort in cohorts:
                if fits(unit, cohort):
                    key = (state.gain[unit][cohort], -unit, -cohort)
                    if best is None or key > best[0]:
                        best = (key, unit, cohort)
        if best is None:
            # No placement keeps every constraint: relax the theme, then keep-apart, then sizes.
            feasible = False
            unit = left[0]
            ranked = sorted(
                range(k),
                key=lambda c: (
                    state.load[c] + state.size[unit] > hi,
                    not state.apart_fits(unit, c),
                    not state.theme_fits(unit, c),
                    state.load[c],
                    c,
                ),
            )
            state.place(unit, ranked[0])
        else:
            state.place(best[1], best[2])
    if any(not lo <= load <= hi for load in state.load):
        feasible = False
    return list(state.assignment), feasible


def improve(instance: Instance, assignment: list[int]) -> tuple[list[int], int]:
    """Descent from a feasible assignment; returns the local optimum and its value.

    Moves and swaps of single units first, then the exact re-split of every pair of cohorts
    (all the ways to share their members in two), repeated until nothing improves: a local
    optimum for both neighbourhoods.
    """
    state = State(instance, assignment)
    _descend(state)
    return list(state.assignment), state.objective()


def _descend(state: State) -> None:
    k = state.instance.cohorts
    dirty = set(range(k))
    while True:
        dirty |= _climb(state)
        if not dirty:
            return
        changed = set()
        for c in range(k):
            for d in range(c + 1, k):
                if (c in dirty or d in dirty) and _repartition(state, c, d):
                    changed |= {c, d}
        dirty = changed
        if not dirty:
            return


def _climb(state: State) -> set[int]:
    """Best-improvement moves and swaps of units; returns the cohorts that changed."""
    instance = state.instance
    k, weights = instance.cohorts, instance.weights
    lo, hi = instance.min_size, instance.max_size
    movable = [u for u, unit in enumerate(instance.plan.units) if unit.pin is None]
    changed = set()
    while True:
        best = (0, None)
        for u in movable:
            cu, su, gu = state.assignment[u], state.size[u], state.gain[u]
            if state.load[cu] - su < lo:
                continue
            for d in range(k):
                delta = gu[d] - gu[cu]
                if (
                    d != cu
                    and delta > best[0]
                    and state.load[d] + su <= hi
                    and state.theme_fits(u, d)
                    and state.apart_fits(u, d)
                ):
                    best = (delta, ("move", u, d))
        for i, u in enumerate(movable):
            cu, su, gu = state.assignment[u], state.size[u], state.gain[u]
            for v in movable[i + 1 :]:
                cv = state.assignment[v]
                if cv == cu:
                    continue
                gv = state.gain[v]
                delta = gu[cv] - gu[cu] + gv[cu] - gv[cv] - 2 * weights[u][v]
                if delta <= best[0]:
                    continue
                sv = state.size[v]
                if su != sv and not (
                    lo <= state.load[cu] - su + sv <= hi and lo <= state.load[cv] - sv + su <= hi
                ):
                    continue
                if (
                    state.theme_fits(u, cv, leaving=v)
                    and state.theme_fits(v, cu, leaving=u)
                    and state.apart_fits(u, cv, leaving=v)
                    and state.apart_fits(v, cu, leaving=u)
                ):
                    best = (delta, ("swap", u, v))
        if best[1] is None:
            return changed
        kind, u, other = best[1]
        if kind == "move":
            changed |= {state.assignment[u], other}
            state.remove(u)
            state.place(u, other)
        else:
            cu, cv = state.assignment[u], state.assignment[other]
            changed |= {cu, cv}
            state.remove(u)
            state.remove(other)
            state.place(u, cv)
            state.place(other, cu)


def _repartition(state: State, c: int, d: int) -> bool:
    """Split the members of cohorts c and d anew, the best way; True if it improved."""
    instance = state.instance
    units = instance.plan.units
    lo, hi = instance.min_size, instance.max_size
    pool = sorted(state.members[c] | state.members[d])
    fixed_c = [i for i, u in enumerate(pool) if units[u].pin == c]
    fixed_d = [i for i, u in enumerate(pool) if units[u].pin == d]
    free = [i for i in range(len(pool)) if i not in fixed_c and i not in fixed_d]
    if not fixed_c and not fixed_d and free:
        fixed_c, free = [free[0]], free[1:]  # the two cohorts are interchangeable
    w = [[instance.weights[u][v] for v in pool] for u in pool]
    size = [state.size[u] for u in pool]
    theme = [units[u].theme for u in pool]
    apart = [
        (i, j)
        for i, u in enumerate(pool)
        for j, v in enumerate(pool)
        if i < j and (min(u, v), max(u, v)) in instance.plan.apart
    ]
    total = sum(size)
    base_c = sum(size[i] for i in fixed_c)

    def value(side):
        return sum(w[a][b] for n, a in enumerate(side) for b in side[n + 1 :])

    def valid(side):
        themes = {theme[i] for i in side} - {None}
        return len(themes) <= 1

    current = value([i for i, u in enumerate(pool) if state.assignment[u] == c])
    current += value([i for i, u in enumerate(pool) if state.assignment[u] == d])
    best, best_side = current, None
    for r in range(len(free) + 1):
        for chosen in combinations(free, r):
            size_c = base_c + sum(size[i] for i in chosen)
            if not (lo <= size_c <= hi and lo <= total - size_c <= hi):
                continue
            side_c = fixed_c + list(chosen)
            in_c = set(side_c)
            side_d = [i for i in range(len(pool)) if i not in in_c]
            score = value(side_c) + value(side_d)
            if score <= best:
                continue
            if not (valid(side_c) and valid(side_d)):
                continue
            if any((i in in_c) == (j in in_c) for i, j in apart):
                continue
            best, best_side = score, in_c
    if best_side is None:
        return False
    # Side c holds cohort c's pins (and side d cohort d's): pins stay where they are.
    for u in pool:
        state.remove(u)
    for i, u in enumerate(pool):
        state.place(u, c if i in best_side else d)
    return True
