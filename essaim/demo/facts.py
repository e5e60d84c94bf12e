"""Facts for the demo data, taken from the public documents in ``shared/seeds``.

Pure data: literals and ``datetime.date`` only. Every value comes from a seed file (named in a
comment above each block) or from sections 0 and 2 of ``shared/DOMAIN.md``. No names of people,
e-mail addresses or phone numbers are kept: only organisations.

Dates given only as a month in the sources are stored as the first day of that month (a comment
says so each time). Unknown values are ``None`` (or an empty string / list) rather than guessed.
"""

from datetime import date

# ---------------------------------------------------------------------------------------------
# Organisations.
# Sources: 000_6a71e8c2920f53c6.txt and 001_61dc47940832e0ff.txt (ESSor),
# 003_17f286413ba2e592.txt (DLA régional Pays de la Loire), 004_904580cc371a2daa.txt (TRESSONS),
# DOMAIN.md §0 (TRESSONS carriers and funding) and §2 (DLA).
# department_code is only filled where the seed ties the organisation to one département.
# ---------------------------------------------------------------------------------------------
OPERATORS = [
    # --- ESSor (seeds 000, 001; DOMAIN §0) ---
    {
        "key": "region-normandie",
        "name": "Région Normandie",
        "kind": "funder",
        "department_code": "",
        "description": (
            "Collectivité régionale à l'initiative du dispositif ESSor, qu'elle porte et "
            "finance avec des fonds européens (FEDER)."
        ),
        "eu_cofunding": True,
    },
    {
        "key": "union-europeenne-feder",
        "name": "Union européenne – Fonds européen de développement régional (FEDER)",
        "kind": "funder",
        "department_code": "",
        "description": (
            "Fonds européen qui cofinance le dispositif ESSor aux côtés de la Région Normandie."
        ),
        "eu_cofunding": True,
    },
    {
        "key": "socialcobizz",
        "name": "SocialCOBizz",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Spécialiste de l'accompagnement des coopérations à impact positif, opérateur du "
            "dispositif ESSor. Son ambition : faire émerger une société plus inclusive par la "
            "coopération."
        ),
    },
    {
        "key": "france-active-normandie",
        "name": "France Active Normandie",
        "kind": "support_provider",
        "department_code": "",
        "description": (
            "Membre du réseau France Active, spécialisé dans la finance solidaire : "
            "accompagnement, financement (primes, apports en capitaux, prêts, garanties) et mise "
            "en réseau. Apporte à ESSor son expertise financière et sa connaissance des acteurs "
            "et du territoire."
        ),
    },
    {
        "key": "bartle",
        "name": "Bartle",
        "kind": "support_provider",
        "department_code": "",
        "description": "Partenaire intervenant dans l'accompagnement des cohortes ESSor.",
    },
    {
        "key": "fair-avocats",
        "name": "FAIR avocats",
        "kind": "support_provider",
        "department_code": "",
        "description": "Cabinet d'avocats partenaire intervenant dans les cohortes ESSor.",
    },
    {
        "key": "fei",
        "name": "FEI",
        "kind": "support_provider",
        "department_code": "",
        "description": "Partenaire intervenant dans l'accompagnement des cohortes ESSor.",
    },
    # --- DLA régional Pays de la Loire (seed 003; DOMAIN §2) ---
    {
        "key": "cress-pdl",
        "name": "CRESS des Pays de la Loire",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Chambre régionale de l'économie sociale et solidaire : fédère, représente et "
            "coordonne les acteurs de l'ESS. Porte le DLA régional avec le Mouvement Associatif "
            "des Pays de la Loire et opère une expérimentation TRESSONS dans le Vignoble nantais."
        ),
    },
    {
        "key": "mouvement-associatif-pdl",
        "name": "Le Mouvement Associatif des Pays de la Loire",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Porte, avec la CRESS des Pays de la Loire, le Dispositif local d'accompagnement "
            "(DLA) de niveau régional."
        ),
    },
    {
        "key": "etat",
        "name": "État",
        "kind": "funder",
        "department_code": "",
        "description": (
            "Délègue, avec la Caisse des Dépôts et le Conseil régional, le DLA régional des Pays "
            "de la Loire ; cofondateur du DLA en 2002."
        ),
    },
    {
        "key": "caisse-des-depots",
        "name": "Caisse des Dépôts",
        "kind": "funder",
        "department_code": "",
        "description": (
            "Cofondatrice du DLA en 2002 avec l'État ; délégante du DLA régional des Pays de la "
            "Loire."
        ),
    },
    {
        "key": "region-pays-de-la-loire",
        "name": "Conseil régional des Pays de la Loire",
        "kind": "funder",
        "department_code": "",
        "description": "Délégant, avec l'État et la Caisse des Dépôts, du DLA régional.",
    },
    # --- TRESSONS (seed 004; DOMAIN §0) ---
    {
        "key": "avise",
        "name": "Avise",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Porte le projet TRESSONS pour renforcer l'ESS dans les territoires ruraux et a lancé "
            "en 2020 un cycle de 10 expérimentations. Anime aussi le DLA au niveau national."
        ),
    },
    {
        "key": "rtes",
        "name": "RTES",
        "kind": "operator",
        "department_code": "",
        "description": "Coporteur du projet TRESSONS avec l'Avise (2018-2021).",
    },
    {
        "key": "reseau-rural-national",
        "name": "Réseau rural national (FEADER)",
        "kind": "funder",
        "department_code": "",
        "description": (
            "Financement du projet TRESSONS au titre du Réseau rural national et du FEADER."
        ),
    },
    {
        "key": "pole-ess-vendee",
        "name": "Pôle ESS Vendée",
        "kind": "operator",
        "department_code": "85",
        "description": (
            "Association qui promeut et développe l'ESS en Vendée : appui aux acteurs et projets, "
            "sensibilisation, synergies avec les acteurs publics, consulaires et les entreprises. "
            "Compte 50 adhérents."
        ),
    },
    {
        "key": "ronalpia",
        "name": "Ronalpia",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Détecte, sélectionne et accompagne les entrepreneurs de l'ESS, notamment ceux qui "
            "répondent aux fragilités des territoires ruraux, et fédère les professionnels de "
            "l'accompagnement autour d'eux."
        ),
    },
    {
        "key": "amesud",
        "name": "AMESUD",
        "kind": "operator",
        "department_code": "07",
        "description": (
            "Aide à l'installation et au maintien d'actifs par des actions de développement local "
            "(emploi, formation, création d'activités, ESS) ; promeut l'ESS en Ardèche et "
            "accompagne l'entrepreneuriat social."
        ),
    },
    {
        # Listed under "PARTENAIRES" of the AMESUD experiment in seed 004.
        "key": "adma",
        "name": "Association de développement de la montagne ardéchoise",
        "kind": "support_provider",
        "department_code": "07",
        "description": "Partenaire de l'expérimentation multi-acteurs d'AMESUD en Ardèche.",
    },
    {
        "key": "makesense",
        "name": "makesense",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Inspire et équipe citoyens, entrepreneurs et organisations pour construire une "
            "société plus inclusive et durable : programmes d'accompagnement ESS, financement de "
            "projets, formation d'organisations qui soutiennent les porteurs de projet."
        ),
    },
    {
        "key": "pnr-haute-vallee-chevreuse",
        "name": "Parc naturel régional de la Haute Vallée de Chevreuse",
        "kind": "support_provider",
        "department_code": "",
        "description": (
            "Parc naturel régional formé par makesense à la méthode SPRINT pour mener en "
            "autonomie des accompagnements à l'émergence sur son territoire."
        ),
    },
    {
        "key": "urqr",
        "name": "Université rurale Quercy Rouergue (URQR)",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Association de développement social local fondée sur l'éducation populaire : "
            "accompagnement des structures de l'ESS (Point d'appui à la vie associative "
            "Aveyron-Lot, DLA, CRIB), des territoires, et formation permanente."
        ),
    },
    {
        "key": "atis",
        "name": "ATIS – Association territoires et innovation sociale",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Accompagne l'émergence et le développement de projets d'innovation sociale et de "
            "structures de l'ESS en Nouvelle-Aquitaine : invention de solutions "
            "entrepreneuriales, incubation, accélération."
        ),
    },
    {
        "key": "france-active",
        "name": "France Active",
        "kind": "support_provider",
        "department_code": "",
        "description": (
            "Réseau associatif national de la finance solidaire qui accompagne les entreprises de "
            "l'ESS depuis plus de 30 ans ; partenaire de l'expérimentation d'ATIS."
        ),
    },
    {
        "key": "coop-alpha",
        "name": "Coop Alpha",
        "kind": "support_provider",
        "department_code": "",
        "description": (
            "Société coopérative d'activité et d'emploi, partenaire de l'expérimentation d'ATIS."
        ),
    },
    {
        "key": "emergence-perigord",
        "name": "Émergence Périgord",
        "kind": "support_provider",
        "department_code": "",
        "description": "Partenaire de l'expérimentation « Premiers pas » d'ATIS.",
    },
    {
        # Name as extracted from a partner logo in seed 004 ("POP départ").
        "key": "pop-depart",
        "name": "POP départ",
        "kind": "support_provider",
        "department_code": "",
        "description": "Partenaire de l'expérimentation « Premiers pas » d'ATIS.",
    },
    {
        "key": "adar-civam",
        "name": "ADAR-CIVAM",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Favorise le développement agricole et rural du Boischaut Sud, au sud de l'Indre et "
            "du Cher : mise en lien des acteurs, nouvelles alliances, expérimentations de "
            "résilience alimentaire, culturelle, sociale et économique."
        ),
    },
    {
        "key": "apess-53",
        "name": "APESS 53",
        "kind": "operator",
        "department_code": "53",
        "description": (
            "Réseau départemental de promotion de l'ESS en Mayenne : représente les acteurs de "
            "l'ESS, accompagne les projets d'innovation sociale et appuie le développement de "
            "l'ESS."
        ),
    },
    {
        "key": "cooperer-pour-entreprendre",
        "name": "Coopérer pour Entreprendre (CPE)",
        "kind": "operator",
        "department_code": "",
        "description": (
            "Société coopérative d'intérêt collectif ouverte aux CAE, tiers-lieux, collectifs "
            "d'entrepreneur·es et territoires ; accompagne la création et la pérennisation des "
            "CAE en France et en Europe."
        ),
    },
]

