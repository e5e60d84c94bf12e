"""Demo data: the real programmes of the seeds (demo/facts.py) and synthetic ones.

Idempotent: rows are found by a stable key (slug, SIRET, e-mail) and updated, so a second run
changes nothing. The synthetic organisations come from Faker fr_FR with a fixed seed (names,
dates) and describe themselves with the sentences of demo_descriptions.py.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from faker import Faker
from stdnum import luhn

from essaim.accounts.models import Role, User
from essaim.cohorts.models import Cohort
from essaim.organisations.models import (
    ActivityCode,
    LegalForm,
    Membership,
    Network,
    Organisation,
    OrganisationKind,
)
from essaim.programmes.models import (
    Call,
    CallMilestone,
    CallQuestion,
    CallStatus,
    EligibilityCriterion,
    Programme,
    ProgrammeStep,
    RequiredDocument,
    Theme,
    default_qualification_grid,
)
from essaim.territories.models import Commune, Department, Region

from . import facts
from .applications import applications_demo_load
from .descriptions import demo_description

DEMO_PASSWORD = "essaim-demo-2026"  # noqa: S105 - printed on purpose: demo accounts only
SEED = 2026
# Synthetic organisations per region: Normandie (ESSor) and Pays de la Loire (DLA call).
POPULATION = {"28": 36, "52": 24}
# (legal form code, weight, name prefixes); codes from the INSEE nomenclature (DOMAIN.md §6.2).
LEGAL_FORMS = [
    ("9220", 60, ["Association", "Collectif", "Maison", "Atelier"]),
    ("9230", 4, ["Fédération", "Association"]),
    ("9223", 4, ["Groupement d'employeurs"]),
    ("5458", 10, ["SCOP"]),
    ("5558", 4, ["SCOP"]),
    ("5710", 10, ["SCIC", "Entreprise solidaire"]),
    ("8210", 3, ["Mutuelle"]),
    ("9300", 2, ["Fondation"]),
]
ACTIVITIES = [
    ("94.99Z", "d'animation locale", "Faire vivre la vie associative et citoyenne du territoire."),
    ("88.99B", "d'entraide", "Accompagner les personnes fragiles vers l'autonomie."),
    ("85.59A", "de formation", "Former aux métiers de demain et aux savoirs de base."),
    ("90.01Z", "des arts vivants", "Créer et diffuser des spectacles au plus près des habitants."),
    (
        "38.32Z",
        "du réemploi",
        "Collecter, réparer et revendre des objets pour réduire les déchets.",
    ),
    (
        "56.10A",
        "de restauration solidaire",
        "Cuisiner local et employer des personnes éloignées de l'emploi.",
    ),
    ("01.13Z", "de maraîchage", "Produire des légumes biologiques en insertion."),
    ("62.01Z", "du numérique", "Développer des outils numériques libres pour les associations."),
    ("49.39A", "de mobilité", "Proposer des solutions de transport solidaire en zone rurale."),
    (
        "87.30A",
        "d'accueil",
        "Héberger et accompagner les personnes âgées ou en situation de handicap.",
    ),
]
DEMO_USERS = [
    # (e-mail, first name, last name, role, organisation key or None, is_superuser)
    ("admin@demo.essaim.fr", "Camille", "Admin", None, None, True),
    ("conseillere@demo.essaim.fr", "Claire", "Conseil", Role.ADVISOR, "socialcobizz", False),
    ("membre@demo.essaim.fr", "Marc", "Membre", Role.MEMBER, "first-supported", False),
    ("expert@demo.essaim.fr", "Esther", "Expert", Role.EXPERT, "france-active-normandie", False),
    ("financeur@demo.essaim.fr", "Fabien", "Financeur", Role.FUNDER, "region-normandie", False),
    ("accompagnateur@demo.essaim.fr", "Alix", "Accompagne", Role.PROVIDER, "bartle", False),
]


# Automatic rules for the criteria of the seeds (programmes.eligibility); the others stay manual.
CRITERION_RULES = {
    "Structure de l'ESS normande": ("head_office_in", {"regions": ["28"]}),
    "Plus d'un an d'existence": ("min_age", {"years": 1}),
    "Au moins un salarié": ("min_employees", {"fte": 1}),
    "Situation financière saine": (
        "attestation",
        {
            "statement": "J'atteste que la structure présente une situation financière saine.",
            "needs_review": True,  # until the finance module computes it from the accounts
        },
    ),
    "Finalité sociale": (
        "attestation",
        {"statement": "La structure poursuit une finalité sociale ou socio-environnementale."},
    ),
    "Enjeu lié à l'un des 3 leviers": ("theme_in_call", {}),
    "Volonté de coopérer": (
        "attestation",
        {
            "statement": "Nous souhaitons nous engager dans une coopération étroite avec d'autres "
            "acteurs de l'ESS."
        },
    ),
    "Temps disponible": (
        "attestation",
        {"statement": "Le binôme dédiera environ 1 jour par semaine pendant 6 mois."},
    ),
    # DLA régional Pays de la Loire: employer structures (≥ 1 job, DOMAIN.md §2) of the region.
    "Structure employeuse de l'ESS": ("min_employees", {"fte": 1}),
    "Envergure régionale": ("head_office_in", {"regions": ["52"]}),
    "Volontariat": (
        "attestation",
        {"statement": "La structure s'engage volontairement dans l'accompagnement collectif."},
    ),
}
# The application form of the ESSor demo call (the brochure asks for "les pièces demandées").
ESSOR_QUESTIONS = [
    ("Votre problématique en lien avec le levier choisi", "long_text", [], True),
    (
        "Où en est votre réflexion ?",
        "choice",
        ["Une idée à creuser", "Un projet en cours de définition", "Une expérimentation en cours"],
        True,
    ),
    ("Partenaires déjà identifiés", "long_text", [], False),
]
ESSOR_DOCUMENTS = [
    ("Statuts", True),
    ("Derniers comptes annuels approuvés", True),
    ("Dernier rapport d'activité", False),
]


def _paris(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def _upsert_org(key: str, **values) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(slug=key, defaults=values)
    return organisation


def _load_partner_organisations(programme_operator_keys: set[str]) -> dict[str, Organisation]:
    organisations = {}
    for item in facts.OPERATORS:
        kind = OrganisationKind.OPERATOR if item["key"] in programme_operator_keys else item["kind"]
        organisations[item["key"]] = _upsert_org(
            item["key"],
            name=item["name"],
            kind=kind,
            description=item["description"],
            is_ess=True,
            eu_cofunding=item.get("eu_cofunding", False),
        )
    return organisations


def _load_programme(data: dict, orgs: dict, *, parent: Programme | None = None) -> Programme:
    programme, _ = Programme.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "operator": orgs[data["operator"]],
            "parent": parent,
            "summary": data.get("summary", "")[:400],
            "description": data.get("description", ""),
            "objectives": data.get("objectives", []),
            "actions": data.get("actions", []),
            "territory_label": data.get("territory_label", ""),
            "start_date": data.get("start"),
            "end_date": data.get("end"),
            # Experiments give their calendar as text; a call's dated one becomes milestones.
            "calendar_note": data["calendar"] if isinstance(data.get("calendar"), str) else "",
            "is_published": True,
            "qualification_grid": data.get("qualification_grid") or default_qualification_grid(),
        },
    )
    programme.funders.set([orgs[k] for k in data.get("funders", [])])
    programme.partners.set([orgs[k] for k in data.get("partners", [])])
    programme.regions.set(Region.objects.filter(code__in=data.get("region_codes", [])))
    programme.departments.set(Department.objects.filter(code__in=data.get("department_codes", [])))
    for order, theme in enumerate(data.get("themes", []), start=1):
        Theme.objects.update_or_create(
            programme=programme,
            name=theme["name"],
            defaults={"description": theme["description"], "order": order},
        )
    for kind, key in (
        (ProgrammeStep.Kind.PHASE, "stages"),
        (ProgrammeStep.Kind.METHODOLOGY, "methodology_steps"),
    ):
        for order, step in enumerate(data.get(key, []), start=1):
            ProgrammeStep.objects.update_or_create(
                programme=programme,
                kind=kind,
                order=order,
                defaults={"name": step["name"], "description": step["description"]},
            )
    return programme


def _load_call(programme: Programme, data: dict, *, slug: str, criteria: list, calendar=()) -> Call:
    values = {
        "programme": programme,
        "title": data["title"],
        "description": data["description"],
        "capacity": data.get("capacity"),
    }
    if data.get("opens_on"):
        values["opens_at"] = _paris(data["opens_on"], time(9, 0))
        values["closes_at"] = _paris(data["closes_on"], time(23, 59))
        values["status"] = (
            CallStatus.CLOSED if values["closes_at"] < timezone.now() else CallStatus.PUBLISHED
        )
        call, _ = Call.objects.update_or_create(slug=slug, defaults=values)
    else:
        # The sources give no dates: the demo opens the call from the first load for 90 days,
        # and later runs keep those dates (so a second run changes nothing).
        today = timezone.localdate()
        call, created = Call.objects.get_or_create(
            slug=slug,
            defaults={
                **values,
                "status": CallStatus.PUBLISHED,
                "opens_at": _paris(today - timedelta(days=14), time(9, 0)),
                "closes_at": _paris(today + timedelta(days=90), time(23, 59)),
            },
        )
        if not created:
            Call.objects.filter(pk=call.pk).update(**values)
    call.themes.set(programme.themes.all())
    for order, criterion in enumerate(criteria, start=1):
        rule_type, params = CRITERION_RULES.get(criterion["label"], ("", {}))
        EligibilityCriterion.objects.update_or_create(
            call=call,
            order=order,
            defaults={
                "label": criterion["label"],
                "description": criterion["description"],
                "rule_type": rule_type,
                "params": params,
            },
        )
    for milestone in calendar:
        CallMilestone.objects.get_or_create(
            call=call, date=milestone["date"], label=milestone["label"]
        )
    return call


def _load_cohorts(programme: Programme, cohorts: list, size: tuple[int, int]) -> None:
    for cohort in cohorts:
        Cohort.objects.update_or_create(
            programme=programme,
            name=cohort["name"],
            defaults={
                "theme": programme.themes.filter(name=cohort["theme"]).first(),
                "description": cohort["description"],
                "start_date": cohort["start"],
                "end_date": cohort["end"],
                "min_size": size[0],
                "max_size": size[1],
            },
        )


def _siret(rng: random.Random) -> str:
    siren = str(rng.randint(10_000_000, 99_999_999))
    siren += luhn.calc_check_digit(siren)
    nic = f"{rng.randint(1, 9999):04d}"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def _load_population() -> list[Organisation]:
    fake = Faker("fr_FR")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    legal_forms = {
        f.code: f for f in LegalForm.objects.filter(code__in=[c for c, *_ in LEGAL_FORMS])
    }
    activities = {
        a.code: a for a in ActivityCode.objects.filter(code__in=[c for c, *_ in ACTIVITIES])
    }
    networks = list(
        Network.objects.filter(
            slug__in=["france-active", "coorace", "emmaus", "adie", "fabrique-de-territoire"]
        )
    )
    created = []
    for region_code, count in POPULATION.items():
        communes = list(
            Commune.objects.filter(department__region_id=region_code, population__gte=800).order_by(
                "code"
            )
        )
        for _ in range(count):
            commune = rng.choice(communes)
            code, _weight, prefixes = rng.choices(
                LEGAL_FORMS, weights=[w for _, w, _ in LEGAL_FORMS]
            )[0]
            naf, activity, purpose = rng.choice(ACTIVITIES)
            name = f"{rng.choice(prefixes)} {activity} {fake.last_name()} — {commune.name}"
            siret = _siret(rng)
            esus_approval = code == "5710" or rng.random() < 0.15
            creation_date = fake.date_between_dates(date(1985, 1, 1), date(2023, 12, 31))
            employees_fte = Decimal(rng.randint(0, 600)) / 10
            volunteers = rng.randint(0, 120)
            organisation, _ = Organisation.objects.update_or_create(
                siret=siret,
                defaults={
                    "slug": f"demo-{siret}",
                    "kind": OrganisationKind.SUPPORTED,
                    "name": name,
                    "siren": siret[:9],
                    "legal_form": legal_forms.get(code),
                    "is_ess": True,
                    "esus_approval": esus_approval,
                    "creation_date": creation_date,
                    "employees_fte": employees_fte,
                    "volunteers": volunteers,
                    "head_office_commune": commune,
                    "naf_code": activities.get(naf),
                    "social_purpose": purpose,
                    "description": demo_description(
                        siret=siret,
                        naf=naf,
                        commune=commune.name,
                        year=creation_date.year,
                        employees_fte=float(employees_fte),
                        volunteers=volunteers,
                    ),
                    "website": f"https://{fake.domain_word()}.example.org",
                },
            )
            organisation.networks.set(rng.sample(networks, k=rng.randint(0, min(2, len(networks)))))
            created.append(organisation)
    return created


def _load_users(orgs: dict) -> list[tuple[str, str]]:
    accounts = []
    for email, first, last, role, org_key, superuser in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_staff=superuser,
                is_superuser=superuser,
            )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role is not None:
            Membership.objects.get_or_create(user=user, organisation=orgs[org_key], role=role)
        accounts.append((email, role.label if role else "Administrateur·rice"))
    return accounts


@transaction.atomic
def demo_load() -> dict:
    experiments = facts.TRESSONS["experiments"]
    operator_keys = {facts.ESSOR["operator"], facts.DLA_PDL["operator"], facts.TRESSONS["operator"]}
    operator_keys |= {e["operator"] for e in experiments}
    orgs = _load_partner_organisations(operator_keys)

    essor = _load_programme(facts.ESSOR, orgs)
    _load_cohorts(essor, facts.ESSOR["cohorts"], tuple(facts.ESSOR["cohort_size"]))
    essor_call = _load_call(
        essor,
        facts.ESSOR["call"],
        slug="essor-demande-integration",
        criteria=facts.ESSOR["eligibility_criteria"],
    )
    for order, (label, kind, choices, required) in enumerate(ESSOR_QUESTIONS, start=1):
        CallQuestion.objects.update_or_create(
            call=essor_call,
            order=order,
            defaults={"label": label, "kind": kind, "choices": choices, "required": required},
        )
    for order, (label, required) in enumerate(ESSOR_DOCUMENTS, start=1):
        RequiredDocument.objects.update_or_create(
            call=essor_call, order=order, defaults={"label": label, "required": required}
        )

    dla = _load_programme(facts.DLA_PDL, orgs)
    _load_call(
        dla,
        facts.DLA_PDL["call"],
        slug="dla-pdl-ami-cooperation-2023",
        criteria=facts.DLA_PDL["eligibility_criteria"],
        calendar=facts.DLA_PDL["calendar"],
    )

    tressons = _load_programme(facts.TRESSONS, orgs)
    for experiment in experiments:
        _load_programme(experiment, orgs, parent=tressons)

    population = _load_population()
    orgs["first-supported"] = population[0]
    accounts = _load_users(orgs)
    essor.experts.add(*User.objects.filter(email="expert@demo.essaim.fr"))
    applications_demo_load(
        call=essor_call,
        organisations=[o for o in population if o.head_office_commune.department.region_id == "28"],
        advisor=User.objects.get(email="conseillere@demo.essaim.fr"),
        member=User.objects.get(email="membre@demo.essaim.fr"),
    )
    return {
        "programmes": Programme.objects.count(),
        "organisations": len(population),
        "accounts": accounts,
    }
