"""The composition engine: text, affinity, constraints, solver, explanations (no database)."""

from collections import Counter
from dataclasses import replace

import pytest
from django.conf import settings

from essaim.composition import (
    Candidate,
    CompositionError,
    Options,
    Weights,
    build_context,
    compose,
    compose_greedy,
    instance_from_dict,
    neighbours_from_geojson,
    options_from_dict,
    pair_affinity,
    score_cohorts,
)
from essaim.composition.generate import generate_candidates
from essaim.composition.geo import _adjacency
from essaim.composition.text import cosine, stems, strip_accents, tfidf_documents

GEOJSON = settings.REFERENCE_DATA_DIR / "geojson" / "departements-metropole-simplifies.geojson"


@pytest.fixture(scope="module")
def neighbours():
    return neighbours_from_geojson(GEOJSON)


def candidate(identifier, **fields):
    values = {
        "theme": None,
        "need": "",
        "sectors": (),
        "value_chain": (),
        "department": None,
    }
    values.update(fields)
    return Candidate(id=identifier, **values)


def cohorts_of(proposal):
    return [set(c["members"]) for c in proposal.cohorts]


# --- text -----------------------------------------------------------------------------------


def test_accents_and_ligatures_are_stripped():
    assert strip_accents("Réemploi, œuvre, ÉCOLE, ça") == "Reemploi, oeuvre, ECOLE, ca"


def test_stop_words_go_and_words_are_stemmed():
    assert stems("Nous souhaitons mutualiser le logiciel de la structure") == [
        "mutualis",
        "logiciel",
        "structur",
    ]


def test_a_verb_and_its_noun_share_a_stem():
    assert stems("mutualiser") == stems("mutualisation") == stems("Mutualisations")
    assert stems("réemploi") == stems("reemploi")
    assert stems("numériques") == stems("numérique")


def test_tfidf_cosine_and_shared_stems():
    docs = tfidf_documents(
        [
            "Mutualiser un logiciel de gestion",
            "Mutualisation d'un logiciel comptable",
            "Collecte des textiles",
        ]
    )
    close, shared = cosine(docs[0], docs[1])
    far, nothing = cosine(docs[0], docs[2])
    assert 0 < close < 1 and set(shared) == {"mutualis", "logiciel"}
    assert far == 0 and nothing == []
    same, _ = cosine(docs[2], docs[2])
    assert same == pytest.approx(1)


# --- affinity -------------------------------------------------------------------------------


def test_pair_reasons_name_shared_words_complementary_activities_and_territory(neighbours):
    a = candidate(
        "A",
        need="Mutualiser un logiciel de caisse",
        sectors=("38.11Z",),
        value_chain=("collecte",),
        department="14",
    )
    b = candidate(
        "B",
        need="Nous voulons mutualiser le logiciel",
        sectors=("47.79Z",),
        value_chain=("réemploi",),
        department="14",
    )
    c = candidate("C", need="Ouvrir une épicerie", value_chain=("collecte",), department="50")
    d = candidate("D", need="Former des bénévoles", department="44")
    context = build_context([a, b, c, d], Options(), neighbours)

    score = pair_affinity(a, b, context)
    assert score.shared_words == ["logiciel", "mutualiser"]  # same weight: alphabetical
    assert score.reasons == [
        "besoins proches : logiciel, mutualiser",
        "activités complémentaires : collecte → réemploi (secteurs 38.11Z et 47.79Z)",
        "même département (14)",
    ]
    assert score.complementarity == 1.0 and score.territory == 1.0
    assert score.total == pytest.approx(score.need + 2)

    neighbour = pair_affinity(a, c, context)
    assert "départements voisins (14 et 50)" in neighbour.reasons
    assert neighbour.territory == 0.6
    assert pair_affinity(a, d, context).territory == 0


def test_same_trade_same_link_pools_less_than_a_complement():
    collect = candidate("A", sectors=("38.11Z",), value_chain=("collecte",))
    collect_too = candidate("B", sectors=("38.11Z",), value_chain=("Collecte",))
    reuse = candidate("C", sectors=("47.79Z",), value_chain=("reemploi",))
    unknown = candidate("D", value_chain=("astrophysique",))
    bare = candidate("E")
    context = build_context([collect, collect_too, reuse, unknown, bare], Options())

    pooled = pair_affinity(collect, collect_too, context)
    assert pooled.complementarity == 0.5
    assert "même maillon (collecte) : mutualisation possible, même secteur (38.11Z)" in (
        pooled.reasons
    )
    assert pair_affinity(collect, reuse, context).complementarity == 1.0
    assert pair_affinity(collect, unknown, context).complementarity == 0.3
    assert pair_affinity(collect, bare, context).complementarity == 0.3


