"""How well two candidates would work together: three components in [0, 1], then weights.

- need (besoins proches): cosine of the TF-IDF vectors of their need texts, computed over the
  candidates of the instance (text.py); the shared stems are kept to explain the score.
- complementarity (activités complémentaires): the best pair of value-chain tags of the two,
  read in CHAIN below. Two different links of one chain (collecte → réemploi) complement each
  other: up to 1. The same link is worth POOL (0.5) when they also share a sector (NAF code or
  division): they can pool means, not complete each other; 0.4 across sectors. Complementary
  links inside the very same NAF code are discounted (× 0.9): the chain is then within one trade.
  Known tags that don't go together: UNRELATED (0.2); an unknown or missing tag: NEUTRAL (0.3).
- territory: same department 1, neighbouring departments 0.6, else 0 (the engine knows no
  regions). When both share a theme listed in `theme_territory_weights`, the territory term is
  multiplied by that theme's weight (public procurement is local).

total = w.need × need + w.complementarity × complementarity + w.territory × m × territory,
where m is the theme multiplier (1 by default). The solver maximises the sum of `scaled(total)`
(integers, ×1000) over the pairs inside each cohort; `score_cohorts` uses the same integers, so a
re-scored assignment matches the solver's objective exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .schema import Candidate, Options, Weights
from .text import Document, cosine, strip_accents, tfidf_documents

SCALE = 1000
POOL = 0.5
POOL_OTHER_SECTOR = 0.4
SAME_CODE_DISCOUNT = 0.9
UNRELATED = 0.2
NEUTRAL = 0.3
NEIGHBOUR = 0.6

# Readable names of the known value-chain tags, in chain order (upstream first): arrows in the
# explanations go from upstream to downstream.
TAG_LABELS = {
    "production": "production",
    "collecte": "collecte",
    "logistique": "logistique",
    "transformation": "transformation",
    "reemploi": "réemploi",
    "recyclage": "recyclage",
    "distribution": "distribution",
    "formation": "formation",
    "services": "services",
}
_ALIASES = {
    "reutilisation": "reemploi",
    "reparation": "reemploi",
    "tri": "collecte",
    "vente": "distribution",
    "commercialisation": "distribution",
    "service": "services",
    "insertion": "formation",
}
_ORDER = {tag: rank for rank, tag in enumerate(TAG_LABELS)}

# Links that go well together (symmetric). Why each pair:
CHAIN = {
    ("collecte", "reemploi"): 1.0,  # what one collects, the other puts back into use
    ("collecte", "recyclage"): 1.0,  # collected waste is the recycler's raw material
    ("collecte", "transformation"): 0.9,  # upcycling, composting, biodéchets
    ("production", "transformation"): 1.0,  # farm produce → legumerie, conserverie
    ("transformation", "distribution"): 1.0,  # processed goods need an outlet
    ("production", "distribution"): 0.9,  # short food chains
    ("reemploi", "distribution"): 0.8,  # second-hand goods need shops
    ("reemploi", "transformation"): 0.7,  # repair and upcycling
    ("recyclage", "transformation"): 0.7,  # recycled material feeds manufacturing
    ("logistique", "collecte"): 0.9,  # shared rounds, vehicles, depots
    ("logistique", "distribution"): 0.9,
    ("logistique", "production"): 0.7,
    ("logistique", "reemploi"): 0.7,
    ("formation", "production"): 0.6,  # trains the others' staff (insertion paths)
    ("formation", "transformation"): 0.6,
    ("formation", "reemploi"): 0.6,
    ("formation", "collecte"): 0.6,
    ("formation", "services"): 0.6,
    ("services", "production"): 0.5,  # back office, support functions
    ("services", "transformation"): 0.5,
    ("services", "distribution"): 0.5,
}
_CHAIN = {**CHAIN, **{(b, a): v for (a, b), v in CHAIN.items()}}

# NAF divisions (2 digits) → section letter.
_SECTIONS = (
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
    ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
    ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
    ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
)  # fmt: skip


@dataclass(frozen=True)
class PairScore:
    total: float
    need: float
    complementarity: float
    territory: float
    shared_words: list[str]
    reasons: list[str]

    @property
    def scaled(self) -> int:
        return scaled(self.total)


def scaled(value: float) -> int:
    return round(value * SCALE)


def normalise_tag(tag: str) -> str:
    key = re.sub(r"[\s_'-]", "", strip_accents(tag.strip().lower()))
    return _ALIASES.get(key, key)


def tag_label(tag: str) -> str:
    return TAG_LABELS.get(tag, tag)


def normalise_department(code: str | None) -> str | None:
    if code is None or not str(code).strip():
        return None
    code = str(code).strip().upper()
    return code.zfill(2) if code.isdigit() else code


@dataclass(frozen=True)
class Sector:
    code: str  # as given, upper-case
    division: str | None
    section: str | None


def parse_sector(raw: str) -> Sector:
    code = raw.strip().upper()
    if len(code) == 1 and code.isalpha():
        return Sector(code=code, division=None, section=code)
    digits = code[:2]
    if not digits.isdigit():
        return Sector(code=code, division=None, section=None)
    number = int(digits)
    section = next((s for s, low, high in _SECTIONS if low <= number <= high), None)
    return Sector(code=code, division=digits, section=section)


def sector_relation(a: Iterable[Sector], b: Iterable[Sector]) -> tuple[str, str | None]:
    """'code', 'division', 'section' or 'none' (closest level shared), with the shared value."""
    a, b = list(a), list(b)
    for level in ("code", "division", "section"):
        shared = sorted({getattr(s, level) for s in a} & {getattr(s, level) for s in b} - {None})
        if shared:
            return level, shared[0]
    return "none", None


@dataclass(frozen=True)
class Profile:
    """What the affinity needs of one candidate, prepared once per instance."""

    candidate: Candidate
    document: Document
    tags: tuple[str, ...]
    sectors: tuple[Sector, ...]
    department: str | None


@dataclass(frozen=True)
class AffinityContext:
    profiles: Mapping[str, Profile]
    weights: Weights
    neighbours: Mapping[str, frozenset[str]]
    theme_territory_weights: Mapping[str, float]


def build_context(
    candidates: list[Candidate],
    options: Options,
    neighbours: Mapping[str, Iterable[str]] | None = None,
) -> AffinityContext:
    documents = tfidf_documents([c.need for c in candidates])
    profiles = {
        c.id: Profile(
            candidate=c,
            document=doc,
            tags=tuple(dict.fromkeys(normalise_tag(t) for t in c.value_chain if t.strip())),
            sectors=tuple(parse_sector(s) for s in c.sectors if s.strip()),
            department=normalise_department(c.department),
        )
        for c, doc in zip(candidates, documents, strict=True)
    }
    adjacency: dict[str, set[str]] = {}
    for code, others in (neighbours or {}).items():
        for other in others:
            a, b = normalise_department(code), normalise_department(other)
            if a and b and a != b:
                adjacency.setdefault(a, set()).add(b)
                adjacency.setdefault(b, set()).add(a)
    return AffinityContext(
        profiles=profiles,
        weights=options.weights,
        neighbours={code: frozenset(others) for code, others in adjacency.items()},
        theme_territory_weights=dict(options.theme_territory_weights),
    )


def _complementarity(a: Profile, b: Profile) -> tuple[float, str | None]:
    if not a.tags or not b.tags:
        return NEUTRAL, None
    level, shared_sector = sector_relation(a.sectors, b.sectors)
    same_trade = level in ("code", "division")
    best, reason = -1.0, None
    for ta in a.tags:
        for tb in b.tags:
            if ta == tb:
                score = POOL if same_trade else POOL_OTHER_SECTOR
                text = f"même maillon ({tag_label(ta)}) : mutualisation possible"
                if same_trade:
                    text += f", même secteur ({shared_sector})"
            elif ta in TAG_LABELS and tb in TAG_LABELS:
                score = _CHAIN.get((ta, tb), UNRELATED)
                if level == "code":
                    score *= SAME_CODE_DISCOUNT
                (first, one), (second, other) = sorted(
                    ((ta, a), (tb, b)), key=lambda item: _ORDER[item[0]]
                )
                text = f"activités complémentaires : {tag_label(first)} → {tag_label(second)}"
                if level == "none" and one.sectors and other.sectors:
                    text += f" (secteurs {one.sectors[0].code} et {other.sectors[0].code})"
            else:
                score, text = NEUTRAL, None
            if score > best:
                best, reason = score, text
    if best < 0.6 and reason and reason.startswith("activités"):
        reason = None
    return best, reason


def _territory(a: Profile, b: Profile, context: AffinityContext) -> tuple[float, str | None]:
    if not a.department or not b.department:
        return 0.0, None
    if a.department == b.department:
        return 1.0, f"même département ({a.department})"
    if b.department in context.neighbours.get(a.department, ()):
        first, second = sorted((a.department, b.department))
        return NEIGHBOUR, f"départements voisins ({first} et {second})"
    return 0.0, None


def _format_weight(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def pair_affinity(a: Candidate, b: Candidate, context: AffinityContext) -> PairScore:
    pa, pb = context.profiles[a.id], context.profiles[b.id]
    weights = context.weights
    reasons = []

    need, shared = cosine(pa.document, pb.document)
    words = [pa.document.words.get(s) or pb.document.words[s] for s in shared]
    if need > 0 and words:
        reasons.append("besoins proches : " + ", ".join(words[:5]))

    complementarity, why = _complementarity(pa, pb)
    if why:
        reasons.append(why)

    territory, where = _territory(pa, pb, context)
    multiplier = 1.0
    if a.theme is not None and a.theme == b.theme:
        multiplier = context.theme_territory_weights.get(a.theme, 1.0)
    if where:
        if multiplier != 1.0:
            where += f", territoire × {_format_weight(multiplier)} pour le thème « {a.theme} »"
        reasons.append(where)

    total = (
        weights.need * need
        + weights.complementarity * complementarity
        + weights.territory * multiplier * territory
    )
    return PairScore(
        total=total,
        need=need,
        complementarity=complementarity,
        territory=territory,
        shared_words=words,
        reasons=reasons,
    )
