"""Scores and explanations of cohorts: the proposal, and re-scoring an advisor's edit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .affinity import SCALE, AffinityContext, PairScore, build_context, pair_affinity
from .schema import Candidate, CompositionError, Options, weights_to_dict

TOP = 3


@dataclass
class PairTable:
    """Every pair's score for one instance (computed once, shared by solvers and reports)."""

    candidates: list[Candidate]
    context: AffinityContext
    scores: dict[tuple[int, int], PairScore]  # (i, j) with i < j

    def get(self, i: int, j: int) -> PairScore:
        return self.scores[(i, j) if i < j else (j, i)]

    def scaled(self, i: int, j: int) -> int:
        return self.get(i, j).scaled


def pair_table(
    candidates: list[Candidate],
    options: Options,
    neighbours: Mapping[str, Iterable[str]] | None = None,
) -> PairTable:
    context = build_context(candidates, options, neighbours)
    scores = {
        (i, j): pair_affinity(a, candidates[j], context)
        for i, a in enumerate(candidates)
        for j in range(i + 1, len(candidates))
    }
    return PairTable(candidates=candidates, context=context, scores=scores)


def _pair_dict(table: PairTable, i: int, j: int) -> dict[str, Any]:
    score = table.get(i, j)
    return {
        "a": table.candidates[i].id,
        "b": table.candidates[j].id,
        "score": score.scaled / SCALE,
        "need": round(score.need, 3),
        "complementarity": round(score.complementarity, 3),
        "territory": round(score.territory, 3),
        "reasons": list(score.reasons),
        "shared_words": list(score.shared_words[:8]),
    }


def cohort_report(table: PairTable, index: int, members: list[int]) -> dict[str, Any]:
    """Score (sum of the pairs' affinities), main theme, 3 strongest and 3 weakest pairs."""
    pairs = [(i, j) for n, i in enumerate(members) for j in members[n + 1 :]]
    ranked = sorted(pairs, key=lambda p: (-table.scaled(*p), p))
    themes = Counter(table.candidates[i].theme for i in members if table.candidates[i].theme)
    theme = min(themes, key=lambda t: (-themes[t], t)) if themes else None
    strongest = ranked[:TOP]
    weakest = [p for p in reversed(ranked) if p not in strongest][:TOP] if len(ranked) > TOP else []
    return {
        "index": index,
        "members": [table.candidates[i].id for i in members],
        "size": len(members),
        "score": sum(table.scaled(*p) for p in pairs) / SCALE,
        "theme": theme,
        "strongest_pairs": [_pair_dict(table, *p) for p in strongest],
        "weakest_pairs": [_pair_dict(table, *p) for p in weakest],
    }


def check_assignment(
    candidates: list[Candidate], cohorts: dict[int, list[int]], options: Options
) -> dict[int, list[str]]:
    """Per cohort, the constraints an edited assignment breaks (French), for the advisor."""
    issues: dict[int, list[str]] = {index: [] for index in cohorts}
    where = {i: index for index, members in cohorts.items() for i in members}
    index_of = {c.id: i for i, c in enumerate(candidates)}
    for index, members in cohorts.items():
        size = len(members)
        if not options.min_size <= size <= options.max_size:
            issues[index].append(
                f"{size} membre{'s' if size > 1 else ''} : hors des tailles "
                f"{options.min_size} à {options.max_size}"
            )
        themes = sorted({candidates[i].theme for i in members} - {None})
        if options.one_theme_per_cohort and len(themes) > 1:
            issues[index].append("plusieurs thèmes : " + ", ".join(themes))
        for i in members:
            pin = candidates[i].pin
            if pin is not None and pin != index:
                issues[index].append(f"{candidates[i].id} est épinglé à la cohorte {pin}")
    groups: dict[str, set[int]] = {}
    for i, candidate in enumerate(candidates):
        if candidate.group is not None:
            groups.setdefault(candidate.group, set()).add(where[i])
    for group, places in sorted(groups.items()):
        if len(places) > 1:
            for index in sorted(places):
                issues[index].append(f"le groupe de co-candidats {group} est séparé")
    for a, b in options.keep_apart:
        if a in index_of and b in index_of and where[index_of[a]] == where[index_of[b]]:
            issues[where[index_of[a]]].append(f"{a} et {b} doivent rester séparés")
    return issues


def score_cohorts(
    candidates: list[Candidate],
    assignment: Mapping[str, int],
    options: Options,
    neighbours: Mapping[str, Iterable[str]] | None = None,
    *,
    table: PairTable | None = None,
) -> list[dict[str, Any]]:
    """Scores and explanations of a given assignment {candidate id: cohort index}, no solving.

    Same integers as the solver: for the solver's own assignment, the scores add up to its
    objective. Each cohort also lists the constraints the assignment breaks ("issues").
    """
    index_of = {c.id: i for i, c in enumerate(candidates)}
    missing = [c.id for c in candidates if c.id not in assignment]
    unknown = sorted(set(assignment) - set(index_of))
    if missing or unknown:
        detail = []
        if missing:
            detail.append("sans cohorte : " + ", ".join(missing))
        if unknown:
            detail.append("inconnus : " + ", ".join(unknown))
        raise CompositionError("affectation incomplète (" + " ; ".join(detail) + ").")
    table = table or pair_table(candidates, options, neighbours)
    cohorts: dict[int, list[int]] = {}
    for i, candidate in enumerate(candidates):
        cohorts.setdefault(assignment[candidate.id], []).append(i)
    issues = check_assignment(candidates, cohorts, options)
    reports = []
    for index in sorted(cohorts):
        report = cohort_report(table, index, cohorts[index])
        report["issues"] = issues[index]
        reports.append(report)
    return reports


@dataclass
class Proposal:
    status: str  # "optimal" | "feasible"
    objective: float
    bound: float | None  # None for the greedy baseline alone
    gap: float | None
    seconds: float
    cohorts: list[dict[str, Any]]
    options: Options
    greedy_objective: float | None = None
    stopped_by: str = "optimal"  # "optimal", "work_limit" (deterministic) or "time_limit"
    notes: list[str] = field(default_factory=list)

    @property
    def assignment(self) -> dict[str, int]:
        return {member: c["index"] for c in self.cohorts for member in c["members"]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": self.seconds,
            "stopped_by": self.stopped_by,
            "greedy_objective": self.greedy_objective,
            "cohorts": self.cohorts,
            "notes": list(self.notes),
            "weights": weights_to_dict(self.options.weights),
            "options": self.options.to_dict(),
        }