def test_weights_and_theme_territory_multiplier():
    a = candidate("A", theme="Commande publique", department="14")
    b = candidate("B", theme="Commande publique", department="14")
    options = Options(
        weights=Weights(need=0, complementarity=0, territory=2),
        theme_territory_weights={"Commande publique": 1.5},
    )
    score = pair_affinity(a, b, build_context([a, b], options))
    assert score.territory == 1.0
    assert score.total == pytest.approx(3.0)
    assert score.reasons == [
        "même département (14), territoire × 1,5 pour le thème « Commande publique »"
    ]


# --- neighbours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"), [("14", "50"), ("14", "61"), ("14", "27"), ("76", "27"), ("44", "85"), ("44", "49")]
)
def test_known_neighbours(neighbours, a, b):
    assert b in neighbours[a] and a in neighbours[b]


def test_calvados_and_seine_maritime_face_each_other_across_the_estuary(neighbours):
    # The Seine estuary separates them: the outlines share no point.
    assert "76" not in neighbours["14"]
    assert neighbours["2A"] == {"2B"}
    assert len(neighbours) == 96


def test_neighbours_are_read_once():
    before = _adjacency.cache_info().hits
    first = neighbours_from_geojson(GEOJSON)
    first["14"].add("99")
    assert "99" not in neighbours_from_geojson(GEOJSON)["14"]
    assert _adjacency.cache_info().hits >= before + 1


# --- solver ---------------------------------------------------------------------------------


def test_small_instance_respects_sizes_groups_pins(neighbours):
    candidates = generate_candidates(18)
    proposal = compose(candidates, Options(time_limit=5), neighbours=neighbours)
    assert proposal.status == "optimal" and proposal.gap == 0
    assert [c["index"] for c in proposal.cohorts] == [0, 1, 2]
    assert all(c["size"] == 6 for c in proposal.cohorts)
    assignment = proposal.assignment
    assert sorted(assignment) == sorted(c.id for c in candidates)
    groups = {}
    for c in candidates:
        if c.group:
            groups.setdefault(c.group, set()).add(assignment[c.id])
        if c.pin is not None:
            assert assignment[c.id] == c.pin
    assert groups and all(len(places) == 1 for places in groups.values())


def test_sizes_between_bounds_when_they_differ(neighbours):
    candidates = generate_candidates(17)
    proposal = compose(candidates, Options(min_size=4, max_size=6, time_limit=5))
    # The fewest cohorts that fit: 3, so 17 = 5 + 6 + 6.
    assert sorted(c["size"] for c in proposal.cohorts) == [5, 6, 6]
    more = compose(candidates, Options(min_size=4, max_size=6, cohorts=4, time_limit=5))
    assert len(more.cohorts) == 4 and all(4 <= c["size"] <= 6 for c in more.cohorts)


def test_keep_apart_pairs_are_apart(neighbours):
    candidates = generate_candidates(12)
    free = compose(candidates, Options(time_limit=5), neighbours=neighbours).assignment
    together = [
        (a.id, b.id)
        for a in candidates
        for b in candidates
        if a.id < b.id and free[a.id] == free[b.id] and a.group is None and b.group is None
    ][:3]
    options = Options(keep_apart=tuple(together), time_limit=5)
    apart = compose(candidates, options, neighbours=neighbours).assignment
    assert all(apart[a] != apart[b] for a, b in together)


def test_one_theme_per_cohort(neighbours):
    candidates = [
        replace(c, theme=theme, group=None, pin=None)
        for c, theme in zip(
            generate_candidates(16),
            ["Numérique"] * 5 + ["Transition"] * 6 + [None] * 5,
            strict=True,
        )
    ]
    options = Options(min_size=5, max_size=6, one_theme_per_cohort=True, time_limit=5)
    proposal = compose(candidates, options, neighbours=neighbours)
    theme_of = {c.id: c.theme for c in candidates}
    for cohort in proposal.cohorts:
        themes = {theme_of[m] for m in cohort["members"]} - {None}
        assert len(themes) <= 1
        assert cohort["theme"] == (themes.pop() if themes else None)


