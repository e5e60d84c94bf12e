"""Plausible descriptions of the demo's synthetic ESS organisations, in their own words.

Each description joins an opening, two sentences of its sector (by NAF code), a sentence on the
team and one on its current project, picked by a random generator seeded with the organisation's
SIRET: the same organisation always reads the same, whatever else the demo loads.
"""

import random

OPENINGS = [
    "Depuis {year}, nous agissons {a_commune} et dans les communes voisines.",
    "Fondée en {year} par un petit groupe de bénévoles, notre structure a grandi pas à pas "
    "{a_commune}.",
    "Implantés {a_commune} depuis {year}, nous travaillons au plus près des habitants.",
    "Notre structure est née en {year} {a_commune}, d'un constat partagé par des habitants et "
    "des élus.",
    "Créée en {year}, notre équipe intervient {a_commune} et sur tout le bassin de vie alentour.",
    "Ancrés {a_commune} depuis {year}, nous fonctionnons en gouvernance partagée avec nos usagers.",
    "Nous sommes installés {a_commune} depuis {year}, dans des locaux mis à disposition par la "
    "commune.",
    "Portée par des habitants depuis {year}, notre structure s'est professionnalisée au fil des "
    "ans sans perdre son ancrage {a_commune}.",
]
# By NAF code (demo/loader.py ACTIVITIES): what the organisation does, day to day.
SECTORS = {
    "94.99Z": [
        "Nous animons un café associatif, des rencontres entre habitants et la fête de quartier.",
        "Nous accompagnons les associations du territoire : prêt de matériel, formation des "
        "bénévoles, aide aux demandes de subvention.",
        "Nous faisons vivre un tiers-lieu ouvert à tous, avec des ateliers, des permanences et "
        "des soirées-débats.",
        "Nous coordonnons le conseil citoyen et soutenons les initiatives des jeunes du secteur.",
    ],
    "88.99B": [
        "Nous accompagnons des personnes isolées dans leurs démarches, l'accès à leurs droits et "
        "leur mobilité.",
        "Notre épicerie solidaire accueille chaque semaine des familles orientées par les "
        "travailleurs sociaux.",
        "Nos bénévoles rendent visite aux personnes âgées à domicile et les aident à utiliser "
        "les services en ligne.",
        "Nous tenons des permanences d'écoute et d'orientation avec les centres sociaux.",
    ],
    "85.59A": [
        "Nous formons des demandeurs d'emploi aux savoirs de base et aux compétences numériques, "
        "en petits groupes.",
        "Nos formations préparent aux métiers du bâtiment durable et de la rénovation énergétique.",
        "Nous proposons des ateliers sociolinguistiques et un accompagnement vers la "
        "qualification.",
        "Nous construisons des parcours de formation sur mesure avec les entreprises qui "
        "recrutent localement.",
    ],
    "90.01Z": [
        "Notre compagnie crée et joue des spectacles dans les salles des fêtes, les écoles et "
        "les maisons de retraite.",
        "Nous menons des résidences d'artistes et des projets d'éducation artistique avec les "
        "collèges.",
        "Nous organisons un festival de théâtre de rue et une saison culturelle itinérante.",
        "Nous ouvrons nos répétitions au public et animons des ateliers amateurs toute l'année.",
    ],
    "38.32Z": [
        "Notre recyclerie collecte meubles, vêtements et objets, les répare et les revend à "
        "petit prix.",
        "Nous employons des salariés en parcours d'insertion sur la collecte, le tri et la "
        "remise en état.",
        "Nous animons des ateliers de réparation et sensibilisons les habitants à la réduction "
        "des déchets.",
        "Nous travaillons avec la déchetterie intercommunale pour détourner les objets "
        "réutilisables de l'enfouissement.",
    ],
    "56.10A": [
        "Notre restaurant cuisine des produits locaux et de saison, à des prix accessibles à tous.",
        "Nous formons aux métiers de la cuisine et du service des personnes éloignées de l'emploi.",
        "Nous préparons des repas pour les écoles du secteur et un service de portage à domicile.",
        "Notre cuisine travaille avec une vingtaine de producteurs situés à moins de cinquante "
        "kilomètres.",
    ],
    "01.13Z": [
        "Nos jardins produisent des légumes biologiques, vendus en paniers chaque semaine à nos "
        "adhérents.",
        "Nous accueillons des salariés en insertion sur trois hectares de maraîchage biologique.",
        "Nous fournissons en légumes de saison la restauration collective des communes voisines.",
        "Nous ouvrons nos parcelles aux écoles pour des animations autour du jardin et de "
        "l'alimentation.",
    ],
    "62.01Z": [
        "Nous développons des logiciels libres pour les associations : adhésions, comptabilité, "
        "billetterie.",
        "Nous tenons des permanences d'inclusion numérique et reconditionnons des ordinateurs.",
        "Nous accompagnons les petites structures de l'ESS dans le choix et la prise en main de "
        "leurs outils.",
        "Nous formons des bénévoles pour qu'ils deviennent à leur tour médiateurs numériques.",
    ],
    "49.39A": [
        "Nous organisons un transport solidaire assuré par des chauffeurs bénévoles, pour les "
        "rendez-vous médicaux et les courses.",
        "Notre garage solidaire répare et loue des véhicules à prix modérés à ceux qui en ont "
        "besoin pour travailler.",
        "Nous louons des vélos à assistance électrique et animons une plateforme de covoiturage.",
        "Nous aidons les jeunes à passer le permis de conduire grâce à une auto-école associative.",
    ],
    "87.30A": [
        "Nous gérons une résidence d'accueil pour personnes âgées et des logements inclusifs.",
        "Nous accueillons en journée des adultes en situation de handicap, autour d'activités "
        "culturelles et sportives.",
        "Nous proposons du répit aux aidants et un habitat partagé entre générations.",
        "Nos équipes interviennent à domicile pour que chacun puisse vieillir chez soi.",
    ],
}
TEAMS = [
    "{team}, avec un conseil d'administration renouvelé chaque année.",
    "{team} ; les usagers siègent dans nos instances.",
    "{team}, qui se retrouvent chaque mois pour décider ensemble des orientations.",
    "{team}, formés régulièrement grâce à nos partenaires.",
]
PROJECTS = [
    "Nous cherchons aujourd'hui à consolider notre modèle économique et à diversifier nos "
    "ressources.",
    "Notre projet pour les prochaines années : essaimer notre activité dans une commune voisine.",
    "Nous souhaitons mutualiser des fonctions support avec d'autres structures du territoire.",
    "Nous préparons le déménagement dans un local plus grand, pour accueillir davantage de public.",
    "Nous voulons mieux mesurer notre impact social pour le présenter à nos financeurs.",
    "Nous réfléchissons à associer davantage nos usagers et nos partenaires à notre gouvernance.",
]


