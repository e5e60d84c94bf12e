"""Cohort composition engine: a plain package, no Django and no database (see
docs/compose_cohorts.md). The cohorts app uses it through this public interface only.

compose(candidates, options, neighbours=...) -> Proposal
compose_greedy(candidates, options, neighbours=...) -> Proposal
score_cohorts(candidates, assignment, options, neighbours) -> list[dict]
pair_affinity(a, b, context) -> PairScore, with context = build_context(candidates, options)
neighbours_from_geojson(path) -> {department: {neighbouring departments}}
"""

from .affinity import NEIGHBOUR, AffinityContext, PairScore, build_context, pair_affinity
from .explain import Proposal, score_cohorts
from .geo import neighbours_from_geojson
from .schema import (
    Candidate,
    CompositionError,
    Options,
    Weights,
    instance_from_dict,
    options_from_dict,
)
from .solver import compose, compose_greedy

__all__ = [
    "NEIGHBOUR",
    "AffinityContext",
    "Candidate",
    "CompositionError",
    "Options",
    "PairScore",
    "Proposal",
    "Weights",
    "build_context",
    "compose",
    "compose_greedy",
    "instance_from_dict",
    "neighbours_from_geojson",
    "options_from_dict",
    "pair_affinity",
    "score_cohorts",
]