def test_same_input_same_answer(neighbours):
    candidates = generate_candidates(18, seed=3)
    options = Options(time_limit=5, seed=7)
    first = compose(candidates, options, neighbours=neighbours)
    second = compose(candidates, options, neighbours=neighbours)
    assert first.assignment == second.assignment
    assert first.objective == second.objective
    assert first.cohorts == second.cohorts


def test_score_cohorts_matches_the_solver_objective(neighbours):
    candidates = generate_candidates(18, seed=1)
    options = Options(time_limit=5)
    proposal = compose(candidates, options, neighbours=neighbours)
    reports = score_cohorts(candidates, proposal.assignment, options, neighbours)
    assert round(sum(r["score"] for r in reports), 3) == proposal.objective
    assert [r["score"] for r in reports] == [c["score"] for c in proposal.cohorts]
    assert all(r["issues"] == [] for r in reports)


def test_score_cohorts_reports_broken_constraints(neighbours):
    candidates = generate_candidates(12)
    options = Options(keep_apart=(("C001", "C004"),))
    grouped = next(c for c in candidates if c.group)
    pinned = next(c for c in candidates if c.pin == 0)
    # An advisor's edit: nearly everyone in cohort 0, one co-applicant and the pinned one out.
    assignment = {c.id: 0 for c in candidates} | {grouped.id: 1, pinned.id: 1}
    reports = score_cohorts(candidates, assignment, options, neighbours)
    issues = [issue for report in reports for issue in report["issues"]]
    assert f"le groupe de co-candidats {grouped.group} est séparé" in issues
    assert f"{pinned.id} est épinglé à la cohorte 0" in issues
    assert "C001 et C004 doivent rester séparés" in issues
    assert any("hors des tailles 5 à 6" in i for i in issues)


def test_explanations_of_a_proposal(neighbours):
    proposal = compose(generate_candidates(12), Options(time_limit=5), neighbours=neighbours)
    cohort = proposal.cohorts[0]
    assert len(cohort["strongest_pairs"]) == 3 and len(cohort["weakest_pairs"]) == 3
    best = cohort["strongest_pairs"][0]
    assert best["score"] >= cohort["strongest_pairs"][-1]["score"]
    assert best["score"] >= max(p["score"] for p in cohort["weakest_pairs"])
    reasons = [r for c in proposal.cohorts for p in c["strongest_pairs"] for r in p["reasons"]]
    assert any(r.startswith("besoins proches : ") for r in reasons)
    assert any(r.startswith("activités complémentaires : ") for r in reasons)
    assert any(r.startswith(("même département", "départements voisins")) for r in reasons)
    data = proposal.to_dict()
    assert set(data) >= {"status", "objective", "bound", "gap", "seconds", "cohorts", "weights"}
    assert data["weights"] == {"need": 1.0, "complementarity": 1.0, "territory": 1.0}


def test_greedy_baseline_is_feasible_and_not_better(neighbours):
    candidates = generate_candidates(18)
    greedy = compose_greedy(candidates, Options(), neighbours=neighbours)
    best = compose(candidates, Options(time_limit=5), neighbours=neighbours)
    assert greedy.status == "feasible"
    assert greedy.objective <= best.objective
    assert best.greedy_objective == greedy.objective
    assert Counter(len(c["members"]) for c in greedy.cohorts) == {6: 3}


# --- infeasible inputs ----------------------------------------------------------------------


def numbered(count, **fields):
    return [candidate(f"K{i:02d}", need="besoin", **fields) for i in range(count)]


def error_of(candidates, **options):
    with pytest.raises(CompositionError) as caught:
        compose(candidates, Options(time_limit=2, **options))
    return caught.value


