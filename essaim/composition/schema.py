"""The engine's inputs (candidates, weights, options), its error, and parsing from JSON dicts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


class CompositionError(Exception):
    """A French message for the advisor, and which constraint blocks (a short code).

    `constraint` is one of: "input", "options", "sizes", "group", "pin", "keep_apart",
    "theme", "solver".
    """

    def __init__(self, message: str, *, constraint: str = "input"):
        super().__init__(message)
        self.message = message
        self.constraint = constraint


@dataclass(frozen=True, kw_only=True)
class Candidate:
    id: str
    theme: str | None
    need: str  # French free text
    sectors: tuple[str, ...]  # NAF codes ("88.99B"), divisions ("88") or sections ("Q")
    value_chain: tuple[str, ...]  # "collecte", "réemploi", "transformation"… (free strings)
    department: str | None  # INSEE code "14", "2A"
    group: str | None = None  # co-applicant group: candidates sharing it MUST be together
    pin: int | None = None  # cohort index (0-based) the advisor pins this candidate to


@dataclass(frozen=True, kw_only=True)
class Weights:
    need: float = 1.0
    complementarity: float = 1.0
    territory: float = 1.0


@dataclass(frozen=True, kw_only=True)
class Options:
    min_size: int = 5
    max_size: int = 6
    # None: the fewest cohorts that the sizes allow (see solver.cohort_count).
    cohorts: int | None = None
    one_theme_per_cohort: bool = False
    keep_apart: tuple[tuple[str, str], ...] = ()  # pairs of candidate ids never together
    weights: Weights = field(default_factory=Weights)
    time_limit: float = 10.0  # seconds, for the whole call
    seed: int = 0
    workers: int = 1  # CP-SAT search workers; 1 keeps the answer deterministic
    # Territory counts more for some themes (public procurement is local): multiplier, default 1.
    theme_territory_weights: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_size": self.min_size,
            "max_size": self.max_size,
            "cohorts": self.cohorts,
            "one_theme_per_cohort": self.one_theme_per_cohort,
            "keep_apart": [list(pair) for pair in self.keep_apart],
            "weights": weights_to_dict(self.weights),
            "theme_territory_weights": dict(self.theme_territory_weights),
            "time_limit": self.time_limit,
            "seed": self.seed,
            "workers": self.workers,
        }


def weights_to_dict(weights: Weights) -> dict[str, float]:
    return {f.name: getattr(weights, f.name) for f in fields(weights)}


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise CompositionError(f"{what} : une liste de textes est attendue.")


def _optional_text(value: Any, what: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise CompositionError(f"{what} : un texte est attendu.")
    return value


def _number(value: Any, what: str, *, integer: bool = False) -> float | int:
    valid = isinstance(value, int) if integer else isinstance(value, int | float)
    if not valid or isinstance(value, bool):
        kind = "un nombre entier" if integer else "un nombre"
        raise CompositionError(f"{what} : {kind} est attendu.", constraint="options")
    return value


def candidate_from_dict(data: Any, position: int) -> Candidate:
    if not isinstance(data, Mapping):
        raise CompositionError(f"candidat n° {position + 1} : un objet est attendu.")
    identifier = _optional_text(data.get("id"), f"candidat n° {position + 1}, « id »")
    if identifier is None:
        raise CompositionError(f"candidat n° {position + 1} : l'identifiant « id » manque.")
    where = f"candidat {identifier}"
    pin = data.get("pin")
    if pin is not None and (not isinstance(pin, int) or isinstance(pin, bool) or pin < 0):
        raise CompositionError(f"{where}, « pin » : un numéro de cohorte (0, 1, …) est attendu.")
    need = data.get("need") or ""
    if not isinstance(need, str):
        raise CompositionError(f"{where}, « need » : un texte est attendu.")
    return Candidate(
        id=identifier,
        theme=_optional_text(data.get("theme"), f"{where}, « theme »"),
        need=need,
        sectors=_strings(data.get("sectors"), f"{where}, « sectors »"),
        value_chain=_strings(data.get("value_chain"), f"{where}, « value_chain »"),
        department=_optional_text(data.get("department"), f"{where}, « department »"),
        group=_optional_text(data.get("group"), f"{where}, « group »"),
        pin=pin,
    )


def options_from_dict(data: Any) -> Options:
    """Options from a JSON object; missing keys take the defaults, unknown keys are refused."""
    if data is None:
        return Options()
    if not isinstance(data, Mapping):
        raise CompositionError("« options » : un objet est attendu.", constraint="options")
    known = {f.name for f in fields(Options)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise CompositionError(f"options inconnues : {', '.join(unknown)}.", constraint="options")
    values: dict[str, Any] = {}
    for name in ("min_size", "max_size", "seed", "workers"):
        if name in data:
            values[name] = _number(data[name], f"« {name} »", integer=True)
    if data.get("cohorts") is not None:
        values["cohorts"] = _number(data["cohorts"], "« cohorts »", integer=True)
    if "time_limit" in data:
        values["time_limit"] = float(_number(data["time_limit"], "« time_limit »"))
    if "one_theme_per_cohort" in data:
        if not isinstance(data["one_theme_per_cohort"], bool):
            raise CompositionError(
                "« one_theme_per_cohort » : true ou false est attendu.", constraint="options"
            )
        values["one_theme_per_cohort"] = data["one_theme_per_cohort"]
    pairs = data.get("keep_apart") or []
    if not isinstance(pairs, list) or not all(
        isinstance(p, list | tuple) and len(p) == 2 and all(isinstance(i, str) for i in p)
        for p in pairs
    ):
        raise CompositionError(
            "« keep_apart » : une liste de paires d'identifiants est attendue.",
            constraint="options",
        )
    values["keep_apart"] = tuple((a, b) for a, b in pairs)
    weights = data.get("weights") or {}
    if not isinstance(weights, Mapping) or set(weights) - {f.name for f in fields(Weights)}:
        raise CompositionError(
            "« weights » : un objet avec need, complementarity, territory est attendu.",
            constraint="options",
        )
    values["weights"] = Weights(
        **{name: float(_number(v, f"« weights.{name} »")) for name, v in weights.items()}
    )
    theme_weights = data.get("theme_territory_weights") or {}
    if not isinstance(theme_weights, Mapping):
        raise CompositionError(
            "« theme_territory_weights » : un objet thème → multiplicateur est attendu.",
            constraint="options",
        )
    values["theme_territory_weights"] = {
        str(theme): float(_number(v, f"« theme_territory_weights.{theme} »"))
        for theme, v in theme_weights.items()
    }
    return Options(**values)


def instance_from_dict(data: Any) -> tuple[list[Candidate], Options]:
    """`{"candidates": [...], "options": {...}}` → candidates and options (CompositionError)."""
    if not isinstance(data, Mapping):
        raise CompositionError("l'entrée doit être un objet JSON avec « candidates ».")
    raw = data.get("candidates")
    if not isinstance(raw, list) or not raw:
        raise CompositionError("« candidates » : une liste non vide de candidats est attendue.")
    candidates = [candidate_from_dict(item, i) for i, item in enumerate(raw)]
    return candidates, options_from_dict(data.get("options"))
