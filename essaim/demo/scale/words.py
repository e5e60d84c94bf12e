"""Word banks and the sentences composed from them: names, descriptions, needs, answers, agendas.

Every function takes the caller's `random.Random`, so the same seed writes the same text. The
banks are plain French as the people of the ESS write it; nothing here is lorem ipsum.
"""

import random
import unicodedata

VOWELS = "aàâäeéèêëiîïoôöuùûüyh"


def _names(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _names(
    "Camille Claire Marc Julie Thomas Léa Nicolas Sarah Antoine Manon Julien Chloé Maxime Emma "
    "Romain Inès Hugo Lucie Mathieu Pauline Guillaume Marion Alexandre Laura Benoît Élodie "
    "Sébastien Anaïs Vincent Céline Florian Aurélie Jérôme Sophie Yann Hélène Karim Nadia "
    "Mehdi Fatou Samir Amina Loïc Gaëlle Erwan Maëlle Olivier Nathalie Pierre Isabelle "
    "François Catherine Laurent Sandrine Stéphane Valérie Cédric Virginie David Émilie Arnaud "
    "Agathe Baptiste Clémence Damien Estelle Fabien Gwenaëlle Hervé Ingrid Jonathan Karine "
    "Lucas Mélanie Noé Océane Patrice Quentin Rachida Simon Tiphaine Ulysse Victor Yasmine Zoé"
)
LAST_NAMES = [
    *_names(
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
        "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre "
        "Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc "
        "Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez "
        "Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly "
        "Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Perez Marchand Dufour Blanchard "
        "Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin Fernandez Pierre Renard Arnaud "
        "Rolland "
        "Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard Philippe "
        "Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Hubert Louis Charles Guillot "
        "Rivière Guillaume Adam Rey Moulin Gonzalez Berger Lecomte Menard Fleury Deschamps "
        "Carpentier Julien Benoît Paris Maillard Marchal Aubry Vasseur Renault Jacquet "
        "Collet Prévost Poirier Charpentier Royer Huet Baron Dupuy Pons Paul Laine Carré Breton "
        "Rémy Schneider Perrot Guyot Barre Marty Cousin Kerbrat Tanguy Diallo Traoré "
        "Benali Haddad Mansouri Camara Keita"
    ),
    "Da Silva",
    "Le Gall",
    "Le Roux",
    "Le Goff",
]

MEMBER_TITLES = [
    "Directrice",
    "Directeur",
    "Coordinatrice",
    "Coordinateur",
    "Présidente",
    "Président",
    "Trésorière",
    "Trésorier",
    "Chargée de projet",
    "Chargé de développement",
    "Co-gérante",
    "Co-gérant",
    "Responsable administrative et financière",
    "Animatrice",
]
ADVISOR_TITLES = [
    "Chargée d'accompagnement",
    "Chargé d'accompagnement",
    "Chargée de mission DLA",
    "Chargé de mission ESS",
    "Responsable des programmes",
    "Animatrice de réseau",
]

# (name in an organisation's name, NAF sub-class, what it does, whom it serves)
ACTIVITIES = [
    (
        "Recyclerie",
        "38.32Z",
        "collecte, répare et revend des objets du quotidien",
        "les habitants",
    ),
    (
        "Ressourcerie",
        "38.32Z",
        "donne une seconde vie aux meubles, vêtements et objets donnés",
        "les habitants",
    ),
    (
        "Épicerie solidaire",
        "47.11F",
        "propose des produits de qualité à prix réduit aux familles aux revenus modestes",
        "les familles",
    ),
    (
        "Atelier vélo",
        "95.29Z",
        "apprend à chacun à réparer son vélo et remet en circulation des cycles abandonnés",
        "les cyclistes du quotidien",
    ),
    ("Repair café", "95.29Z", "répare avec les habitants leurs appareils en panne", "les voisins"),
    (
        "Jardin de cocagne",
        "01.13Z",
        "cultive des légumes biologiques avec des salariés en insertion",
        "les personnes éloignées de l'emploi",
    ),
    (
        "Chantier d'insertion",
        "81.30Z",
        "entretient les espaces naturels en employant des personnes en parcours d'insertion",
        "les personnes éloignées de l'emploi",
    ),
    (
        "Café associatif",
        "56.30Z",
        "tient un lieu convivial où se croisent concerts, ateliers et permanences",
        "les habitants du quartier",
    ),
    (
        "Tiers-lieu",
        "94.99Z",
        "ouvre un espace partagé de travail, de fabrication et de rencontres",
        "les porteurs de projets",
    ),
    (
        "Fablab",
        "85.59A",
        "met à disposition des machines de fabrication numérique et forme à leur usage",
        "les jeunes et les artisans",
    ),
    (
        "Garage solidaire",
        "45.20A",
        "entretient à prix modéré les véhicules des personnes qui en ont besoin pour travailler",
        "les salariés précaires",
    ),
    (
        "Auto-école sociale",
        "85.53Z",
        "prépare au permis de conduire les personnes en insertion",
        "les demandeurs d'emploi",
    ),
    (
        "Crèche associative",
        "88.91A",
        "accueille les jeunes enfants avec une forte implication des parents",
        "les familles",
    ),
    (
        "Régie de quartier",
        "81.21Z",
        "assure l'entretien du quartier en y créant des emplois pour ses habitants",
        "les habitants du quartier",
    ),
    (
        "Centre social",
        "88.99B",
        "anime des activités pour toutes les générations et accompagne les familles",
        "les familles",
    ),
    (
        "Compagnie de théâtre",
        "90.01Z",
        "crée et joue des spectacles au plus près des habitants",
        "les publics éloignés de la culture",
    ),
    (
        "Cinéma associatif",
        "59.14Z",
        "programme des films art et essai et des séances-débats",
        "les habitants",
    ),
    (
        "Librairie coopérative",
        "47.61Z",
        "fait vivre une librairie indépendante gérée par ses salariés et ses lecteurs",
        "les lecteurs",
    ),
    (
        "Boulangerie coopérative",
        "10.71C",
        "fabrique un pain au levain avec des farines locales",
        "les habitants",
    ),
    (
        "Restaurant d'insertion",
        "56.10A",
        "cuisine des produits locaux en formant des personnes éloignées de l'emploi",
        "les personnes éloignées de l'emploi",
    ),
    (
        "Conserverie solidaire",
        "10.39B",
        "transforme les invendus des maraîchers en conserves et en soupes",
        "les producteurs locaux",
    ),
    (
        "Ferme pédagogique",
        "01.50Z",
        "accueille les écoles pour faire découvrir l'agriculture et l'alimentation",
        "les enfants",
    ),
    (
        "Matériauthèque",
        "46.73B",
        "récupère les matériaux de chantier et les revend aux artisans et aux particuliers",
        "les artisans",
    ),
    (
        "Coopérative d'activité et d'emploi",
        "70.22Z",
        "héberge des entrepreneurs salariés qui testent et développent leur activité",
        "les créateurs d'activité",
    ),
    (
        "Entreprise adaptée",
        "82.92Z",
        "emploie des travailleurs handicapés dans la logistique et le conditionnement",
        "les travailleurs en situation de handicap",
    ),
    (
        "Service d'aide à domicile",
        "88.10A",
        "accompagne les personnes âgées et les personnes en situation de handicap chez elles",
        "les personnes âgées",
    ),
    (
        "Transport solidaire",
        "49.39A",
        "conduit les habitants sans voiture vers leurs rendez-vous médicaux et administratifs",
        "les habitants isolés",
    ),
    (
        "Club sportif",
        "93.12Z",
        "fait pratiquer le sport à tous, en particulier aux jeunes des quartiers",
        "les jeunes",
    ),
    (
        "École de musique",
        "85.52Z",
        "enseigne la musique à tarif solidaire et organise des concerts",
        "les enfants et les adultes",
    ),
    (
        "Habitat partagé",
        "68.20B",
        "gère des logements où cohabitent générations et personnes fragiles",
        "les personnes âgées",
    ),
    (
        "Coopérative d'énergie citoyenne",
        "35.11Z",
        "installe des centrales solaires financées par les habitants",
        "les habitants",
    ),
    (
        "Friperie solidaire",
        "47.79Z",
        "trie et revend des vêtements de seconde main",
        "les familles",
    ),
    (
        "Radio associative",
        "60.10Z",
        "produit des émissions locales avec des bénévoles et des jeunes en service civique",
        "les auditeurs",
    ),
    (
        "Accorderie",
        "94.99Z",
        "organise l'échange de services entre habitants, une heure contre une heure",
        "les habitants",
    ),
    (
        "Centre de formation",
        "85.59A",
        "forme aux métiers de demain et aux savoirs de base",
        "les demandeurs d'emploi",
    ),
    (
        "Atelier numérique",
        "62.09Z",
        "accompagne les habitants dans leurs démarches en ligne et reconditionne des ordinateurs",
        "les personnes éloignées du numérique",
    ),
    (
        "Légumerie",
        "10.39A",
        "prépare des légumes locaux pour la restauration collective",
        "les cantines scolaires",
    ),
    (
        "Maison de services",
        "88.99B",
        "accueille et oriente les habitants dans l'accès à leurs droits",
        "les habitants isolés",
    ),
    (
        "Bibliothèque de rue",
        "91.01Z",
        "fait lire les enfants au pied des immeubles et dans les campings",
        "les enfants",
    ),
    (
        "Groupement d'employeurs",
        "78.30Z",
        "partage des salariés à temps complet entre plusieurs petites structures",
        "les petites associations employeuses",
    ),
]

CREATIVE = [
    "La Fabrique",
    "Le Relais",
    "L'Établi",
    "La Ruche",
    "Le Chaudron",
    "La Passerelle",
    "L'Échappée",
    "Le Grenier",
    "La Boussole",
    "Les Ateliers",
    "La Clé",
    "L'Escale",
    "Le Maillon",
    "La Cordée",
    "Le Comptoir",
    "La Navette",
    "L'Atelier partagé",
    "Les Jardins",
    "La Source",
    "Le Tremplin",
    "La Bricole",
    "Le Local",
    "La Pépinière",
    "Le Fil",
    "L'Envol",
    "La Marmite",
    "Les Petites Mains",
    "Le Bazar",
    "La Charpente",
    "La Cabane",
    "Le Potager",
    "La Roue libre",
    "Le Trait d'union",
    "La Graine",
    "Les Compagnons",
    "La Manufacture",
    "Le Quai",
    "La Filature",
    "Le Moulin",
    "L'Îlot",
]
PLACE_WORDS = [
    "centre",
    "nord",
    "sud",
    "est",
    "ouest",
    "des Halles",
    "de la Gare",
    "du Port",
    "des Quais",
    "du Marché",
    "du Bourg",
    "des Prés",
    "du Canal",
    "de la Vallée",
]

OPERATOR_KINDS_REGION = ["CRESS", "France Active", "Union régionale des SCOP et SCIC"]
OPERATOR_KINDS_DEPARTMENT = ["DLA", "Maison de l'ESS"]
OPERATOR_KINDS_CITY = ["Incubateur ESS", "Pôle territorial de coopération économique"]
FOUNDATIONS = [
    "Fondation pour le lien social",
    "Fondation Terres solidaires",
    "Fondation des Territoires vivants",
    "Fondation Agir local",
    "Fonds de dotation Coopérer",
    "Fondation Emploi et Solidarité",
    "Fondation Avenir rural",
    "Fondation Culture partagée",
]
PROVIDER_NAMES = [
    "Coopérative conseil",
    "Atelier d'accompagnement",
    "Cabinet coopératif",
    "Collectif de consultants",
]

THEMES = [
    ("Coopérations économiques", "Construire des coopérations durables entre structures."),
    ("Transition écologique", "Réduire l'empreinte de l'activité et en faire un levier."),
    ("Alimentation durable", "Produire, transformer et distribuer une alimentation locale."),
    ("Mobilités rurales", "Rendre les déplacements possibles sans voiture individuelle."),
    ("Emploi et compétences", "Créer des emplois de qualité et former les équipes."),
    ("Numérique responsable", "Des outils numériques sobres, libres et accessibles."),
    ("Économie circulaire", "Réemploi, réparation et recyclage sur le territoire."),
    ("Habitat et logement", "Des solutions de logement abordables et partagées."),
    ("Culture et lien social", "La culture comme lieu de rencontre entre habitants."),
    ("Santé et bien-être", "Prévention et accès aux soins au plus près des personnes."),
    ("Jeunesse et éducation populaire", "Donner aux jeunes les moyens d'agir."),
    ("Gouvernance et vie associative", "Partager le pouvoir et renouveler les bénévoles."),
    ("Modèle économique", "Diversifier les ressources et sécuriser la trésorerie."),
    ("Changement d'échelle", "Essaimer, dupliquer ou grandir sans perdre son âme."),
    ("Mesure d'impact", "Dire et prouver ce que l'activité change pour les personnes."),
]
PROGRAMME_FORMATS = [
    "Accompagnement collectif",
    "Parcours d'accélération",
    "Incubateur",
    "Programme de coopération",
    "Dispositif de consolidation",
    "Parcours émergence",
    "Programme d'essaimage",
]
PROGRAMME_GOALS = [
    "consolider leur modèle économique",
    "coopérer avec d'autres acteurs de leur territoire",
    "changer d'échelle sans perdre leur projet social",
    "structurer leur fonction employeur",
    "engager leur transition écologique",
    "faire émerger une activité nouvelle",
]
OBJECTIVES = [
    "Sécuriser le modèle économique des structures accompagnées",
    "Créer ou consolider des emplois de qualité",
    "Faire naître des coopérations entre structures du territoire",
    "Outiller les dirigeantes et dirigeants bénévoles et salariés",
    "Mesurer l'impact social des projets",
    "Faciliter l'accès aux financements publics et privés",
    "Renforcer la gouvernance partagée",
]
ACTIONS = [
    "Diagnostic partagé de la structure",
    "Ateliers collectifs mensuels",
    "Séances de co-développement entre pairs",
    "Accompagnement individuel par un consultant",
    "Visites apprenantes chez d'autres structures",
    "Journée de présentation aux financeurs",
    "Bilan et feuille de route à six mois",
]
PHASES = [
    ("Diagnostic", "Un temps pour poser la situation de chaque structure et ses besoins."),
    ("Ateliers collectifs", "Des apports thématiques et des échanges entre pairs."),
    ("Accompagnement individuel", "Des demi-journées de conseil adaptées à chaque structure."),
    ("Bilan", "Une feuille de route pour la suite et la restitution aux partenaires."),
]
TOPICS = [
    "Gouvernance partagée",
    "Modèle économique et tarification",
    "Mesure d'impact social",
    "Coopération entre structures",
    "Recherche de financements",
    "Communication et plaidoyer",
    "Gestion de la trésorerie",
    "Fonction employeur",
    "Mobilisation des bénévoles",
    "Partenariats avec les collectivités",
    "Marchés publics et clauses sociales",
    "Outils numériques libres",
    "Pilotage par les indicateurs",
    "Mutualisation de fonctions support",
    "Transition écologique de l'activité",
    "Prise de parole en public",
    "Facilitation et intelligence collective",
    "Statuts coopératifs : SCIC et SCOP",
    "Stratégie et feuille de route",
    "Qualité de vie au travail",
]
VENUES = [
    "Maison des associations",
    "Salle du conseil, mairie",
    "Pépinière d'entreprises",
    "Médiathèque",
    "Maison de l'ESS",
    "Salle polyvalente",
    "Tiers-lieu",
]

CONTEXTS = [
    "La structure {name} agit à {commune} depuis {year} : elle {does}.",
    "Née en {year} à {commune}, la structure {name} {does}.",
    "Depuis {year}, {name} {does} à {commune} et dans les communes voisines.",
]
CHALLENGES = [
    "Notre activité a presque doublé en trois ans et l'organisation interne n'a pas suivi.",
    "Nous voulons moins dépendre des subventions de fonctionnement et développer nos recettes "
    "propres.",
    "Le départ à la retraite de notre fondatrice nous oblige à repenser la gouvernance et la "
    "répartition des rôles.",
    "Nous cherchons à mutualiser un local et des fonctions support (comptabilité, paie, "
    "communication) avec d'autres structures proches.",
    "Nos bénévoles s'essoufflent : nous voulons mieux les accueillir, les former et partager les "
    "responsabilités.",
    "Nous souhaitons créer deux emplois pérennes d'ici dix-huit mois, mais nous manquons de "
    "visibilité sur notre trésorerie.",
    "Plusieurs acteurs du territoire portent des projets proches du nôtre ; nous voulons "
    "construire une coopération plutôt qu'une concurrence.",
    "Nous souhaitons mesurer et valoriser l'impact social de notre action auprès de nos "
    "financeurs.",
    "Nous réfléchissons à une transformation en SCIC pour associer salariés, usagers et "
    "collectivités à la gouvernance.",
    "Nous voulons développer notre offre vers les communes rurales voisines, mal desservies "
    "aujourd'hui.",
    "La hausse de nos charges, l'énergie surtout, fragilise un équilibre déjà tendu.",
    "Un marché public important arrive à échéance et nous devons nous préparer à y répondre.",
]
EXPECTATIONS = [
    "Nous attendons de l'accompagnement un regard extérieur et des outils concrets.",
    "Nous voulons repartir avec une feuille de route claire, partagée par l'équipe et le "
    "conseil d'administration.",
    "Échanger avec d'autres structures qui ont vécu la même étape nous serait précieux.",
    "Nous avons besoin d'un appui méthodologique pour construire nos prévisionnels.",
    "Nous souhaitons être accompagnés pour présenter notre projet à de nouveaux financeurs.",
]
REFLECTION = [
    "Une idée à creuser",
    "Un projet en cours de définition",
    "Une expérimentation en cours",
]
AVAILABILITY = [
    "Une journée par semaine pour le binôme",
    "Deux demi-journées par mois, plus les ateliers",
    "Le mardi après-midi et un jeudi par mois",
    "Une demi-journée par semaine",
]
NOT_ELIGIBLE_REASONS = [
    "La structure n'a pas encore un an d'existence.",
    "Le siège de la structure est hors du territoire de l'appel.",
    "La structure n'emploie pas encore de salarié.",
    "Le besoin exprimé relève d'un accompagnement individuel plutôt que collectif.",
]
OVERRIDE_REASONS = [
    "Activité reprise d'une association plus ancienne : l'ancienneté est appréciée sur l'ensemble.",
    "Premier salarié embauché depuis le dépôt : contrat vu en entretien.",
    "Situation vérifiée avec la structure par téléphone.",
]
ADMIT_REASONS = [
    "Besoin clair, binôme disponible et forte volonté de coopérer.",
    "Projet mûr et en phase avec le thème de l'appel.",
    "Complémentarité forte avec les autres structures de la cohorte.",
]
DECLINE_REASONS = [
    "Le projet n'est pas encore assez mûr pour un accompagnement collectif.",
    "La disponibilité du binôme ne permet pas de suivre le parcours.",
    "Les places de l'appel sont pourvues par des projets plus avancés.",
]
REDIRECT_REASONS = [
    "Votre besoin relève d'un accompagnement individuel.",
    "Un dispositif de financement répondra mieux à votre besoin immédiat.",
]
REDIRECT_SUGGESTIONS = [
    "Le dispositif local d'accompagnement (DLA) de votre département.",
    "Un prêt d'honneur solidaire auprès de France Active.",
    "Le prochain parcours émergence de l'incubateur ESS le plus proche.",
]
WITHDRAW_REASONS = [
    "",
    "Nous ne pourrons pas dégager le temps nécessaire cette année.",
    "Nous avons trouvé un autre accompagnement.",
    "Changement de direction dans la structure.",
]
CANCEL_REASONS = [
    "Animatrice malade, la séance est reportée.",
    "Trop peu de participants disponibles à cette date.",
    "Salle indisponible, une nouvelle date sera proposée.",
    "Alerte météo : déplacements déconseillés.",
]
MEMBERSHIP_REASONS = {
    "to_individual_path": [
        "La structure traverse une période difficile : suivi individuel le temps de la passer.",
        "Le binôme ne peut plus se libérer pour les temps collectifs.",
    ],
    "rejoin": ["La structure reprend les temps collectifs."],
    "withdraw": [
        "La structure a cessé son activité.",
        "Départ du binôme, la structure quitte le programme.",
        "La structure a rejoint un autre dispositif.",
    ],
}
INTERVIEW_SUMMARIES = [
    "Binôme motivé, besoin bien identifié, attentes réalistes.",
    "Projet encore fragile mais équipe très engagée.",
    "Bonne connaissance du territoire ; la question du modèle économique reste à travailler.",
]
MINUTES = [
    "Tour de table des avancées, puis travail en sous-groupes sur les prévisionnels.",
    "Séance de co-développement : problématique de recrutement posée par une structure, "
    "plan d'action en trois points.",
    "Apport sur la gouvernance partagée, retours d'expérience de deux structures.",
    "Point d'étape : chaque structure a présenté sa feuille de route ; prochaines échéances "
    "fixées.",
]


def ascii_slug(text: str) -> str:
    """« Élodie Le Gall » → « elodie-le-gall »: for e-mail addresses."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def de(place: str) -> str:
    """« de Caen », « d'Évreux », « du Mans », « des Sables-d'Olonne »."""
    if place.startswith("Le "):
        return f"du {place[3:]}"
    if place.startswith("Les "):
        return f"des {place[4:]}"
    if place[:1].lower() in VOWELS:
        return f"d'{place}"
    return f"de {place}"


def to(public: str) -> str:
    """« à » before a group: « aux jeunes », « au quartier », « à la population »."""
    if public.startswith("les "):
        return f"aux {public[4:]}"
    if public.startswith("le "):
        return f"au {public[3:]}"
    return f"à {public}"


def decimal_fr(value) -> str:
    """« 11,2 », « 3 »."""
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def organisation_name(rng: random.Random, *, activity: str, commune: str, prefix: str) -> str:
    """An ESS organisation's name: « Recyclerie de Vire », « SCIC La Navette », « La Ruche –
    épicerie solidaire »…"""
    pattern = rng.random()
    if prefix and pattern < 0.5:
        return f"{prefix} {rng.choice(CREATIVE)} {de(commune)}"
    if pattern < 0.45:
        return f"{activity} {de(commune)}"
    if pattern < 0.75:
        return f"{rng.choice(CREATIVE)} {de(commune)}"
    if pattern < 0.9:
        return f"{rng.choice(CREATIVE)} – {activity.lower()} {de(commune)}"
    return f"{activity} {rng.choice(CREATIVE)}"


def organisation_texts(
    rng: random.Random, *, name: str, activity: int, commune: str, year: int, fte, volunteers
) -> tuple[str, str]:
    """(social purpose, description) of an ESS organisation."""
    _label, _naf, does, public = ACTIVITIES[activity]
    purpose = f"{does[:1].upper()}{does[1:]}, pour {public} {de(commune)} et des environs."
    staff = []
    if fte:
        staff.append(f"{decimal_fr(fte)} salarié·es en équivalent temps plein")
    if volunteers:
        staff.append(f"{volunteers} bénévoles")
    sentences = [
        rng.choice(CONTEXTS).format(name=name, commune=commune, year=year, does=does),
        f"Elle s'adresse d'abord {to(public)}.",
    ]
    if staff:
        sentences.append(f"L'équipe compte {' et '.join(staff)}.")
    if rng.random() < 0.5:
        sentences.append(rng.choice(CHALLENGES))
    return purpose, " ".join(sentences)


def need_text(rng: random.Random, *, name: str, activity: int, commune: str, year: int) -> str:
    _label, _naf, does, _public = ACTIVITIES[activity]
    context = rng.choice(CONTEXTS).format(name=name, commune=commune, year=year, does=does)
    return " ".join([context, *rng.sample(CHALLENGES, 2), rng.choice(EXPECTATIONS)])


def answer_text(rng: random.Random, *, theme: str) -> str:
    challenge = rng.choice(CHALLENGES)
    return f"Sur le thème « {theme} » : {challenge} {rng.choice(EXPECTATIONS)}"


def agenda_text(topic: str) -> str:
    return (
        f"Accueil et tour de table.\nApport : {topic.lower()}.\n"
        "Travail en sous-groupes sur les situations des structures.\n"
        "Conclusions et prochaines étapes."
    )