@pytest.mark.parametrize(
    ("build", "options", "constraint", "message"),
    [
        (
            lambda: numbered(13),
            {},
            "sizes",
            "13 candidats ne peuvent pas former des cohortes de 5 à 6 : il en faudrait au moins "
            "3 pour ne pas dépasser 6, et au plus 2 pour atteindre 5.",
        ),
        (
            lambda: numbered(12),
            {"cohorts": 3},
            "sizes",
            "12 candidats ne peuvent pas former 3 cohortes de 5 à 6 : il faudrait entre 2 et 2 "
            "cohortes.",
        ),
        (
            lambda: numbered(3),
            {},
            "sizes",
            "3 candidats ne suffisent pas pour une cohorte d'au moins 5.",
        ),
        (
            lambda: [replace(c, group="X" if i < 7 else None) for i, c in enumerate(numbered(15))],
            {},
            "group",
            "le groupe de co-candidats X compte 7 structures, plus que la taille maximale (6).",
        ),
        (
            lambda: [replace(c, pin=0 if i < 2 else None) for i, c in enumerate(numbered(12))],
            {"keep_apart": (("K00", "K01"),)},
            "keep_apart",
            "les candidats K00 et K01 sont épinglés à la même cohorte mais doivent rester séparés.",
        ),
        (
            lambda: [replace(c, group="G" if i < 2 else None) for i, c in enumerate(numbered(12))],
            {"keep_apart": (("K00", "K01"),)},
            "keep_apart",
            "les candidats K00 et K01 sont co-candidats (groupe G) mais doivent rester séparés.",
        ),
        (
            lambda: [replace(c, pin=5 if i == 3 else None) for i, c in enumerate(numbered(12))],
            {},
            "pin",
            "le candidat K03 est épinglé à la cohorte 5, mais il n'y a que 2 cohortes (0 à 1).",
        ),
        (
            lambda: [replace(c, pin=0 if i < 7 else None) for i, c in enumerate(numbered(12))],
            {},
            "pin",
            "7 candidats sont épinglés à la cohorte 0 (co-candidats compris), plus que la taille "
            "maximale (6).",
        ),
        (
            lambda: [
                replace(c, theme="Numérique" if i < 4 else "Transition")
                for i, c in enumerate(numbered(12))
            ],
            {"one_theme_per_cohort": True},
            "theme",
            "le thème « Numérique » réunit 4 candidats : trop peu pour une cohorte d'au moins 5.",
        ),
        (
            lambda: numbered(10),
            {"keep_apart": tuple(("K00", f"K0{i}") for i in range(1, 7))},
            "solver",
            "aucune composition ne respecte toutes les contraintes : 2 cohortes de 5 à 6 "
            "candidats, 6 paires à séparer.",
        ),
        (
            lambda: numbered(12),
            {"keep_apart": (("K00", "nobody"),)},
            "keep_apart",
            "candidat inconnu dans les paires à séparer : nobody.",
        ),
        (
            lambda: numbered(11) + numbered(1),
            {},
            "input",
            "l'identifiant K00 apparaît deux fois.",
        ),
        (
            lambda: numbered(12),
            {"min_size": 6, "max_size": 5},
            "options",
            "la taille maximale (5) est inférieure à la taille minimale (6).",
        ),
    ],
)
def test_each_blocking_constraint_is_named(build, options, constraint, message):
    error = error_of(build(), **options)
    assert error.constraint == constraint
    assert error.message == message


def test_theme_completed_by_candidates_without_theme_is_fine():
    candidates = [
        replace(c, theme="Numérique" if i < 4 else ("Transition" if i < 10 else None))
        for i, c in enumerate(numbered(11))
    ]
    proposal = compose(candidates, Options(one_theme_per_cohort=True, time_limit=5))
    assert sorted(c["theme"] for c in proposal.cohorts) == ["Numérique", "Transition"]


# --- input parsing --------------------------------------------------------------------------


def test_instance_from_dict_and_its_errors():
    candidates, options = instance_from_dict(
        {
            "candidates": [
                {"id": "a", "need": "x", "sectors": "88.99B", "department": 14, "pin": 0},
                {"id": "b", "theme": "", "value_chain": ["collecte"]},
            ],
            "options": {"weights": {"territory": 2}, "keep_apart": [["a", "b"]], "cohorts": None},
        }
    )
    assert candidates[0].sectors == ("88.99B",) and candidates[0].department == "14"
    assert candidates[1].theme is None and candidates[1].need == ""
    assert options.weights == Weights(territory=2.0) and options.keep_apart == (("a", "b"),)
    with pytest.raises(CompositionError, match="options inconnues : speed"):
        options_from_dict({"speed": 3})
    with pytest.raises(CompositionError, match="l'identifiant « id » manque"):
        instance_from_dict({"candidates": [{"need": "x"}]})
    with pytest.raises(CompositionError, match="« pin » : un numéro de cohorte"):
        instance_from_dict({"candidates": [{"id": "a", "pin": -1}]})