# ---------------------------------------------------------------------------------------------
# ESSor (Normandie).
# Sources: 000_6a71e8c2920f53c6.txt (brochure: principles, themes, stages, methodology,
# prerequisites, eligibility), 001_61dc47940832e0ff.txt (cohorts, partners, France Active
# Normandie's role), DOMAIN.md §0.
# ---------------------------------------------------------------------------------------------
ESSOR = {
    "name": "ESSor",
    "slug": "essor",
    "operator": "socialcobizz",
    "funders": ["region-normandie", "union-europeenne-feder"],
    "partners": ["france-active-normandie", "bartle", "fair-avocats", "fei"],
    "summary": (
        "Dispositif d'accompagnement collectif destiné aux acteurs de l'ESS normands souhaitant "
        "se consolider ou se développer par le levier des coopérations."
    ),
    "description": (
        "Lancé à l'initiative de la Région Normandie, financé par la Région et le FEDER et opéré "
        "par SocialCOBizz, ESSor accompagne en collectif, pendant 6 mois, des structures de l'ESS "
        "qui partagent une problématique afin de co-construire une solution pilote coportée. "
        "Trois enjeux clés sont traités tour à tour en 3 cohortes en 2022 et 2023 : le "
        "numérique, l'accès à la commande publique et la structuration de nouvelles filières "
        "liées à la transition écologique. L'accompagnement associe trois expertises : appui à la "
        "co-construction et au pilotage de projets complexes, expertise sectorielle ou "
        "fonctionnelle, et expertise financière, avec des passerelles vers des canaux de "
        "financement."
    ),
    "region_codes": ["28"],
    # Normandie departments (DOMAIN §6.5, marked [UNVERIFIED] there).
    "department_codes": ["14", "27", "50", "61", "76"],
    "themes": [
        {
            "name": "Numérique",
            "description": (
                "Appui au choix et à la personnalisation d'un outil numérique mutualisé "
                "(diagnostic des besoins, fonctionnalités, solution technique, paramétrage, "
                "sécurité des données, conduite du changement), par exemple une plateforme de "
                "e-commerce mutualisée ou un CRM de suivi de parcours bénéficiaire."
            ),
        },
        {
            "name": "Accès à la commande publique",
            "description": (
                "Appui à la définition d'une offre consolidée et à la constitution d'un consortium "
                "pour répondre à des marchés départementaux, régionaux ou nationaux, entre acteurs "
                "aux activités, territoires ou produits complémentaires."
            ),
        },
        {
            "name": "Nouvelles filières de la transition écologique",
            "description": (
                "Contribution à la structuration ou à la consolidation d'une filière à partir des "
                "membres de la cohorte : diagnostic du territoire et de la chaîne de valeur, "
                "synergies, plan d'actions, voire prototypage d'un premier projet (logistique "
                "urbaine, déchets, alimentation durable, mobilité inclusive…)."
            ),
        },
    ],
    # Seed 001 and DOMAIN §0. Month-only dates are stored as the 1st of the month.
    "cohorts": [
        {
            "name": "Cohorte 1 – Numérique",
            "theme": "Numérique",
            "start": date(2022, 9, 1),  # "septembre 2022": 1st of the month
            "end": date(2023, 1, 1),  # "janvier 2023": 1st of the month
            "description": (
                "Première cohorte, dédiée au numérique, déroulée de septembre 2022 à janvier 2023."
            ),
        },
        {
            "name": "Cohorte 2 – Nouvelles filières de la transition écologique",
            "theme": "Nouvelles filières de la transition écologique",
            "start": None,  # start date not given in the sources
            "end": date(2023, 6, 1),  # "terminée en juin 2023": 1st of the month
            "description": (
                "Deuxième cohorte, dédiée à la structuration de nouvelles filières en lien avec la "
                "transition écologique, terminée en juin 2023."
            ),
        },
        {
            "name": "Cohorte 3 – Accès à la commande publique",
            "theme": "Accès à la commande publique",
            "start": None,  # start date not given in the sources
            "end": date(2023, 6, 30),  # "à la fin du mois de juin 2023"
            "description": (
                "Dernière cohorte, consacrée à l'accès à la commande publique, terminée à la fin "
                "du mois de juin 2023."
            ),
        },
    ],
    # The 10 "apports méthodologiques" of the brochure, in order (steps 4 to 10 are headed
    # "Les points clefs du projet coopératif").
    "methodology_steps": [
        {
            "name": "Formation aux coopérations à impact",
            "description": (
                "Formation aux coopérations à impact et à la gestion de projet agile, et apports "
                "métier de l'expert de la thématique de la cohorte."
            ),
        },
        {
            "name": "Enjeux, ambition et objectifs",
            "description": (
                "Définition des enjeux, de l'ambition et des objectifs de la démarche de "
                "co-construction."
            ),
        },
        {
            "name": "Design thinking et enquête terrain",
            "description": (
                "Présentation de la méthodologie du design thinking, avec un zoom sur l'enquête "
                "terrain pour affiner la problématique (outils et méthode de collecte)."
            ),
        },
        {
            "name": "Problématique et idéation",
            "description": (
                "Analyse des retours terrain, affinement et validation de la problématique ; "
                "idéation, priorisation et choix d'1 ou 2 idées-projet à prototyper, "
                "identification des points à instruire."
            ),
        },
        {
            "name": "Prototypage",
            "description": (
                "Identification des contraintes et solutions techniques et métier, modèle "
                "opérationnel et économique."
            ),
        },
        {
            "name": "Engagements des partenaires",
            "description": "Définition des engagements des partenaires dans le portage du projet.",
        },
        {
            "name": "Business plan (1)",
            "description": "Introduction au business plan et premier temps de travail.",
        },
        {
            "name": "Business plan (2)",
            "description": (
                "Second temps de travail sur le business plan et retours de l'expert financier."
            ),
        },
        {
            "name": "Cartographie des partenaires",
            "description": "Cartographie des partenaires à mobiliser pour soutenir le projet.",
        },
        {
            "name": "Feuille de route et présentation",
            "description": (
                "Feuille de route de mise en œuvre du projet et présentation à un cercle de "
                "partenaires élargi, dont des financeurs."
            ),
        },
    ],
    "stages": [
        {
            "name": "Demande d'intégration",
            "description": (
                "La structure confirme son intérêt et dépose sa demande d'intégration avec les "
                "pièces demandées, en précisant le cas échéant ses partenaires co-déposants."
            ),
        },
        {
            "name": "Qualification des besoins d'accompagnement",
            "description": (
                "Entretien de qualification fine des besoins avec un·e chargé·e d'accompagnement, "
                "premier niveau d'orientation et de conseil, et validation de l'intégration dans "
                "la prochaine cohorte."
            ),
        },
        {
            "name": "Mois 1 – Diagnostic et premières pistes",
            "description": (
                "Sessions de co-développement pour chaque structure de la cohorte, puis choix d'1 "
                "à 2 pistes de réponses collectives et validation de l'engagement dans la "
                "co-construction. Une solution d'accompagnement individuelle est proposée aux "
                "structures qui ne s'engagent pas dans la co-construction."
            ),
        },
        {
            "name": "Mois 2 à 6 – Co-construction d'1 à 2 solutions collectives",
            "description": (
                "Accompagnement en mode projet et sur mesure par SocialCOBizz, un expert de la "
                "thématique et un expert financier, alternant sessions de travail collectif toutes "
                "les deux semaines et points de suivi d'avancement."
            ),
        },
    ],
    "eligibility_criteria": [
        {
            "label": "Structure de l'ESS normande",
            "description": "Structure de l'ESS ayant son siège en Normandie.",
        },
        {
            "label": "Plus d'un an d'existence",
            "description": "La structure existe depuis plus d'un an.",
        },
        {
            "label": "Au moins un salarié",
            "description": "La structure emploie au moins un salarié.",
        },
        {
            "label": "Situation financière saine",
            "description": "La structure présente une situation financière saine.",
        },
        {
            "label": "Solution éprouvée",
            "description": (
                "Une solution ou une action éprouvée et des (premiers) résultats probants."
            ),
        },
        {
            "label": "Finalité sociale",
            "description": "Une finalité sociale, ou sociale et environnementale.",
        },
        {
            "label": "Enjeu lié à l'un des 3 leviers",
            "description": (
                "Des enjeux de consolidation ou de développement en lien avec le numérique, la "
                "commande publique ou les nouvelles filières de la transition écologique."
            ),
        },
        {
            "label": "Volonté de coopérer",
            "description": (
                "Le souhait de s'engager dans une coopération étroite avec d'autres acteurs de "
                "l'ESS, dans une démarche de collaboration, de transparence et de confiance."
            ),
        },
        {
            "label": "Binôme décisionnaire + opérationnel",
            "description": (
                "Prérequis : mobiliser un binôme décisionnaire et opérationnel (par exemple "
                "direction et chargé·e de projets) pour suivre l'accompagnement."
            ),
        },
        {
            "label": "Temps disponible",
            "description": (
                "Prérequis : dédier environ 1 jour par semaine pendant 6 mois, à partager entre "
                "le dirigeant et l'opérationnel, pendant et entre les sessions collectives."
            ),
        },
        {
            "label": "Collectifs existants acceptés",
            "description": "ESSor est ouvert aux collectifs existants de deux structures ou plus.",
        },
    ],
    "cohort_size": [5, 6],
    # No dates, deadline or capacity are given for the integration call in the sources.
    "call": {
        "title": "Demande d'intégration au dispositif ESSor",
        "description": (
            "Confirmez votre intérêt et transmettez les pièces demandées ; un·e chargé·e "
            "d'accompagnement vous propose ensuite un entretien pour approfondir vos besoins et "
            "vous apporter un premier niveau d'orientation et de conseil."
        ),
        "opens_on": None,
        "closes_on": None,
        "capacity": None,
    },
}

