"""Deterministic synthetic instances for the benchmark and the tests (no real organisation).

Needs are French sentences drawn from the vocabulary of a few ESSor-like themes, with a
generic sentence and, now and then, one from another theme; sectors and value-chain tags follow
the theme's filières; departments are those of Normandie and Pays de la Loire (Normandie more
often). A few co-applicant groups of two (one of three from 48 candidates up) and two pins.
"""

from __future__ import annotations

import random
from dataclasses import replace

from .schema import Candidate

THEMES = {
    "Numérique": {
        "sentences": [
            "mutualiser un logiciel de gestion des adhérents et de la comptabilité",
            "former les salariés et les bénévoles aux outils numériques collaboratifs",
            "créer un site internet commun et une boutique en ligne",
            "sécuriser nos données personnelles et mettre en conformité le RGPD",
            "partager un poste de chargé de communication numérique",
            "équiper les publics éloignés du numérique et animer des ateliers d'inclusion",
            "dématérialiser la facturation et les demandes de subventions",
            "choisir des logiciels libres et un hébergement mutualisé",
        ],
        "activities": [
            (("62.01Z",), ("services",)),
            (("85.59A",), ("formation",)),
            (("95.11Z",), ("reemploi",)),
            (("94.99Z",), ("services", "formation")),
            (("47.91A",), ("distribution",)),
        ],
    },
    "Transition écologique": {
        "sentences": [
            "structurer une filière locale de collecte et de réemploi des textiles",
            "développer le réemploi des matériaux du bâtiment avec une ressourcerie",
            "valoriser les biodéchets par le compostage et la transformation",
            "créer une légumerie pour transformer les produits agricoles locaux",
            "approvisionner la restauration collective en circuits courts",
            "mutualiser une logistique de collecte et de livraison à vélo",
            "réparer et revendre les appareils électroménagers d'occasion",
            "réduire les déchets et mesurer l'impact environnemental de nos activités",
        ],
        "activities": [
            (("38.11Z",), ("collecte",)),
            (("47.79Z",), ("reemploi", "distribution")),
            (("01.13Z",), ("production",)),
            (("10.39A",), ("transformation",)),
            (("38.32Z",), ("recyclage",)),
            (("49.41B",), ("logistique",)),
            (("88.99B",), ("formation", "collecte")),
        ],
    },
    "Commande publique": {
        "sentences": [
            "répondre ensemble aux marchés publics des collectivités en groupement momentané",
            "identifier les clauses sociales et environnementales des marchés du territoire",
            "construire une offre commune de services pour les acheteurs publics",
            "se former à la rédaction des mémoires techniques et au dossier de candidature",
            "constituer un groupement d'employeurs pour répondre aux appels d'offres",
            "présenter nos prestations d'insertion aux élus et aux acheteurs locaux",
            "chiffrer un prix juste et sécuriser la trésorerie pendant le marché",
        ],
        "activities": [
            (("81.30Z",), ("services",)),
            (("88.10A",), ("services", "formation")),
            (("43.39Z",), ("production",)),
            (("56.29A",), ("transformation", "distribution")),
            (("38.11Z",), ("collecte",)),
            (("78.20Z",), ("formation",)),
        ],
    },
}
GENERIC = [
    "consolider notre modèle économique et diversifier les financements",
    "renforcer la gouvernance et l'implication des bénévoles",
    "recruter et fidéliser les salariés en insertion",
    "coopérer avec d'autres structures de l'économie sociale et solidaire du territoire",
]
DEPARTMENTS = (
    ["14"] * 4 + ["50"] * 3 + ["61"] * 2 + ["27"] * 3 + ["76"] * 4 + ["44", "49", "53", "72", "85"]
)


def generate_candidates(count: int, *, seed: int = 0) -> list[Candidate]:
    """`count` candidates, the same for the same (count, seed)."""
    rng = random.Random(f"essaim-cohorts-{count}-{seed}")
    themes = sorted(THEMES)
    candidates = []
    for index in range(count):
        theme = themes[index % len(themes)] if rng.random() > 0.1 else rng.choice(themes)
        vocabulary = THEMES[theme]
        sentences = rng.sample(vocabulary["sentences"], rng.choice((1, 2, 2, 3)))
        if rng.random() < 0.6:
            sentences.append(rng.choice(GENERIC))
        if rng.random() < 0.25:
            other = rng.choice([t for t in themes if t != theme])
            sentences.append(rng.choice(THEMES[other]["sentences"]))
        sectors, chain = rng.choice(vocabulary["activities"])
        need = "Nous souhaitons " + ", ".join(sentences) + "."
        candidates.append(
            Candidate(
                id=f"C{index + 1:03d}",
                theme=theme if rng.random() > 0.05 else None,
                need=need,
                sectors=sectors,
                value_chain=chain,
                department=rng.choice(DEPARTMENTS),
            )
        )
    # Co-applicant groups: pairs of neighbours in the list, one triple from 48 up.
    groups = [(1, 2), (7, 8)] if count >= 24 else [(1, 2)]
    if count >= 48:
        groups.append((20, 21, 22))
    if count >= 90:
        groups.append((40, 41))
    for number, members in enumerate(groups, start=1):
        theme = candidates[members[0]].theme  # co-applicants answer the call on one theme
        for member in members:
            candidates[member] = replace(candidates[member], group=f"G{number}", theme=theme)
    # Two pins, on candidates outside the groups: one per cohort 0 and 1.
    candidates[4] = replace(candidates[4], pin=0)
    candidates[count - 1] = replace(candidates[count - 1], pin=1)
    return candidates
