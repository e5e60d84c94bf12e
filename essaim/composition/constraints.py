"""The hard constraints, checked before solving so that the advisor reads WHICH one blocks.

Candidates of one co-applicant group become one *unit* (they are always together); the solvers
place units. Every check here is a necessary condition; what they can't see (a tangle of pins,
keep-apart pairs and sizes) is left to CP-SAT, which then answers "aucune composition…".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .schema import Candidate, CompositionError, Options


@dataclass(frozen=True)
class Unit:
    """Candidates that travel together: one co-applicant group, or one candidate alone."""

    members: tuple[int, ...]  # candidate indices, in input order
    label: str  # the group's name, or the candidate's id
    pin: int | None
    theme: str | None  # with one theme per cohort: the members' theme, if any

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Plan:
    cohorts: int
    units: tuple[Unit, ...]
    unit_of: tuple[int, ...]  # candidate index → unit index
    apart: frozenset[tuple[int, int]]  # unit index pairs (a < b) that must stay apart


def _fail(message: str, constraint: str):
    raise CompositionError(message, constraint=constraint)


def check_options(options: Options) -> None:
    if options.min_size < 1:
        _fail("la taille minimale d'une cohorte doit être d'au moins 1.", "options")
    if options.max_size < options.min_size:
        _fail(
            f"la taille maximale ({options.max_size}) est inférieure à la taille minimale "
            f"({options.min_size}).",
            "options",
        )
    if options.cohorts is not None and options.cohorts < 1:
        _fail("le nombre de cohortes doit être d'au moins 1.", "options")
    if options.time_limit <= 0:
        _fail("le temps de calcul (time_limit) doit être positif.", "options")
    if options.workers < 1:
        _fail("il faut au moins un processus de recherche (workers).", "options")
    weights = options.weights
    if min(weights.need, weights.complementarity, weights.territory) < 0:
        _fail(
            "les poids (besoins, complémentarité, territoire) ne peuvent pas être négatifs.",
            "options",
        )
    if any(value < 0 for value in options.theme_territory_weights.values()):
        _fail(
            "les multiplicateurs de territoire par thème ne peuvent pas être négatifs.", "options"
        )


def cohort_count(count: int, options: Options) -> int:
    """How many cohorts: the advisor's number, else the fewest that the sizes allow.

    Fewest cohorts means the largest ones: every cohort costs a facilitator and sessions, and
    larger cohorts hold more pairs, so more chances of 1 or 2 collective projects. When pins
    name a higher cohort index, the count rises to reach it (if the sizes allow).
    """
    low, high = math.ceil(count / options.max_size), count // options.min_size
    size_range = f"de {options.min_size} à {options.max_size}"
    if count < options.min_size:
        _fail(
            f"{count} candidat{'s ne suffisent' if count > 1 else ' ne suffit'} pas pour une "
            f"cohorte d'au moins {options.min_size}.",
            "sizes",
        )
    if low > high:
        _fail(
            f"{count} candidats ne peuvent pas former des cohortes {size_range} : il en "
            f"faudrait au moins {low} pour ne pas dépasser {options.max_size}, et au plus "
            f"{high} pour atteindre {options.min_size}.",
            "sizes",
        )
    if options.cohorts is not None:
        if not low <= options.cohorts <= high:
            _fail(
                f"{count} candidats ne peuvent pas former {options.cohorts} cohorte"
                f"{'s' if options.cohorts > 1 else ''} {size_range} : il faudrait entre "
                f"{low} et {high} cohortes.",
                "sizes",
            )
        return options.cohorts
    return low


def _units(candidates: list[Candidate], options: Options) -> tuple[list[Unit], list[int]]:
    grouped: dict[str, list[int]] = {}
    order: list[tuple[str, object]] = []
    for index, candidate in enumerate(candidates):
        if candidate.group is None:
            order.append(("single", index))
        else:
            if candidate.group not in grouped:
                order.append(("group", candidate.group))
            grouped.setdefault(candidate.group, []).append(index)
    units, unit_of = [], [0] * len(candidates)
    for kind, key in order:
        members = (key,) if kind == "single" else tuple(grouped[key])
        label = candidates[members[0]].id if kind == "single" else str(key)
        if kind == "group" and len(members) > options.max_size:
            _fail(
                f"le groupe de co-candidats {label} compte {len(members)} structures, plus que "
                f"la taille maximale ({options.max_size}).",
                "group",
            )
        pins = sorted({candidates[i].pin for i in members} - {None})
        if len(pins) > 1:
            _fail(
                f"le groupe de co-candidats {label} est épinglé à plusieurs cohortes "
                f"({' et '.join(map(str, pins))}) alors qu'il doit rester ensemble.",
                "pin",
            )
        themes = sorted({candidates[i].theme for i in members} - {None})
        if options.one_theme_per_cohort and len(themes) > 1:
            quoted = " et ".join(f"« {t} »" for t in themes)
            _fail(
                f"le groupe de co-candidats {label} réunit les thèmes {quoted}, mais une "
                "cohorte n'a qu'un thème.",
                "theme",
            )
        for i in members:
            unit_of[i] = len(units)
        units.append(
            Unit(
                members=members,
                label=label,
                pin=pins[0] if pins else None,
                theme=themes[0] if themes and options.one_theme_per_cohort else None,
            )
        )
    return units, unit_of


def _check_themes(units: list[Unit], options: Options, cohorts: int) -> None:
    counts: dict[str, int] = {}
    for unit in units:
        if unit.theme is not None:
            counts[unit.theme] = counts.get(unit.theme, 0) + unit.size
    free = sum(unit.size for unit in units if unit.theme is None)
    deficit, needed = 0, 0
    for theme, count in sorted(counts.items()):
        if count + free < options.min_size:
            extra = f" (et {free} sans thème pour compléter)" if free else ""
            _fail(
                f"le thème « {theme} » réunit {count} candidat{'s' if count > 1 else ''}"
                f"{extra} : trop peu pour une cohorte d'au moins {options.min_size}.",
                "theme",
            )
        theme_cohorts = math.ceil(count / options.max_size)
        needed += theme_cohorts
        deficit += max(0, theme_cohorts * options.min_size - count)
    if needed > cohorts:
        _fail(
            f"avec un thème par cohorte, les thèmes demandent au moins {needed} cohortes ; "
            f"il n'y en a que {cohorts}.",
            "theme",
        )
    if deficit > free:
        _fail(
            f"avec un thème par cohorte, il faudrait {deficit} candidats sans thème pour "
            f"compléter les cohortes des thèmes trop petits ; il n'y en a que {free}.",
            "theme",
        )


def plan(candidates: list[Candidate], options: Options) -> Plan:
    """Check what can be checked without solving; raise CompositionError in French."""
    check_options(options)
    index_of: dict[str, int] = {}
    for index, candidate in enumerate(candidates):
        if candidate.id in index_of:
            _fail(f"l'identifiant {candidate.id} apparaît deux fois.", "input")
        index_of[candidate.id] = index
    cohorts = cohort_count(len(candidates), options)
    pinned = [c for c in candidates if c.pin is not None]
    if options.cohorts is None and pinned:
        highest = max(c.pin for c in pinned)
        if highest >= cohorts and highest < len(candidates) // options.min_size:
            cohorts = highest + 1
    for candidate in pinned:
        if candidate.pin >= cohorts:
            _fail(
                f"le candidat {candidate.id} est épinglé à la cohorte {candidate.pin}, mais il "
                f"n'y a que {cohorts} cohorte{'s' if cohorts > 1 else ''} (0 à {cohorts - 1}).",
                "pin",
            )
    units, unit_of = _units(candidates, options)

    by_pin: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.pin is not None:
            by_pin.setdefault(unit.pin, []).append(unit)
    for pin, pinned_units in sorted(by_pin.items()):
        size = sum(unit.size for unit in pinned_units)
        if size > options.max_size:
            _fail(
                f"{size} candidats sont épinglés à la cohorte {pin} (co-candidats compris), plus "
                f"que la taille maximale ({options.max_size}).",
                "pin",
            )
        themes = sorted({unit.theme for unit in pinned_units} - {None})
        if len(themes) > 1:
            quoted = " et ".join(f"« {t} »" for t in themes)
            _fail(
                f"des candidats des thèmes {quoted} sont épinglés à la cohorte {pin}, mais une "
                "cohorte n'a qu'un thème.",
                "theme",
            )

    apart = set()
    for a, b in options.keep_apart:
        for identifier in (a, b):
            if identifier not in index_of:
                _fail(f"candidat inconnu dans les paires à séparer : {identifier}.", "keep_apart")
        if a == b:
            _fail(f"le candidat {a} ne peut pas être séparé de lui-même.", "keep_apart")
        ua, ub = unit_of[index_of[a]], unit_of[index_of[b]]
        if ua == ub:
            _fail(
                f"les candidats {a} et {b} sont co-candidats (groupe {units[ua].label}) mais "
                "doivent rester séparés.",
                "keep_apart",
            )
        if units[ua].pin is not None and units[ua].pin == units[ub].pin:
            _fail(
                f"les candidats {a} et {b} sont épinglés à la même cohorte mais doivent rester "
                "séparés.",
                "keep_apart",
            )
        apart.add((min(ua, ub), max(ua, ub)))

    if options.one_theme_per_cohort:
        _check_themes(units, options, cohorts)
    return Plan(cohorts=cohorts, units=tuple(units), unit_of=tuple(unit_of), apart=frozenset(apart))


def constraints_in_force(candidates: list[Candidate], options: Options, plan: Plan) -> list[str]:
    """The constraints, in French, for the 'aucune composition' message."""
    result = [
        f"{plan.cohorts} cohorte{'s' if plan.cohorts > 1 else ''} de {options.min_size} à "
        f"{options.max_size} candidats"
    ]
    groups = sum(1 for unit in plan.units if unit.size > 1)
    if groups:
        result.append(f"{groups} groupe{'s' if groups > 1 else ''} de co-candidats réunis")
    pins = sum(1 for c in candidates if c.pin is not None)
    if pins:
        result.append(f"{pins} candidat{'s' if pins > 1 else ''} épinglé{'s' if pins > 1 else ''}")
    if plan.apart:
        count = len(plan.apart)
        result.append(f"{count} paire{'s' if count > 1 else ''} à séparer")
    if options.one_theme_per_cohort:
        result.append("un thème par cohorte")
    return result