# ---------------------------------------------------------------------------------------------
# DLA régional Pays de la Loire – AMI 2023 "Coopération stratégique entre structures de l'ESS".
# Sources: 003_17f286413ba2e592.txt, DOMAIN.md §2.
# ---------------------------------------------------------------------------------------------
DLA_PDL = {
    "name": "Coopération stratégique entre structures de l'ESS – DLA régional Pays de la Loire",
    "slug": "dla-pdl-cooperation-strategique-2023",
    # The regional DLA is carried jointly by the CRESS and Le Mouvement Associatif des Pays de
    # la Loire; the second carrier is listed in "partners".
    "operator": "cress-pdl",
    "partners": ["mouvement-associatif-pdl"],
    "funders": ["etat", "caisse-des-depots", "region-pays-de-la-loire"],
    "summary": (
        "Accompagnement collectif du DLA régional pour renforcer le modèle socio-économique de "
        "structures employeuses de l'ESS ligériennes par un projet de coopération stratégique."
    ),
    "description": (
        "Face aux mutations des financements publics, au renouvellement difficile des bénévoles "
        "et à la concurrence, la coopération entre structures de l'ESS est un levier pour "
        "réduire les coûts, sécuriser les finances, renforcer l'assise territoriale et mieux "
        "répondre aux bénéficiaires. Le DLA régional accompagne en collectif tout projet de "
        "partage de moyens ou d'activités entre structures, quelle que soit la forme de "
        "rapprochement et à tout stade de maturité : élaboration du projet, organisation du "
        "rapprochement ou consolidation d'une coopération existante. La participation n'affecte "
        "pas le droit des structures à un accompagnement DLA individuel au niveau local."
    ),
    "region_codes": ["52"],
    # Pays de la Loire departments (COG); not listed in the seed itself.
    "department_codes": ["44", "49", "53", "72", "85"],
    "max_organisations": 5,
    # The qualification interview is the AMI's « Diagnostic individuel » (1 h 30, two
    # representatives): its grid follows what that diagnosis looks at (DOMAIN.md §2.2).
    "qualification_grid": [
        {"key": "cooperation_maturity", "label": "Maturité du projet de coopération"},
        {"key": "representatives_availability", "label": "Disponibilité des deux représentant·es"},
        {"key": "pooling_clarity", "label": "Clarté des moyens ou activités à partager"},
        {"key": "economic_model_need", "label": "Enjeux pour le modèle socio-économique"},
        {"key": "regional_scope", "label": "Envergure régionale du projet"},
        {"key": "voluntary_commitment", "label": "Adhésion volontaire des instances dirigeantes"},
    ],
    "call": {
        "title": (
            "Appel à manifestations d'intérêt 2023 – Coopération stratégique entre structures "
            "de l'ESS"
        ),
        "description": (
            "« Renforcer notre modèle socio-économique en mettant en place un projet de "
            "coopération stratégique entre structures de l'ESS ». Candidature par le formulaire "
            "joint à l'appel ; au maximum 5 structures accompagnées."
        ),
        "opens_on": date(2023, 5, 12),
        "closes_on": date(2023, 6, 30),
        "capacity": 5,
    },
    "calendar": [
        {"date": date(2023, 5, 12), "label": "Lancement de l'appel à manifestations d'intérêt"},
        {"date": date(2023, 6, 30), "label": "Clôture de l'appel à manifestations d'intérêt"},
        # "juillet 2023": 1st of the month
        {"date": date(2023, 7, 1), "label": "Sélection et validation des structures"},
        # "septembre à décembre 2023": both ends stored as the 1st of the month
        {"date": date(2023, 9, 1), "label": "Début de l'accompagnement par un consultant"},
        {"date": date(2023, 12, 1), "label": "Fin de l'accompagnement par un consultant"},
    ],
    "eligibility_criteria": [
        {
            "label": "Structure employeuse de l'ESS",
            "description": (
                "Structure d'utilité sociale de l'ESS, employeuse et créatrice d'emploi, de la "
                "région Pays de la Loire."
            ),
        },
        {
            "label": "Envergure régionale",
            "description": (
                "Association, coopérative, tête de réseau ou entreprise agréée ESUS d'envergure "
                "régionale."
            ),
        },
        {
            "label": "Tête de réseau régionale",
            "description": (
                "Tête de réseau régionale portant un projet de mutualisation entre ses adhérents."
            ),
        },
        {
            "label": "Structure non affiliée",
            "description": (
                "Structure non affiliée à un réseau souhaitant être accompagnée pour un projet "
                "commun d'envergure régionale."
            ),
        },
        {
            "label": "Projet de coopération",
            "description": (
                "Projet de partage de moyens ou d'activités entre structures (gain d'efficacité, "
                "diversification des ressources, positionnement, optimisation des coûts), à "
                "tout stade de maturité."
            ),
        },
        {
            "label": "Volontariat",
            "description": (
                "Accompagnement sur mesure, fondé sur le volontariat et une adhésion libre au "
                "dispositif."
            ),
        },
    ],
    "stages": [
        {
            "name": "Candidature",
            "description": (
                "Envoi du formulaire de candidature joint à l'appel à manifestations d'intérêt."
            ),
        },
        {
            "name": "Sélection et validation des structures",
            "description": "Sélection d'au maximum 5 structures.",
        },
        {
            "name": "Diagnostic individuel",
            "description": (
                "Temps d'1h30 pour chaque structure, avec 2 représentant·es et la chargée "
                "d'accompagnement du DLA régional."
            ),
        },
        {
            "name": "Diagnostic collectif",
            "description": (
                "Temps de travail collectif pour partager les enjeux et définir les actions à "
                "mettre en œuvre dans le cadre de l'accompagnement."
            ),
        },
        {
            "name": "Document de synthèse",
            "description": (
                "Document finalisé intégrant une synthèse des travaux, soumis à la validation des "
                "structures accompagnées."
            ),
        },
        {
            "name": "Accompagnement collectif",
            "description": (
                "Prestation de conseil financée par le DLA sur 3 à 4 demi-journées, en présentiel "
                "et/ou à distance, avec des temps collectifs et le cas échéant individuels ; "
                "mobilisation si besoin d'acteurs de l'accompagnement du territoire."
            ),
        },
        {
            "name": "Suivi à 6 mois",
            "description": "Point sur les avancées et les nouveaux besoins, 6 mois après.",
        },
        {
            "name": "Suivi à 1 an",
            "description": "Point sur les avancées et les nouveaux besoins, 1 an après.",
        },
    ],
}