def a_commune(name: str) -> str:
    """« à Caen », « au Havre », « aux Andelys », « à La Ferté-Macé »."""
    if name.startswith("Le "):
        return f"au {name[3:]}"
    if name.startswith("Les "):
        return f"aux {name[4:]}"
    return f"à {name}"


def _team(employees_fte: float, volunteers: int) -> str:
    if employees_fte < 1:
        people = "Notre action repose sur nos bénévoles"
        return people if volunteers < 2 else f"Notre action repose sur {volunteers} bénévoles"
    staff = f"{round(employees_fte)} salarié{'s' if round(employees_fte) > 1 else ''}"
    if volunteers < 2:
        return f"Notre équipe compte {staff}"
    return f"Notre équipe compte {staff} et {volunteers} bénévoles"


def demo_description(
    *, siret: str, naf: str, commune: str, year: int, employees_fte: float, volunteers: int
) -> str:
    rng = random.Random(f"description-{siret}")
    sector = rng.sample(SECTORS[naf], k=2)
    sentences = [
        rng.choice(OPENINGS).format(year=year, a_commune=a_commune(commune)),
        *sector,
        rng.choice(TEAMS).format(team=_team(employees_fte, volunteers)),
        rng.choice(PROJECTS),
    ]
    return " ".join(sentences)