# ---------------------------------------------------------------------------------------------
# TRESSONS (Territoires ruraux et ESS, outils et nouvelles synergies).
# Sources: 004_904580cc371a2daa.txt (the 10 experiments), DOMAIN.md §0 (carriers, period,
# funding). Region/department codes are the COG codes of the territories the seed names;
# "territory_label" is the seed's wording in its list of selected operators.
# Partners are only those the seed names under "PARTENAIRES" (most are logos lost in the text).
# ---------------------------------------------------------------------------------------------
TRESSONS = {
    "name": "TRESSONS – Territoires ruraux et ESS, outils et nouvelles synergies",
    "slug": "tressons",
    "operator": "avise",
    "partners": ["rtes"],
    "funders": ["reseau-rural-national"],
    "summary": (
        "Projet visant à renforcer l'économie sociale et solidaire dans les territoires ruraux, "
        "avec un cycle de 10 expérimentations de programmes d'accompagnement multi-acteurs."
    ),
    "description": (
        "Dans le cadre de TRESSONS, l'Avise a lancé en 2020 un cycle de 10 expérimentations pour "
        "diffuser l'ingénierie d'appui aux projets dans des zones « blanches » en développant les "
        "coopérations territoriales. Elles combinent l'accompagnement direct de projets de l'ESS "
        "et de l'innovation sociale en milieu rural et le transfert d'expertise des "
        "accompagnateurs de l'ESS vers des structures d'accompagnement généralistes, en lien avec "
        "les collectivités."
    ),
    "start": date(2018, 9, 1),  # "Sept 2018" (DOMAIN §0): 1st of the month
    "end": date(2021, 12, 1),  # "Dec 2021" (DOMAIN §0): 1st of the month
    "experiments": [
        {
            "name": "Transfert d'expertise et accompagnement de projets de l'ESS",
            "slug": "pole-ess-vendee-transfert-expertise",
            "operator": "pole-ess-vendee",
            # Seed: "les acteurs locaux et les 50 adhérents du Pôle ESS Vendée".
            "partners": [],
            "region_codes": ["52"],
            "department_codes": ["85"],
            "territory_label": "Pays de Pouzauges, des Herbiers et de Mortagne",
            "objectives": [
                "Former les acteurs locaux à l'ESS et appuyer les porteurs de projets de l'ESS",
                "Renforcer l'expertise autour de l'ESS",
                "Appuyer les porteurs de projet et la mise en réseau",
            ],
            "actions": [
                "3 journées de partage d'expertise pour les élus et développeurs locaux dans 3 "
                "villes",
                "ESS'PRESSO pour développer les liens entre structures de l'ESS et entreprises du "
                "territoire",
                "3 demi-journées pour les porteurs de projet orientés par les développeurs "
                "économiques",
            ],
            "calendar": "",  # no dates in the seed
        },
        {
            "name": "Cycle « Outille ton projet » en Ardèche",
            "slug": "ronalpia-outille-ton-projet",
            "operator": "ronalpia",
            # Seed: "Collectivités-relais du programme" (not named).
            "partners": [],
            "region_codes": ["84"],
            "department_codes": ["07"],
            "territory_label": "Ardèche (Sarras, St Félicien, Annonay, Tournon sur Rhône)",
            "objectives": [
                "Accompagner les porteurs de projet ruraux au stade de l'idée en nord Ardèche",
                "Produire une ingénierie d'accompagnement adaptée aux besoins des porteurs",
                "Produire un kit pour diffuser et essayer ce cycle d'ateliers",
            ],
            "actions": [
                "4 ateliers de 3 h pour 10 entrepreneurs : charte sociale, gouvernance, modèle "
                "économique, mesure d'impact",
                "Chaque atelier alterne théorie, travail individuel ou en sous-groupe et retours "
                "d'expériences",
            ],
            "calendar": "",  # no dates in the seed
        },
        {
            "name": "Expérimentation d'un programme d'accompagnement multi-acteurs en Ardèche",
            "slug": "amesud-multi-acteurs-ardeche",
            "operator": "amesud",
            "partners": ["adma"],
            "region_codes": ["84"],
            "department_codes": ["07"],
            "territory_label": "Communauté de communes Montagne d'Ardèche",
            "objectives": [
                "Essaimer l'ingénierie d'AMESUD auprès d'acteurs locaux pour mieux repérer et "
                "orienter les projets",
                "Impulser des dynamiques partenariales de long terme",
                "Accompagner les porteurs de projets de l'ESS",
            ],
            "actions": [
                "2 jours d'ateliers formatifs et 1 visite apprenante pour les acteurs généralistes",
                "3 rencontres inspirantes (reportages, témoignages de structures)",
                "3 ateliers bonus d'expertise technique selon les besoins des projets",
            ],
            "calendar": "",  # no dates in the seed
        },
        {
            "name": (
                "Programme d'accompagnement multi-acteurs sur le territoire du Vignoble nantais"
            ),
            "slug": "cress-pdl-vignoble-nantais",
            "operator": "cress-pdl",
            # Partner logos are lost in the seed; the Comité LEADER du Vignoble Nantais is only
            # named in the objective and the calendar.
            "partners": [],
            "region_codes": ["52"],
            "department_codes": ["44"],
            "territory_label": "Pays Vignoble Nantais",
            "objectives": [
                "Répondre au manque d'ingénierie de proximité relevé par le diagnostic du Comité "
                "LEADER du Vignoble Nantais",
                "Articuler une offre d'accompagnement locale généraliste sensibilisée à l'ESS et "
                "une offre d'expertise d'acteurs nantais spécialistes de l'ESS",
            ],
            "actions": [
                "Porteurs de projet : une demi-journée d'atelier collectif",
                "Porteurs de projet : une demi-journée de rendez-vous individuels",
                "Communautés de communes et accompagnateurs généralistes : une visite apprenante",
                "Communautés de communes et accompagnateurs généralistes : une journée de "
                "formation",
            ],
            "calendar": (
                "Novembre à janvier : réunion d'information et RDV porteurs de projet ; visite "
                "apprenante, formation des accompagnateurs et RDV de bilan/perspectives avec le "
                "groupe LEADER ; rédaction du bilan de l'expérimentation."
            ),
        },
        {
            "name": (
                "Transfert de la méthode Sprint au Parc naturel de la Haute Vallée de Chevreuse"
            ),
            "slug": "makesense-sprint-chevreuse",
            "operator": "makesense",
            "partners": ["pnr-haute-vallee-chevreuse"],
            "region_codes": ["11"],
            "department_codes": ["78", "91"],
            "territory_label": "Parc Naturel de la Haute Vallée de Chevreuse",
            "objectives": [
                "Transférer la méthodologie Sprint de pré-incubation à un Parc naturel régional",
                "Former les équipes du PNR à mener en autonomie des accompagnements à l'émergence",
                "Mettre en œuvre le programme SPRINT sur le territoire du parc",
            ],
            "actions": [
                "Journée de formation-action initiale au format SPRINT",
                "Appels à projets avec transfert de savoir-faire et outillage de makesense",
                "Formation à la facilitation de SPRINT",
                "Prototypage et co-facilitation makesense/PNR",
                "Bilan du programme et des compétences développées",
            ],
            "calendar": "",  # no dates in the seed
        },
        {
            "name": (
                "Faciliter le développement des projets collectifs agri-ruraux hybrides et "
                "innovants de l'ESS en Ouest Aveyron Communauté"
            ),
            "slug": "urqr-ouest-aveyron",
            "operator": "urqr",
            "partners": [],
            "region_codes": ["76"],
            "department_codes": ["12"],
            "territory_label": "Communauté de communes Ouest Aveyron Communauté",
            "objectives": [
                "Créer une culture de l'ESS sur le territoire et accompagner les projets hybrides",
                "Améliorer la connaissance de l'ESS par les collectivités, accompagnateurs et "
                "porteurs de projet",
                "Favoriser la reconnaissance et la visibilité de ces projets",
                "Améliorer l'accueil, l'orientation, les outils et l'accompagnement des projets "
                "collectifs agri-ruraux",
            ],
            "actions": [
                "Une journée « ESS, si on en parlait », focus gouvernance",
                "3 visites apprenantes de projets agri-ruraux hybrides",
                "Une journée pour les porteurs de projet : interconnaissance, échanges et apports",
            ],
            "calendar": "",  # no dates in the seed
        },
        {
            "name": (
                "Programme d'accompagnement des premiers pas des porteurs de projet en milieu "
                "rural en Nouvelle-Aquitaine"
            ),
            "slug": "atis-premiers-pas",
            "operator": "atis",
            "partners": ["france-active", "coop-alpha", "emergence-perigord", "pop-depart"],
            "region_codes": ["75"],
            "department_codes": [],
            "territory_label": "Nouvelle-Aquitaine",
            "objectives": [
                "Modéliser un parcours « Premiers pas » et identifier des acteurs locaux pour le "
                "déployer",
                "Favoriser les échanges de pratiques entre accompagnateurs « Premiers pas »",
                "Aboutir à une offre et des contenus transférables sous forme de kit",
                "Susciter l'intérêt d'acteurs territoriaux de proximité pour déployer le programme",
            ],
            "actions": [
                "Animer un échange de pratiques entre accompagnateurs de la pré-incubation",
                "Modéliser un socle commun de parcours « Premiers pas » transférable",
                "Repérer des acteurs territoriaux ruraux souhaitant déployer une offre",
            ],
            "calendar": "",  # no dates in the seed
        },
        {
            "name": "Un parcours apprenant vers la coopération en Boischaut Sud de l'Indre",
            "slug": "adar-civam-boischaut-sud",
            "operator": "adar-civam",
            "partners": [],
            "region_codes": ["24"],
            "department_codes": ["36"],
            # The seed writes "Boischaud"; the natural region is the Boischaut.
            "territory_label": "Boischaut Sud de l'Indre",
            "objectives": [
                "Co-élaborer un parcours apprenant pour mieux coopérer au service de l'intérêt "
                "général",
                "Informer et mobiliser autour de l'ESS",
                "Partager constats et besoins, puis élaborer une feuille de route sur la "
                "transition territoriale et un cadre évaluatif",
                "Alimenter la démarche apprenante et en mesurer les avancées",
            ],
            "actions": [
                "3 événements pour susciter l'envie de coopérer et agir autour de l'ESS, pour les "
                "acteurs locaux",
                "Sensibilisation ESS : articles de presse, compte rendu de table ronde, interview "
                "radio",
                "Diagnostic participatif et feuille de route des axes de la démarche",
                "Rencontres apprenantes : visite de tiers-lieux, conférence avec InsTerCoop",
            ],
            "calendar": (
                "Septembre-octobre : sensibilisation ESS ; novembre-décembre : diagnostic "
                "participatif et feuille de route, rencontres apprenantes."
            ),
        },
        {
            "name": "Dispositif de pré-incubation « May'IDÉSS » en Mayenne",
            "slug": "apess-53-mayidess",
            "operator": "apess-53",
            "partners": [],
            "region_codes": ["52"],
            "department_codes": ["53"],
            "territory_label": "Mayenne",
            "objectives": [
                "Accompagner les porteurs de projet de l'ESS par un dispositif de pré-incubation",
                "Un guichet unique pour accueillir les porteurs de projet",
                "Un accompagnement sur mesure de l'idée vers le projet",
                "Une orientation vers les structures existantes et une mise en réseau",
                "Un suivi des porteurs de projet coordonné entre les acteurs",
            ],
            "actions": [
                "Appel à candidatures",
                "5 modules : entreprendre dans l'ESS, comptabilité, modalités de financement, "
                "formes juridiques, travailler son pitch",
                "Une journée de pitch final",
            ],
            "calendar": (
                "Modules : Entreprendre dans l'ESS (02/12), Comptabilité (18/12), Modalités de "
                "financement (06/01), Formes juridiques (13/01), Travailler son pitch (20/01)."
            ),
        },
        {
            "name": "Voyages inspirants de l'économie rurale et solidaire en Pays du Bocage",
            "slug": "cpe-voyages-inspirants-bocage",
            "operator": "cooperer-pour-entreprendre",
            "partners": [],
            # Region from the seed ("région Normandie"); the département is not stated.
            "region_codes": ["28"],
            "department_codes": [],
            "territory_label": "Pays du Bocage",
            "objectives": [
                "Former les acteurs locaux à l'ESS par des journées d'interconnaissance et de "
                "formation",
                "Faire connaître aux élus et agents les innovations portées par l'ESS",
                "Accélérer les coopérations entre acteurs locaux de l'accompagnement de projets",
            ],
            "actions": [
                "2 jours de formation à l'ESS pour des sociétaires de CAE, des élus locaux et "
                "d'autres acteurs",
                "Des visites apprenantes et une conférence prospective",
            ],
            "calendar": "",  # no dates in the seed
        },
    ],
}
