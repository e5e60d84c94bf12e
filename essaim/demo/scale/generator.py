"""The national data set, family by family (see the package's docstring)."""

import bisect
import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import NamedTuple
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from essaim.accounts.models import Role, User
from essaim.applications.decision_templates import decision_template_render
from essaim.applications.models import (
    APPLICATION_LIFECYCLE,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Interview,
    TimelineEntry,
)
from essaim.applications.services.screening import DEFAULT_DECISION_TEMPLATES
from essaim.cohorts.models import (
    MEMBERSHIP_LIFECYCLE,
    Cohort,
    CohortMembership,
    CohortMembershipChange,
)
from essaim.core.french import date_fr
from essaim.organisations.models import (
    ActivityCode,
    LegalForm,
    Membership,
    Network,
    Organisation,
    OrganisationKind,
)
from essaim.organisations.validators import name_key
from essaim.programmes.eligibility import EligibilityContext, evaluate_call, summarise
from essaim.programmes.models import (
    CALL_LIFECYCLE,
    Call,
    CallQuestion,
    CallStatus,
    CallTransition,
    EligibilityCriterion,
    Programme,
    ProgrammeStep,
    QuestionKind,
    Theme,
    default_qualification_grid,
)
from essaim.sessions.models import (
    PARTICIPANT_LIFECYCLE,
    SESSION_LIFECYCLE,
    Attendance,
    Participant,
    ParticipantTransition,
    Session,
    SessionKind,
    SessionTransition,
)
from essaim.territories.models import Commune, Region

from . import words
from .identifiers import RnaNumbers, Sirets
from .writer import Writer

PARIS = ZoneInfo("Europe/Paris")
# Every generated account signs in with this password; it is hashed once (PBKDF2 with a fixed
# salt) and the hash is copied to every row: hashing 100,000 passwords would take hours.
SCALE_PASSWORD = "essaim-scale-2026"  # noqa: S105 - synthetic accounts of a benchmark database
EMAIL_DOMAIN = "scale.essaim.test"  # reserved top-level domain: no mail can ever leave

S = ApplicationStatus
M = CohortMembership.Status
P = Participant.Status

# (legal form code, weight, name prefix): the ESS forms first, associations by far the most.
LEGAL_FORMS = [
    ("9220", 660, ""),
    ("9221", 30, ""),
    ("9222", 20, ""),
    ("9230", 15, ""),
    ("5458", 45, "SCOP"),
    ("5558", 8, "SCOP"),
    ("5710", 40, "SCIC"),
    ("5560", 8, "SCIC"),
    ("6317", 10, "Coopérative"),
    ("8210", 12, "Mutuelle"),
    ("9300", 10, "Fondation"),
    ("5499", 25, ""),  # commercial companies with the ESUS approval
    ("5710", 20, ""),
]
ALSACE_MOSELLE = {"57", "67", "68"}  # associations there are « de droit local » (9260)
ASSOCIATION_FORMS = {"9220", "9221", "9222", "9230", "9260"}

# How each status is reached from a draft (APPLICATION_LIFECYCLE transitions), with weights.
APPLICATION_PATHS: dict[str, list[tuple[tuple[str, ...], int]]] = {
    S.DRAFT: [((), 1)],
    S.SUBMITTED: [(("submit",), 1)],
    S.ELIGIBLE: [(("submit", "confirm_eligibility"), 1)],
    S.NOT_ELIGIBLE: [(("submit", "declare_not_eligible"), 1)],
    S.INTERVIEW_SCHEDULED: [(("submit", "confirm_eligibility", "schedule_interview"), 1)],
    S.QUALIFIED: [(("submit", "confirm_eligibility", "schedule_interview", "qualify"), 1)],
    S.ADMITTED: [
        (("submit", "confirm_eligibility", "admit"), 2),
        (("submit", "confirm_eligibility", "schedule_interview", "qualify", "admit"), 3),
    ],
    S.REDIRECTED: [
        (("submit", "declare_not_eligible", "redirect"), 1),
        (("submit", "confirm_eligibility", "redirect"), 1),
        (("submit", "confirm_eligibility", "schedule_interview", "qualify", "redirect"), 1),
    ],
    S.DECLINED: [
        (("submit", "declare_not_eligible", "decline"), 1),
        (("submit", "confirm_eligibility", "decline"), 1),
        (("submit", "confirm_eligibility", "schedule_interview", "qualify", "decline"), 2),
    ],
    S.WITHDRAWN: [
        (("withdraw",), 1),
        (("submit", "withdraw"), 2),
        (("submit", "confirm_eligibility", "withdraw"), 1),
        (("submit", "confirm_eligibility", "schedule_interview", "withdraw"), 1),
    ],
}
# Where most of the files the eligibility rules reject end.
REFUSED_PATHS = [
    ("submit", "declare_not_eligible"),
    ("submit", "declare_not_eligible", "decline"),
    ("submit", "declare_not_eligible", "redirect"),
]
# Statuses of the applications of an open call, and of a closed one (weights).
OPEN_CALL_MIX = {
    S.DRAFT: 15,
    S.SUBMITTED: 28,
    S.ELIGIBLE: 14,
    S.NOT_ELIGIBLE: 5,
    S.INTERVIEW_SCHEDULED: 10,
    S.QUALIFIED: 8,
    S.ADMITTED: 8,
    S.REDIRECTED: 3,
    S.DECLINED: 5,
    S.WITHDRAWN: 4,
}
CLOSED_CALL_MIX = {
    S.DRAFT: 4,
    S.ELIGIBLE: 3,
    S.NOT_ELIGIBLE: 10,
    S.QUALIFIED: 4,
    S.ADMITTED: 32,
    S.REDIRECTED: 10,
    S.DECLINED: 29,
    S.WITHDRAWN: 8,
}
# How each membership status is reached (MEMBERSHIP_LIFECYCLE), with weights.
MEMBERSHIP_PATHS: list[tuple[str, tuple[str, ...], int]] = [
    (M.ACTIVE, (), 86),
    (M.ACTIVE, ("to_individual_path", "rejoin"), 2),
    (M.INDIVIDUAL_PATH, ("to_individual_path",), 6),
    (M.WITHDRAWN, ("withdraw",), 4),
    (M.WITHDRAWN, ("to_individual_path", "withdraw"), 2),
]
COHORT_SESSION_KINDS = [
    (SessionKind.WORKSHOP, 45),
    (SessionKind.CODEV, 35),
    (SessionKind.CHECK_IN, 12),
    (SessionKind.CONSULTING_HALF_DAY, 8),
]
INDIVIDUAL_KINDS = [
    (SessionKind.INDIVIDUAL_DIAGNOSIS, 60),
    (SessionKind.CONSULTING_HALF_DAY, 25),
    (SessionKind.CHECK_IN, 15),
]
OPEN_SESSION_KINDS = [
    (SessionKind.TRAINING, 60),
    (SessionKind.LEARNING_VISIT, 25),
    (SessionKind.PITCH_DAY, 15),
]
SHARE_OPEN_SESSIONS = 0.05
SHARE_INDIVIDUAL_SESSIONS = 0.09
SHARE_CANCELLED_SESSIONS = 0.03


def walk(lifecycle, start: str, path: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The (transition, from, to) moves of `path` from `start`; refuses a move the lifecycle
    does not allow, so a wrong path fails when the module is imported."""
    moves, status = [], start
    for name in path:
        transition = lifecycle[name]
        if status not in transition.sources:
            raise ValueError(f"{name} is not allowed from {status}")
        moves.append((name, status, transition.target))
        status = transition.target
    return moves


def _check_paths() -> None:
    """Each path ends in the status it is listed under (and every move is allowed)."""
    for status, paths in APPLICATION_PATHS.items():
        for path, _weight in paths:
            reached = (walk(APPLICATION_LIFECYCLE, S.DRAFT, path) or [("", "", S.DRAFT)])[-1][2]
            if reached != status:
                raise ValueError(f"{path} reaches {reached}, not {status}")
    for path in REFUSED_PATHS:
        walk(APPLICATION_LIFECYCLE, S.DRAFT, path)
    for status, path, _weight in MEMBERSHIP_PATHS:
        reached = (walk(MEMBERSHIP_LIFECYCLE, M.ACTIVE, path) or [("", "", M.ACTIVE)])[-1][2]
        if reached != status:
            raise ValueError(f"{path} reaches {reached}, not {status}")


_check_paths()


@dataclass(frozen=True)
class Options:
    """What to generate; the defaults are the national scale of issue 9."""

    organisations: int = 200_000
    operators: int = 100
    programmes: int = 2_000
    calls: int = 6_000
    applications: int = 100_000
    big_call: int = 3_000
    cohorts: int = 20_000
    sessions: int = 500_000
    attendance: int = 2_000_000
    seed: int = 1

    def scaled(self, factor: float) -> "Options":
        """Every count multiplied by `factor` (at least one operator, programme and call)."""
        counts = {
            f.name: max(0, round(getattr(self, f.name) * factor))
            for f in fields(self)
            if f.name != "seed"
        }
        for name in ("operators", "programmes", "calls"):
            counts[name] = max(1, counts[name])
        return replace(self, **counts)

    def problems(self) -> list[str]:
        found = [f"--{f.name} est négatif." for f in fields(self) if getattr(self, f.name) < 0]
        if self.operators < 1 or self.programmes < 1 or self.calls < 1:
            found.append("Il faut au moins un opérateur, un programme et un appel.")
        if self.big_call > self.applications:
            found.append("--big-call dépasse --applications.")
        if self.big_call > self.organisations:
            found.append("--big-call dépasse --organisations (une candidature par structure).")
        if self.applications > self.big_call and self.calls < 2:
            found.append("Les candidatures hors du grand appel demandent un deuxième appel.")
        if self.sessions and not self.cohorts:
            found.append("Des sessions demandent au moins une cohorte.")
        if self.cohorts and not self.organisations:
            found.append("Des cohortes demandent des structures.")
        return found


@dataclass
class CallPlan:
    id: int
    programme: int  # index in Scale.programmes
    title: str
    status: str
    opens_at: datetime
    closes_at: datetime
    capacity: int
    applications: int = 0
    criteria: list[EligibilityCriterion] = field(default_factory=list)
    questions: list[int] = field(default_factory=list)
    admitted: list[tuple[int, int]] = field(default_factory=list)  # (application id, org index)


@dataclass
class ProgrammePlan:
    id: int
    operator: int  # index in Scale.operators
    name: str
    region: str
    start: date
    end: date
    themes: list[tuple[int, str]] = field(default_factory=list)
    calls: list[CallPlan] = field(default_factory=list)


@dataclass
class CohortPlan:
    id: int
    programme: ProgrammePlan
    start: date
    end: date
    advisors: list[int]
    people: list[tuple[int, int]] = field(default_factory=list)  # (user, org) of active members
    organisations: list[int] = field(default_factory=list)  # org ids of active members


class PlannedSession(NamedTuple):
    """What the tables written after the sessions need of each one."""

    id: int
    starts: datetime
    minutes: int
    created: datetime
    team: tuple[int, ...]  # facilitators
    people: list[tuple]  # (user, org) invited, or (user, org, status, registered, cancelled)
    cancel: tuple[datetime, int, str] | None  # when, by whom, why


class Scale:
    """One run: the options, a random generator per family, what earlier families made."""

    def __init__(self, options: Options, *, writer: Writer, today: date) -> None:
        self.o = options
        self.w = writer
        self.today = today
        self.t0 = datetime.combine(today, time(), tzinfo=PARIS)  # every past event is before
        self.password = make_password(SCALE_PASSWORD, salt=f"essaimscale{options.seed}")
        self.warnings: list[str] = []

    def rng(self, family: str) -> random.Random:
        # One stream per family: a change in one family leaves the others' data unchanged.
        return random.Random(f"{self.o.seed}:{family}")

    # --- Helpers ------------------------------------------------------------------------------

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)

    def past(self, rng: random.Random, start: datetime, lo: float, hi: float) -> datetime:
        """A moment `lo` to `hi` days after `start`, and before today if `start` is."""
        moment = start + timedelta(days=rng.uniform(lo, hi))
        if start < self.t0 <= moment:
            moment = start + (self.t0 - start) * rng.uniform(0.2, 0.9)
        return moment

    @staticmethod
    def weekday(day: date) -> date:
        return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)

    @staticmethod
    def allocate(total: int, weights: list[float], caps: list[int]) -> list[int]:
        """`total` split in proportion to `weights`, none above its cap."""
        if total > sum(caps):
            raise ValueError(f"{total} à répartir pour {sum(caps)} places au plus.")
        weight = sum(weights) or 1.0
        counts = [min(cap, int(total * w / weight)) for w, cap in zip(weights, caps, strict=True)]
        left = total - sum(counts)
        order = sorted(range(len(weights)), key=lambda i: -weights[i])
        while left:
            for i in order:
                if counts[i] < caps[i]:
                    counts[i] += 1
                    left -= 1
                    if not left:
                        break
        return counts

    def email(self, first: str, last: str, uid: int) -> str:
        return f"{words.ascii_slug(first)}.{words.ascii_slug(last)}.{uid}@{EMAIL_DOMAIN}"

    # --- Families -----------------------------------------------------------------------------

    def geography(self) -> None:
        """The loaded communes (all of them carry organisations) and the reference codes."""
        rows = Commune.objects.order_by("code").values_list(
            "code", "name", "department_id", "department__region_id", "population"
        )
        self.communes = list(rows)
        if not self.communes:
            raise ValueError("Aucune commune chargée : lancez load_territories.")
        cumulative, total = [], 0
        for commune in self.communes:
            total += commune[4] or 50
            cumulative.append(total)
        self.commune_weights = cumulative
        self.regions = dict(Region.objects.values_list("code", "name"))
        self.departments = sorted({(c[2], c[3]) for c in self.communes})
        self.legal_forms = set(LegalForm.objects.values_list("code", flat=True))
        self.naf_codes = set(
            ActivityCode.objects.filter(level="sous_classe").values_list("code", flat=True)
        )
        self.networks = list(Network.objects.order_by("slug").values_list("pk", flat=True))

    def commune(self, rng: random.Random) -> tuple:
        """Half of the organisations anywhere, half where people live."""
        if rng.random() < 0.5:
            return self.communes[rng.randrange(len(self.communes))]
        point = rng.random() * self.commune_weights[-1]
        return self.communes[bisect.bisect_right(self.commune_weights, point)]

    def organisations(self) -> None:
        """ESS organisations all over the country, then operators, funders and providers."""
        rng = self.rng("organisations")
        sirets, rnas = Sirets(rng), RnaNumbers(rng)
        forms = [(c, w, p) for c, w, p in LEGAL_FORMS if c in self.legal_forms] or [("", 1, "")]
        form_weights = [w for _c, w, _p in forms]
        n = self.o.organisations
        self.org_ids = self.w.ids(Organisation, n)
        self.org_region: list[str] = []
        self.org_department: list[str] = []
        self.org_name: list[str] = []
        self.org_facts: list[tuple[date, Decimal | None]] = []  # creation date, ETP
        self.org_activity: list[int] = []
        self.org_commune: list[str] = []
        self.names: set[str] = set()
        self.slugs: set[str] = set()
        networks: list[tuple[int, int]] = []
        self.org_created: list[datetime] = []
        on_platform = self.t0 - timedelta(days=7 * 365)

        def unique_name(make: Callable[[], str]) -> str:
            for _ in range(20):
                name = make()
                if name_key(name) not in self.names:
                    break
            else:
                place = iter(rng.sample(words.PLACE_WORDS, len(words.PLACE_WORDS)))
                name = make()
                while name_key(name) in self.names:
                    name = f"{make()} {next(place, str(len(self.names)))}"
            self.names.add(name_key(name))
            return name

        def slug_of(name: str) -> str:
            base = slugify(name)[:214].strip("-") or "structure"
            slug, k = base, 2
            while slug in self.slugs:
                slug, k = f"{base}-{k}", k + 1
            self.slugs.add(slug)
            return slug

        def supported() -> Iterator[tuple]:
            for org_id in self.org_ids:
                code, commune, department, region, _pop = self.commune(rng)
                form, _w, prefix = rng.choices(forms, form_weights)[0]
                if form == "9220" and department in ALSACE_MOSELLE and "9260" in self.legal_forms:
                    form = "9260"
                activity = rng.randrange(len(words.ACTIVITIES))
                label, naf, _does, _public = words.ACTIVITIES[activity]
                name = unique_name(
                    partial(
                        words.organisation_name, rng, activity=label, commune=commune, prefix=prefix
                    )
                )
                founded = self.today - timedelta(days=int(rng.expovariate(1 / 4000)) + 30)
                founded = max(founded, date(1946, 1, 1))
                size = rng.random()
                fte = (
                    None
                    if size < 0.1
                    else Decimal(0)
                    if size < 0.4
                    else Decimal(str(round(min(rng.lognormvariate(1.2, 1.1), 400.0), 1)))
                )
                volunteers = None if rng.random() < 0.2 else int(rng.expovariate(1 / 25))
                association = form in ASSOCIATION_FORMS
                rna = rnas.next(department) if association and rng.random() < 0.65 else ""
                siret = "" if rna and rng.random() < 0.15 else sirets.next(rng)
                purpose, description = words.organisation_texts(
                    rng,
                    name=name,
                    activity=activity,
                    commune=commune,
                    year=founded.year,
                    fte=fte,
                    volunteers=volunteers,
                )
                slug = slug_of(name)
                # On the platform from its early days (or its founding): before its applications.
                created = min(
                    max(self.at(founded, 9), on_platform) + timedelta(days=rng.uniform(0, 60)),
                    self.t0 - timedelta(hours=1),
                )
                if self.networks and rng.random() < 0.15:
                    networks.append((org_id, rng.choice(self.networks)))
                self.org_region.append(region)
                self.org_department.append(department)
                self.org_name.append(name)
                self.org_facts.append((founded, fte))
                self.org_activity.append(activity)
                self.org_commune.append(commune)
                self.org_created.append(created)
                yield (
                    org_id,
                    created,
                    created,
                    OrganisationKind.SUPPORTED,
                    name,
                    name_key(name),
                    slug,
                    siret[:9],
                    siret,
                    rna,
                    form or None,
                    True,
                    rng.random() < 0.12,
                    founded,
                    fte,
                    volunteers,
                    code,
                    naf if naf in self.naf_codes else None,
                    "rev2",
                    purpose,
                    description,
                    f"https://{slug[:50]}.{EMAIL_DOMAIN}" if rng.random() < 0.3 else "",
                    False,
                )

        columns = (
            "id created_at updated_at kind name name_key slug siren siret rna_number "
            "legal_form_id is_ess esus_approval creation_date employees_fte volunteers "
            "head_office_commune_id naf_code_id naf_version social_purpose description website "
            "eu_cofunding"
        )
        self.w.write(Organisation, columns, supported())

        # Operators carry programmes: regional networks, departmental DLA, city incubators.
        # (name, region, department, commune, territory)
        territories: list[tuple[str, str, str, str, str]] = []
        for code, name in sorted(self.regions.items()):
            for kind in words.OPERATOR_KINDS_REGION:
                territories.append((f"{kind} {name}", code, "", "", name))
        department_names = dict(
            Commune.objects.values_list("department_id", "department__name").distinct()
        )
        for department, region in self.departments:
            for kind in words.OPERATOR_KINDS_DEPARTMENT:
                label = department_names[department]
                territories.append((f"{kind} {label}", region, department, "", label))
        cities = sorted(self.communes, key=lambda c: -(c[4] or 0))[: max(50, self.o.operators)]
        for code, commune, department, region, _pop in cities:
            for kind in words.OPERATOR_KINDS_CITY:
                territories.append(
                    (f"{kind} {words.de(commune)}", region, department, code, commune)
                )
        rng.shuffle(territories)
        while len(territories) < self.o.operators:  # a tiny geography: number the rest
            territories.append((f"Réseau ESS n° {len(territories) + 1}", "", "", "", "France"))
        self.operators = [t for t in territories if name_key(t[0]) not in self.names]
        self.operators = self.operators[: self.o.operators]
        funders = [(f"Région {name}", code) for code, name in sorted(self.regions.items())]
        funders += [(name, "") for name in words.FOUNDATIONS]
        funders = funders[: max(2, self.o.operators // 4)]
        providers = [
            (f"{words.PROVIDER_NAMES[i % len(words.PROVIDER_NAMES)]} {words.de(c[1])}", c[3])
            for i, c in enumerate(cities)
        ][: max(2, self.o.operators // 4)]
        self.operator_ids = self.w.ids(Organisation, len(self.operators))
        self.funder_ids = self.w.ids(Organisation, len(funders))
        self.provider_ids = self.w.ids(Organisation, len(providers))
        self.funder_region = [region for _name, region in funders]

        def others() -> Iterator[tuple]:
            rows = [
                *(
                    (i, OrganisationKind.OPERATOR, t[0], t[3] or None, False)
                    for i, t in zip(self.operator_ids, self.operators, strict=True)
                ),
                *(
                    (i, OrganisationKind.FUNDER, f[0], None, f[0].startswith("Région"))
                    for i, f in zip(self.funder_ids, funders, strict=True)
                ),
                *(
                    (i, OrganisationKind.SUPPORT_PROVIDER, p[0], None, False)
                    for i, p in zip(self.provider_ids, providers, strict=True)
                ),
            ]
            for org_id, kind, name, commune, eu in rows:
                if name_key(name) in self.names:
                    name = f"{name} ({org_id})"
                self.names.add(name_key(name))
                created = self.t0 - timedelta(days=rng.randint(7 * 365, 8 * 365))
                siret = sirets.next(rng)
                yield (
                    org_id,
                    created,
                    created,
                    kind,
                    name,
                    name_key(name),
                    slug_of(name),
                    siret[:9],
                    siret,
                    "",
                    "9220" if "9220" in self.legal_forms else None,
                    True,
                    False,
                    created.date() - timedelta(days=rng.randint(0, 20 * 365)),
                    Decimal(rng.randint(3, 40)),
                    None,
                    commune,
                    "94.99Z" if "94.99Z" in self.naf_codes else None,
                    "rev2",
                    "",
                    f"{name} accompagne les structures de l'économie sociale et solidaire.",
                    "",
                    eu,
                )

        self.w.write(Organisation, columns, others())
        self.w.write(
            Organisation.networks.through,
            "id organisation_id network_id",
            (
                (pk, org, network)
                for pk, (org, network) in zip(
                    self.w.ids(Organisation.networks.through, len(networks)), networks, strict=True
                )
            ),
        )

    def people(self) -> None:
        """Advisors of each operator, members of part of the organisations (all those that
        apply), experts, funders and providers; one administrator. One password hash for all."""
        rng = self.rng("people")
        n = self.o.organisations
        # The organisations with people: enough for the largest call to find its applicants.
        with_members = min(n, max(math.ceil(n * 0.45), math.ceil(self.o.big_call * 1.3)))
        positions = sorted(rng.sample(range(n), with_members))
        users: list[tuple] = []  # (first, last, joined, superuser)
        memberships: list[tuple[int, int, str, str]] = []  # (user id, org id, role, title)
        self.org_people: dict[int, list[int]] = {}  # org index -> user ids (members)
        self.advisors: list[list[int]] = [[] for _ in self.operators]
        self.experts: list[int] = []
        self.user_names: dict[int, tuple[str, str]] = {}
        first_user = self.w.ids(User, 0).start

        def add(first: str, last: str, joined: datetime, superuser: bool = False) -> int:
            users.append((first, last, joined, superuser))
            return first_user + len(users) - 1

        add("Camille", "Administratrice", self.t0 - timedelta(days=8 * 365), True)
        for index, operator_id in enumerate(self.operator_ids):
            for _ in range(rng.randint(3, 8)):
                first, last = words.person(rng)
                uid = add(first, last, self.t0 - timedelta(days=rng.randint(365, 7 * 365)))
                self.advisors[index].append(uid)
                memberships.append(
                    (uid, operator_id, Role.ADVISOR, rng.choice(words.ADVISOR_TITLES))
                )
        for funder_id in self.funder_ids:
            first, last = words.person(rng)
            uid = add(first, last, self.t0 - timedelta(days=rng.randint(365, 6 * 365)))
            memberships.append((uid, funder_id, Role.FUNDER, "Chargée de mission ESS"))
        for provider_id in self.provider_ids:
            first, last = words.person(rng)
            uid = add(first, last, self.t0 - timedelta(days=rng.randint(365, 6 * 365)))
            memberships.append((uid, provider_id, Role.PROVIDER, "Consultante"))
            for _ in range(rng.randint(1, 2)):
                first, last = words.person(rng)
                uid = add(first, last, self.t0 - timedelta(days=rng.randint(365, 6 * 365)))
                self.experts.append(uid)
                memberships.append((uid, provider_id, Role.EXPERT, "Experte"))
        for position in positions:
            count = rng.choices((1, 2, 3), (75, 20, 5))[0]
            people = []
            for _ in range(count):
                first, last = words.person(rng)
                # The person who put the organisation on the platform, and colleagues later.
                later = rng.choice((0, 30, 200)) if people else 0
                joined = self.org_created[position] + timedelta(days=later)
                uid = add(first, last, min(joined, self.t0 - timedelta(hours=1)))
                self.user_names[uid] = (first, last)
                people.append(uid)
                memberships.append(
                    (uid, self.org_ids[position], Role.MEMBER, rng.choice(words.MEMBER_TITLES))
                )
            self.org_people[position] = people
        self.w.ids(User, len(users))
        self.with_members = positions
        self.members_by_region: dict[str, list[int]] = defaultdict(list)
        for position in positions:
            self.members_by_region[self.org_region[position]].append(position)

        def user_rows() -> Iterator[tuple]:
            for uid, (first, last, joined, superuser) in enumerate(users, start=first_user):
                yield (
                    uid,
                    self.password,
                    None,
                    superuser,
                    first,
                    last,
                    self.email(first, last, uid),
                    superuser,
                    True,
                    joined,
                    None,
                )

        self.w.write(
            User,
            "id password last_login is_superuser first_name last_name email is_staff is_active "
            "date_joined mfa_required_since",
            user_rows(),
        )
        self.w.write(
            EmailAddress,
            "id user_id email verified primary",
            (
                (pk, uid, self.email(first, last, uid), True, True)
                for pk, (uid, (first, last, _j, _s)) in zip(
                    self.w.ids(EmailAddress, len(users)),
                    enumerate(users, start=first_user),
                    strict=True,
                )
            ),
        )
        self.w.write(
            Membership,
            "id created_at updated_at user_id organisation_id role job_title",
            (
                (pk, users[uid - first_user][2], users[uid - first_user][2], uid, org, role, job)
                for pk, (uid, org, role, job) in zip(
                    self.w.ids(Membership, len(memberships)), memberships, strict=True
                )
            ),
        )

    def programmes(self) -> None:
        """Programmes of each operator (a few big operators run many), their themes, phases,
        funders, experts and territories."""
        rng = self.rng("programmes")
        operators = len(self.operators)
        weights = [1 / math.sqrt(rank + 1) for rank in range(operators)]
        owners = list(range(min(operators, self.o.programmes)))
        owners += rng.choices(range(operators), weights, k=self.o.programmes - len(owners))
        owners.sort()
        self.programme_plans: list[ProgrammePlan] = []
        names: set[str] = set()
        for pid, operator in zip(self.w.ids(Programme, len(owners)), owners, strict=True):
            _name, region, _department, _commune, territory = self.operators[operator]
            theme_names = rng.sample(words.THEMES, rng.randint(2, 4))
            # From six years ago to next quarter: closed calls behind, open and draft ones now.
            start = self.today - timedelta(days=rng.randint(-90, 6 * 365))
            label = (
                f"{rng.choice(words.PROGRAMME_FORMATS)} « {theme_names[0][0]} » "
                f"{territory} {start.year}"
            )
            while label in names:
                label = f"{label} bis"
            names.add(label)
            self.programme_plans.append(
                ProgrammePlan(
                    id=pid,
                    operator=operator,
                    name=label,
                    region=region,
                    start=start,
                    end=start + timedelta(days=rng.randint(2 * 365, 4 * 365)),
                    themes=[(0, t[0]) for t in theme_names],
                )
            )
        slugs: set[str] = set()
        themes, steps, funders, experts, regions, departments, partners = [], [], [], [], [], [], []
        parents: dict[int, int] = {}
        for index, plan in enumerate(self.programme_plans):
            for order, (_none, theme) in enumerate(plan.themes, start=1):
                themes.append((plan, order, theme))
            for order, (phase, text) in enumerate(words.PHASES, start=1):
                steps.append((plan.id, order, phase, text))
            for funder in rng.sample(range(len(self.funder_ids)), rng.randint(1, 2)):
                funders.append((plan.id, self.funder_ids[funder]))
            if self.experts and rng.random() < 0.5:
                experts.append((plan.id, rng.choice(self.experts)))
            if plan.region:
                regions.append((plan.id, plan.region))
            department = self.operators[plan.operator][2]
            if department:
                departments.append((plan.id, department))
            if self.provider_ids and rng.random() < 0.3:
                partners.append((plan.id, rng.choice(self.provider_ids)))
            siblings = [
                p
                for p in self.programme_plans[max(0, index - 5) : index]
                if p.operator == plan.operator and p.id not in parents
            ]
            if siblings and rng.random() < 0.05:
                parents[plan.id] = siblings[0].id

        def slug_of(name: str) -> str:
            base = slugify(name)[:114].strip("-") or "programme"
            slug, k = base, 2
            while slug in slugs:
                slug, k = f"{base}-{k}", k + 1
            slugs.add(slug)
            return slug

        plans = self.programme_plans

        def programme_rows() -> Iterator[tuple]:
            for plan in plans:
                goal = rng.choice(words.PROGRAMME_GOALS)
                months = rng.choice((6, 9, 12, 18))
                operator_name = self.operators[plan.operator][0]
                territory = self.regions.get(plan.region, "toute la France")
                created = min(
                    self.at(plan.start, 9) - timedelta(days=30), self.t0 - timedelta(days=1)
                )
                yield (
                    plan.id,
                    created,
                    created,
                    self.operator_ids[plan.operator],
                    parents.get(plan.id),
                    plan.name,
                    slug_of(plan.name),
                    f"Un parcours de {months} mois pour les structures de l'ESS qui veulent "
                    f"{goal}, porté par {operator_name}.",
                    f"{plan.name} réunit chaque année des structures de l'économie sociale et "
                    f"solidaire ({territory}) autour de « {plan.themes[0][1]} ». Les structures "
                    "avancent ensemble, en cohortes de cinq à six, entre ateliers collectifs, "
                    "co-développement et conseil individuel.",
                    rng.sample(words.OBJECTIVES, 3),
                    rng.sample(words.ACTIONS, 3),
                    territory,
                    plan.start,
                    plan.end,
                    "",
                    plan is plans[0] or rng.random() < 0.95,  # the big call's is published
                    default_qualification_grid(),
                )

        self.w.write(
            Programme,
            "id created_at updated_at operator_id parent_id name slug summary description "
            "objectives actions territory_label start_date end_date calendar_note is_published "
            "qualification_grid",
            programme_rows(),
        )
        theme_ids = self.w.ids(Theme, len(themes))
        theme_texts = dict(words.THEMES)
        for pk, (plan, order, name) in zip(theme_ids, themes, strict=True):
            plan.themes[order - 1] = (pk, name)
        self.w.write(
            Theme,
            "id programme_id name description order",
            (
                (pk, plan.id, name, theme_texts[name], order)
                for pk, (plan, order, name) in zip(theme_ids, themes, strict=True)
            ),
        )
        self.w.write(
            ProgrammeStep,
            "id programme_id kind order name description",
            (
                (pk, programme, ProgrammeStep.Kind.PHASE, order, name, text)
                for pk, (programme, order, name, text) in zip(
                    self.w.ids(ProgrammeStep, len(steps)), steps, strict=True
                )
            ),
        )
        for relation, target, pairs in (
            (Programme.funders.through, "organisation_id", funders),
            (Programme.partners.through, "organisation_id", partners),
            (Programme.experts.through, "user_id", experts),
            (Programme.regions.through, "region_id", regions),
            (Programme.departments.through, "department_id", departments),
        ):
            self.w.write(
                relation,
                f"id programme_id {target}",
                (
                    (pk, *pair)
                    for pk, pair in zip(self.w.ids(relation, len(pairs)), pairs, strict=True)
                ),
            )

    def calls(self) -> None:
        """Calls along each programme's years: closed ones behind, open ones now, drafts ahead;
        the big call open today. Each with its history (CALL_LIFECYCLE), criteria, questions."""
        rng = self.rng("calls")
        plans = self.programme_plans
        per_programme = [1] * min(len(plans), self.o.calls)
        per_programme += [0] * (len(plans) - len(per_programme))
        for index in rng.choices(range(len(plans)), k=self.o.calls - sum(per_programme)):
            per_programme[index] += 1
        ids = iter(self.w.ids(Call, self.o.calls))
        self.call_plans: list[CallPlan] = []
        for index, (plan, count) in enumerate(zip(plans, per_programme, strict=True)):
            span = max(1, (plan.end - plan.start).days)
            for k in range(count):
                opens_day = plan.start + timedelta(days=span * k // count + rng.randint(0, 20))
                opens = self.at(opens_day, 9)
                closes = self.at(opens_day + timedelta(days=rng.randint(45, 120)), 23, 59)
                if index == 0 and k == 0:  # the big call: open today, nationwide
                    opens_day = self.today - timedelta(days=20)
                    opens = self.at(opens_day, 9)
                    closes = self.at(self.today + timedelta(days=40), 23, 59)
                if closes < self.t0:
                    status = CallStatus.CLOSED
                elif opens <= self.t0 or rng.random() < 0.4:
                    status = CallStatus.PUBLISHED
                else:
                    status = CallStatus.DRAFT
                season = ("hiver", "printemps", "été", "automne")[(opens_day.month % 12) // 3]
                title = f"Appel à candidatures {season} {opens_day.year} – {plan.name}"
                call = CallPlan(
                    id=next(ids),
                    programme=index,
                    title=title[:250],
                    status=status,
                    opens_at=opens,
                    closes_at=closes,
                    capacity=rng.randint(10, 30),
                )
                plan.calls.append(call)
                self.call_plans.append(call)
        self.big_call = plans[0].calls[0]

        # Applications: the big call's, the rest over the other calls people could apply to.
        takers = [
            c
            for c in self.call_plans
            if c is not self.big_call and c.status != CallStatus.DRAFT and c.opens_at < self.t0
        ]
        rest = self.o.applications - self.o.big_call
        cap = max(1, int(len(self.with_members) * 0.8))
        if self.o.big_call > 1 and rest <= (self.o.big_call - 1) * len(takers):
            cap = min(cap, self.o.big_call - 1)  # the big call stays the biggest
        if rest and not takers:
            raise ValueError("Aucun autre appel ouvert ou clos pour les candidatures restantes.")
        weights = [rng.lognormvariate(0, 0.8) for _ in takers]
        for call, count in zip(
            takers, self.allocate(rest, weights, [cap] * len(takers)), strict=True
        ):
            call.applications = count
        self.big_call.applications = self.o.big_call
        for call in self.call_plans:
            call.capacity = max(call.capacity, math.ceil(call.applications * 0.45))

        slugs: set[str] = set()

        def slug_of(title: str) -> str:
            base = slugify(title)[:114].strip("-") or "appel"
            slug, k = base, 2
            while slug in slugs:
                slug, k = f"{base}-{k}", k + 1
            slugs.add(slug)
            return slug

        def call_rows() -> Iterator[tuple]:
            for call in self.call_plans:
                plan = plans[call.programme]
                created = min(call.opens_at - timedelta(days=rng.randint(10, 40)), self.t0)
                yield (
                    call.id,
                    created,
                    created,
                    plan.id,
                    call.title,
                    slug_of(call.title),
                    "Vous portez une structure de l'ESS et souhaitez "
                    f"{rng.choice(words.PROGRAMME_GOALS)} ? "
                    f"{plan.name} ouvre {call.capacity} places. Déposez votre candidature avant "
                    f"le {date_fr(call.closes_at)}.",
                    call.status,
                    call.opens_at,
                    call.closes_at,
                    (call.closes_at + timedelta(days=21)).date(),
                    (call.closes_at + timedelta(days=45)).date(),
                    call.capacity,
                    None,
                )

        self.w.write(
            Call,
            "id created_at updated_at programme_id title slug description status opens_at "
            "closes_at selection_date start_date capacity duplicated_from_id",
            call_rows(),
        )
        themes = [(c.id, t) for c in self.call_plans for t, _n in plans[c.programme].themes]
        self.w.write(
            Call.themes.through,
            "id call_id theme_id",
            (
                (pk, *pair)
                for pk, pair in zip(
                    self.w.ids(Call.themes.through, len(themes)), themes, strict=True
                )
            ),
        )

        criteria = []
        for call in self.call_plans:
            specs = [
                ("Plus d'un an d'existence", "", "min_age", {"years": 1}),
                (
                    "Volonté de coopérer",
                    "",
                    "attestation",
                    {
                        "statement": "Nous souhaitons nous engager dans une coopération étroite "
                        "avec d'autres acteurs de l'ESS.",
                        "needs_review": False,
                    },
                ),
            ]
            if rng.random() < 0.5:
                specs.append(("Au moins un salarié", "", "min_employees", {"fte": 1}))
            for order, (label, text, rule, params) in enumerate(specs, start=1):
                criterion = EligibilityCriterion(
                    call_id=call.id,
                    order=order,
                    label=label,
                    description=text,
                    rule_type=rule,
                    params=params,
                )
                call.criteria.append(criterion)
                criteria.append(criterion)
        for pk, criterion in zip(
            self.w.ids(EligibilityCriterion, len(criteria)), criteria, strict=True
        ):
            criterion.pk = pk
        self.w.write(
            EligibilityCriterion,
            "id call_id order label description rule_type params",
            (
                (c.pk, c.call_id, c.order, c.label, c.description, c.rule_type, c.params)
                for c in criteria
            ),
        )
        questions = []
        question_ids = iter(self.w.ids(CallQuestion, 2 * len(self.call_plans)))
        for call in self.call_plans:
            call.questions = [next(question_ids), next(question_ids)]
            questions.append(
                (
                    call.questions[0],
                    call.id,
                    1,
                    "Votre problématique en lien avec le thème choisi",
                    "",
                    QuestionKind.LONG_TEXT,
                    [],
                    True,
                )
            )
            questions.append(
                (
                    call.questions[1],
                    call.id,
                    2,
                    "Où en est votre réflexion ?",
                    "",
                    QuestionKind.CHOICE,
                    words.REFLECTION,
                    True,
                )
            )
        self.w.write(
            CallQuestion,
            "id call_id order label help_text kind choices required",
            questions,
        )

        def history() -> Iterator[tuple]:
            moves = {
                CallStatus.DRAFT: (),
                CallStatus.PUBLISHED: ("publish",),
                CallStatus.CLOSED: ("publish", "close"),
            }
            pks = iter(
                self.w.ids(CallTransition, sum(len(moves[c.status]) for c in self.call_plans))
            )
            for call in self.call_plans:
                advisor = rng.choice(self.advisors[plans[call.programme].operator])
                for name, source, target in walk(
                    CALL_LIFECYCLE, CallStatus.DRAFT, moves[call.status]
                ):
                    when = (
                        min(call.opens_at, self.t0) - timedelta(days=rng.randint(1, 9))
                        if name == "publish"
                        else self.past(rng, call.closes_at, 0.1, 5)
                    )
                    yield (next(pks), call.id, name, source, target, advisor, "", when)

        self.w.write(
            CallTransition,
            "id call_id transition from_status to_status actor_id reason created_at",
            history(),
        )

    def applications(self) -> None:
        """Applications of organisations with people, mostly from the call's region, each with
        the status its call's stage makes likely and every move of its path logged."""
        rng = self.rng("applications")
        plans = self.programme_plans
        transitions: list[tuple] = []
        interviews: list[tuple] = []
        timeline: list[tuple] = []
        context_orgs: dict[int, Organisation] = {}
        grid = default_qualification_grid()

        def applicants(call: CallPlan) -> list[int]:
            region = plans[call.programme].region if call is not self.big_call else ""
            local = self.members_by_region.get(region, []) if region else []
            pool = self.with_members
            chosen: dict[int, None] = {}
            target = min(call.applications, len(pool))
            while len(chosen) < target:
                source = local if local and rng.random() < 0.85 else pool
                chosen[rng.choice(source)] = None
            return list(chosen)

        def application_rows() -> Iterator[tuple]:
            ids = iter(self.w.ids(Application, self.o.applications))
            for call in self.call_plans:
                if not call.applications:
                    continue
                plan = plans[call.programme]
                advisors = self.advisors[plan.operator]
                call_model = Call(pk=call.id)
                mix = OPEN_CALL_MIX if call.status == CallStatus.PUBLISHED else CLOSED_CALL_MIX
                statuses, weights = list(mix), list(mix.values())
                window_end = min(call.closes_at, self.t0 - timedelta(hours=1))
                for position in applicants(call):
                    app_id = next(ids)
                    org_id = self.org_ids[position]
                    people = self.org_people[position]
                    author = people[0]
                    status = rng.choices(statuses, weights)[0]
                    paths = APPLICATION_PATHS[status]
                    path = rng.choices([p for p, _w in paths], [w for _p, w in paths])[0]
                    theme_id, theme = rng.choice(plan.themes)
                    created = call.opens_at + (window_end - call.opens_at) * rng.uniform(0, 0.85)
                    founded, fte = self.org_facts[position]
                    attestations = {str(call.criteria[1].pk): True} if rng.random() < 0.95 else {}
                    eligibility, summary, submitted_at = [], "", None
                    if "submit" in path:
                        submitted_at = created + (window_end - created) * rng.uniform(0.05, 0.9)
                        organisation = context_orgs.get(org_id)
                        if organisation is None:
                            organisation = Organisation(
                                pk=org_id, creation_date=founded, employees_fte=fte
                            )
                            context_orgs[org_id] = organisation
                        eligibility = evaluate_call(
                            call.criteria,
                            EligibilityContext(
                                organisation=organisation,
                                call=call_model,
                                theme=None,
                                attestations=attestations,
                                today=submitted_at.astimezone(PARIS).date(),
                            ),
                        )
                        summary = summarise(eligibility)
                        # Most files the rules reject are declared not eligible.
                        refused = summary == "fail" and "confirm_eligibility" in path
                        if refused and rng.random() < 0.8:
                            path = rng.choice(REFUSED_PATHS)
                    moves = walk(APPLICATION_LIFECYCLE, S.DRAFT, path)
                    status = moves[-1][2] if moves else S.DRAFT
                    first, last = self.user_names[author]
                    lead = rng.choice(people[1:]) if len(people) > 1 else None
                    if lead:
                        lead_first, lead_last = self.user_names[lead]
                        lead_email = self.email(lead_first, lead_last, lead)
                    else:  # someone of the organisation without an account
                        lead_first, lead_last = words.person(rng)
                        lead_email = (
                            f"{words.ascii_slug(lead_first)}.{words.ascii_slug(lead_last)}"
                            f".{app_id}@{EMAIL_DOMAIN}"
                        )
                    answers = {
                        f"q{call.questions[0]}": words.answer_text(rng, theme=theme),
                        f"q{call.questions[1]}": rng.choice(words.REFLECTION),
                    }
                    decision_reason = decision_message = suggestions = override = ""
                    moment = created
                    for name, source, target in moves:
                        actor = author if name in ("submit", "withdraw") else rng.choice(advisors)
                        reason = ""
                        if name == "submit":
                            moment = submitted_at
                        elif name == "schedule_interview":
                            moment = self.past(rng, moment, 1, 10)
                            scheduled = (
                                self.at(self.today + timedelta(days=rng.randint(2, 30)), 10)
                                if target == S.INTERVIEW_SCHEDULED and path[-1] == name
                                else self.past(rng, moment, 3, 14)
                            )
                            interviews.append(
                                [app_id, moment, scheduled, actor, None, "", "", None]
                            )
                            timeline.append(
                                (
                                    app_id,
                                    TimelineEntry.Kind.INTERVIEW,
                                    actor,
                                    f"Entretien planifié le {date_fr(scheduled, time=True)}.",
                                    {},
                                    False,
                                    moment,
                                )
                            )
                        elif name == "qualify":
                            interview = interviews[-1]
                            moment = self.past(rng, interview[2], 0.05, 2)
                            final = moves[-1][0]
                            recommendation = (
                                final
                                if final in Interview.Recommendation.values
                                else rng.choice(Interview.Recommendation.values)
                            )
                            interview[4] = {
                                c["key"]: {
                                    "score": rng.randint(2, 4)
                                    if final == "admit"
                                    else rng.randint(1, 4),
                                    "comment": "",
                                    "label": c["label"],
                                }
                                for c in grid
                            }
                            interview[5] = recommendation
                            interview[6] = rng.choice(words.INTERVIEW_SUMMARIES)
                            interview[7] = moment
                            reason = (
                                f"Recommandation : {Interview.Recommendation(recommendation).label}"
                            )
                        else:
                            moment = self.past(rng, moment, 1, 20)
                        if name == "declare_not_eligible":
                            reason = rng.choice(words.NOT_ELIGIBLE_REASONS)
                        overrides = (name == "confirm_eligibility" and summary == "fail") or (
                            name == "declare_not_eligible" and summary == "pass"
                        )
                        if overrides:
                            reason = reason or rng.choice(words.OVERRIDE_REASONS)
                            override = reason
                            timeline.append(
                                (
                                    app_id,
                                    TimelineEntry.Kind.ELIGIBILITY_OVERRIDDEN,
                                    actor,
                                    reason,
                                    {"computed": summary, "decided": target},
                                    True,
                                    moment,
                                )
                            )
                        if name in ("admit", "redirect", "decline"):
                            bank = {
                                "admit": words.ADMIT_REASONS,
                                "redirect": words.REDIRECT_REASONS,
                                "decline": words.DECLINE_REASONS,
                            }[name]
                            reason = decision_reason = rng.choice(bank)
                            if name == "redirect":
                                suggestions = rng.choice(words.REDIRECT_SUGGESTIONS)
                            _subject, body = DEFAULT_DECISION_TEMPLATES[name]
                            decision_message = decision_template_render(
                                body,
                                {
                                    "structure": self.org_name[position],
                                    "appel": call.title,
                                    "programme": plan.name,
                                    "motif": f"Motif : {reason}",
                                },
                            )
                        if name == "withdraw":
                            reason = rng.choice(words.WITHDRAW_REASONS)
                        transitions.append((app_id, name, source, target, actor, reason, moment))
                    if status == S.ADMITTED:
                        call.admitted.append((app_id, position))
                    yield (
                        app_id,
                        created,
                        moment,
                        call.id,
                        org_id,
                        author,
                        status,
                        theme_id,
                        words.need_text(
                            rng,
                            name=self.org_name[position],
                            activity=self.org_activity[position],
                            commune=self.org_commune[position],
                            year=founded.year,
                        ),
                        f"{first} {last}",
                        rng.choice(("Présidente", "Président", "Directrice", "Directeur")),
                        self.email(first, last, author),
                        f"{lead_first} {lead_last}",
                        rng.choice(("Coordinatrice", "Chargé de projet", "Co-gérante")),
                        lead_email,
                        status != S.DRAFT or rng.random() < 0.5,
                        rng.choice(words.AVAILABILITY),
                        answers,
                        attestations,
                        eligibility,
                        summary,
                        override,
                        [],
                        False,
                        submitted_at,
                        decision_reason,
                        decision_message,
                        suggestions,
                    )

        self.w.write(
            Application,
            "id created_at updated_at call_id organisation_id created_by_id status theme_id need "
            "decision_maker_name decision_maker_role decision_maker_email operational_lead_name "
            "operational_lead_role operational_lead_email availability_commitment "
            "availability_note answers attestations eligibility eligibility_summary "
            "eligibility_override_reason reopened_items answer_to_read submitted_at "
            "decision_reason decision_message redirect_suggestions",
            application_rows(),
        )
        self.w.write(
            ApplicationTransition,
            "id application_id transition from_status to_status actor_id reason created_at",
            (
                (pk, *row)
                for pk, row in zip(
                    self.w.ids(ApplicationTransition, len(transitions)), transitions, strict=True
                )
            ),
        )
        self.w.write(
            Interview,
            "id created_at updated_at application_id scheduled_at duration_minutes location "
            "video_url interviewer_id scores recommendation summary completed_at sequence",
            (
                (
                    pk,
                    created,
                    completed or created,
                    app_id,
                    scheduled,
                    60,
                    "",
                    f"https://visio.{EMAIL_DOMAIN}/entretien-{app_id}",
                    interviewer,
                    scores or {},
                    recommendation,
                    summary,
                    completed,
                    0,
                )
                for pk, (
                    app_id,
                    created,
                    scheduled,
                    interviewer,
                    scores,
                    recommendation,
                    summary,
                    completed,
                ) in zip(self.w.ids(Interview, len(interviews)), interviews, strict=True)
            ),
        )
        self.w.write(
            TimelineEntry,
            "id application_id kind actor_id text data internal created_at",
            (
                (pk, *row)
                for pk, row in zip(self.w.ids(TimelineEntry, len(timeline)), timeline, strict=True)
            ),
        )

    def cohorts(self) -> None:
        """Cohorts of each programme, filled first with the admitted applications of its closed
        calls, then with other organisations of the region; each membership's history logged
        from its creation (MEMBERSHIP_LIFECYCLE)."""
        rng = self.rng("cohorts")
        plans = self.programme_plans
        n = self.o.cohorts
        owners = sorted(rng.choices(range(len(plans)), [1 + len(p.calls) for p in plans], k=n))
        numbers: dict[int, int] = defaultdict(int)
        self.cohort_plans: list[CohortPlan] = []
        cohort_rows, advisors, members, changes = [], [], [], []
        member_ids = iter(range(self.w.ids(CohortMembership, 0).start, 10**12))
        everyone = len(self.org_ids)
        for cid, index in zip(self.w.ids(Cohort, n), owners, strict=True):
            plan = plans[index]
            closed = [c for c in plan.calls if c.status == CallStatus.CLOSED]
            waiting = [c for c in closed if c.admitted]
            call = waiting[0] if waiting else (rng.choice(closed) if closed else None)
            if call is not None:
                start = (call.closes_at + timedelta(days=rng.randint(30, 60))).date()
            else:
                start = plan.start + timedelta(days=rng.randint(0, (plan.end - plan.start).days))
            start = self.weekday(min(start, self.today + timedelta(days=180)))
            end = start + timedelta(days=rng.randint(180, 365))
            low, high = rng.choices(((5, 6), (4, 8), (8, 12)), (70, 20, 10))[0]
            size = min(rng.randint(low, high), everyone)
            chosen: dict[int, int | None] = {}  # org index -> application id
            while call is not None and call.admitted and len(chosen) < size:
                app_id, position = call.admitted.pop()
                chosen[position] = app_id
            local = self.members_by_region.get(plan.region) or self.with_members
            while len(chosen) < size:
                position = rng.choice(local) if rng.random() < 0.85 else rng.randrange(everyone)
                chosen.setdefault(position, None)
            numbers[index] += 1
            word = rng.choice(("Cohorte", "Promotion", "Groupe"))
            team = rng.sample(self.advisors[plan.operator], rng.choice((1, 1, 2)))
            cohort = CohortPlan(id=cid, programme=plan, start=start, end=end, advisors=team)
            self.cohort_plans.append(cohort)
            place = self.org_commune[next(iter(chosen))]
            created = min(self.at(start, 9) - timedelta(days=30), self.t0 - timedelta(hours=2))
            theme = rng.choice([*plan.themes, (None, "")])[0]
            cohort_rows.append(
                (
                    cid,
                    created,
                    created,
                    plan.id,
                    call.id if call else None,
                    theme,
                    f"{word} {start.year} n° {numbers[index]}",
                    f"{size} structures autour {words.de(place)}, accompagnées par "
                    f"{self.operators[plan.operator][0]}.",
                    start,
                    end,
                    low,
                    high,
                    None,
                )
            )
            advisors += [(cid, uid) for uid in team]
            joined = min(self.at(start, 9) - timedelta(days=7), self.t0 - timedelta(hours=1))
            active_until = min(self.at(end, 18), self.t0 - timedelta(hours=1))
            for position, app_id in chosen.items():
                mid = next(member_ids)
                status, path = M.ACTIVE, ()
                if self.at(start, 9) < self.t0:
                    options = MEMBERSHIP_PATHS
                    status, path = rng.choices(
                        [(s, p) for s, p, _w in options], [w for _s, _p, w in options]
                    )[0]
                actor = rng.choice(team)
                changes.append((mid, "create", "", M.ACTIVE, actor, "", joined))
                moment = joined
                for name, source, target in walk(MEMBERSHIP_LIFECYCLE, M.ACTIVE, path):
                    moment = moment + (active_until - moment) * rng.uniform(0.2, 0.7)
                    reason = rng.choice(words.MEMBERSHIP_REASONS[name])
                    changes.append((mid, name, source, target, actor, reason, moment))
                org_id = self.org_ids[position]
                members.append((mid, joined, moment, cid, org_id, app_id, status))
                if status == M.ACTIVE:
                    cohort.organisations.append(position)
                    cohort.people += [(uid, org_id) for uid in self.org_people.get(position, [])]
        self.w.ids(CohortMembership, len(members))
        self.w.write(
            Cohort,
            "id created_at updated_at programme_id call_id theme_id name description start_date "
            "end_date min_size max_size composition_run_id",
            cohort_rows,
        )
        self.w.write(
            Cohort.advisors.through,
            "id cohort_id user_id",
            (
                (pk, *pair)
                for pk, pair in zip(
                    self.w.ids(Cohort.advisors.through, len(advisors)), advisors, strict=True
                )
            ),
        )
        self.w.write(
            CohortMembership,
            "id created_at updated_at cohort_id organisation_id application_id status",
            members,
        )
        self.w.write(
            CohortMembershipChange,
            "id membership_id transition from_status to_status actor_id reason created_at",
            (
                (pk, *row)
                for pk, row in zip(
                    self.w.ids(CohortMembershipChange, len(changes)), changes, strict=True
                )
            ),
        )

    def sessions(self) -> None:
        """Sessions of the cohorts (most), individual ones with one organisation, open ones with
        registrations; a few cancelled (SESSION_LIFECYCLE); the members invited; attendance
        signed on past sessions only, exactly --attendance rows when there are enough people."""
        rng = self.rng("sessions")
        total = self.o.sessions
        n_open = round(total * SHARE_OPEN_SESSIONS)
        n_individual = round(total * SHARE_INDIVIDUAL_SESSIONS)
        n_cohort = total - n_open - n_individual
        cohorts = self.cohort_plans
        spans = [max(1, (c.end - c.start).days) for c in cohorts]
        per_cohort = self.allocate(n_cohort, spans, [n_cohort] * len(cohorts))
        with_people = [c for c in cohorts if c.people] or cohorts
        plan: list[PlannedSession] = []
        ids = iter(self.w.ids(Session, total))
        kinds = [k for k, _w in COHORT_SESSION_KINDS], [w for _k, w in COHORT_SESSION_KINDS]
        durations = {
            SessionKind.CODEV: 150,
            SessionKind.CHECK_IN: 90,
            SessionKind.CONSULTING_HALF_DAY: 210,
            SessionKind.INDIVIDUAL_DIAGNOSIS: 120,
            SessionKind.LEARNING_VISIT: 240,
            SessionKind.PITCH_DAY: 300,
        }

        def place(commune: str) -> tuple[str, str]:
            if rng.random() < 0.25:
                return "", f"https://visio.{EMAIL_DOMAIN}/{rng.getrandbits(48):012x}"
            return f"{rng.choice(words.VENUES)}, {commune}", ""

        def row(
            *,
            kind: str,
            title: str,
            cohort: int | None,
            organisation: int | None,
            programme: int,
            starts: datetime,
            where: tuple[str, str],
            team: list[int],
            people: list,
            capacity: int | None = None,
            series: str = "",
            topic: str = "",
            created: datetime | None = None,
        ) -> tuple:
            sid = next(ids)
            minutes = durations.get(kind, 180)
            created = created or min(
                starts - timedelta(days=rng.randint(14, 60)),
                self.t0 - timedelta(hours=rng.randint(1, 72)),
            )
            is_past = starts + timedelta(minutes=minutes) < self.t0
            cancel = None
            if rng.random() < SHARE_CANCELLED_SESSIONS:
                moment = created + (min(starts, self.t0) - created) * rng.uniform(0.3, 0.95)
                cancel = (moment, rng.choice(team), rng.choice(words.CANCEL_REASONS))
            plan.append(PlannedSession(sid, starts, minutes, created, tuple(team), people, cancel))
            return (
                sid,
                created,
                cancel[0] if cancel else created,
                kind,
                title[:200],
                cohort,
                organisation,
                programme,
                starts,
                minutes,
                *where,
                words.agenda_text(topic) if topic and rng.random() < 0.3 else "",
                None,
                rng.choice(words.MINUTES) if is_past and rng.random() < 0.2 else "",
                capacity,
                series,
                starts - timedelta(days=1) if is_past and not cancel else None,
                Session.Status.CANCELLED if cancel else Session.Status.SCHEDULED,
                1 if cancel else 0,
            )

        def session_rows() -> Iterator[tuple]:
            for cohort, count in zip(cohorts, per_cohort, strict=True):
                span = (cohort.end - cohort.start).days
                commune = self.org_commune[cohort.organisations[0]] if cohort.organisations else ""
                series = f"{rng.getrandbits(64):016x}" if rng.random() < 0.5 else ""
                numbers: dict[str, int] = defaultdict(int)
                for j in range(count):
                    day = self.weekday(
                        cohort.start + timedelta(days=span * j // max(1, count) + rng.randint(0, 3))
                    )
                    kind = SessionKind.COLLECTIVE_DIAGNOSIS if j == 0 else rng.choices(*kinds)[0]
                    numbers[kind] += 1
                    topic = rng.choice(words.TOPICS)
                    title = {
                        SessionKind.COLLECTIVE_DIAGNOSIS: "Diagnostic collectif – lancement",
                        SessionKind.WORKSHOP: f"Atelier collectif : {topic}",
                        SessionKind.CODEV: f"Co-développement n° {numbers[kind]}",
                        SessionKind.CHECK_IN: f"Point d'étape n° {numbers[kind]}",
                        SessionKind.CONSULTING_HALF_DAY: f"Demi-journée de conseil : {topic}",
                    }[kind]
                    yield row(
                        kind=kind,
                        title=title,
                        cohort=cohort.id,
                        organisation=None,
                        programme=cohort.programme.id,
                        starts=self.at(day, *rng.choice(((9, 30), (14, 0)))),
                        where=place(commune),
                        team=rng.sample(cohort.advisors, 1)
                        if rng.random() < 0.9
                        else cohort.advisors,
                        people=cohort.people,
                        series=series if kind == SessionKind.WORKSHOP else "",
                        topic=topic if kind == SessionKind.WORKSHOP else "",
                    )
            individual = [k for k, _w in INDIVIDUAL_KINDS], [w for _k, w in INDIVIDUAL_KINDS]
            for _ in range(n_individual):
                cohort = rng.choice(with_people)
                position = rng.choice(
                    [p for p in cohort.organisations if p in self.org_people]
                    or cohort.organisations
                    or [0]
                )
                org_id = self.org_ids[position]
                day = self.weekday(
                    cohort.start + timedelta(days=rng.randint(0, (cohort.end - cohort.start).days))
                )
                kind = rng.choices(*individual)[0]
                label = SessionKind(kind).label
                yield row(
                    kind=kind,
                    title=f"{label} – {self.org_name[position]}",
                    cohort=None,
                    organisation=org_id,
                    programme=cohort.programme.id,
                    starts=self.at(day, *rng.choice(((9, 0), (14, 0)))),
                    where=place(self.org_commune[position]),
                    team=rng.sample(cohort.advisors, 1),
                    people=[(uid, org_id) for uid in self.org_people.get(position, [])],
                )
            open_kinds = [k for k, _w in OPEN_SESSION_KINDS], [w for _k, w in OPEN_SESSION_KINDS]
            programmes = [c.programme for c in cohorts]
            for _ in range(n_open):
                programme = rng.choice(programmes)
                span = (programme.end - programme.start).days
                day = self.weekday(
                    min(
                        programme.start + timedelta(days=rng.randint(0, span)),
                        self.today + timedelta(days=rng.randint(1, 180)),
                    )
                )
                starts = self.at(day, 9, 30)
                kind = rng.choices(*open_kinds)[0]
                topic = rng.choice(words.TOPICS)
                position = rng.randrange(len(self.org_ids))
                activity = words.ACTIVITIES[self.org_activity[position]][0].lower()
                commune = self.org_commune[position]
                title = {
                    SessionKind.TRAINING: f"Formation : {topic}",
                    SessionKind.LEARNING_VISIT: f"Visite apprenante : {activity} "
                    f"{words.de(commune)}",
                    SessionKind.PITCH_DAY: f"Journée de pitch – {programme.name}",
                }[kind]
                capacity = rng.randint(12, 30)
                pool = self.members_by_region.get(programme.region) or self.with_members
                registrants: dict[int, int] = {}
                for _ in range(rng.randint(capacity // 2, capacity + 6) * 2):
                    who = rng.choice(pool)
                    for uid in self.org_people[who][:1]:
                        registrants.setdefault(uid, self.org_ids[who])
                    if len(registrants) > capacity + 6:
                        break
                created = min(starts - timedelta(days=45), self.t0 - timedelta(hours=2))
                until = min(starts, self.t0 - timedelta(hours=1))
                moments = sorted(rng.uniform(0, 1) for _ in registrants)
                people, expected = [], 0
                for (uid, org_id), share in zip(registrants.items(), moments, strict=True):
                    registered = created + (until - created) * share * 0.9
                    if expected < capacity:
                        cancelled = rng.random() < 0.08
                        status = P.CANCELLED if cancelled else P.EXPECTED
                        expected += not cancelled
                    else:
                        status = P.WAITLISTED
                    cancel_at = registered + (until - registered) * rng.uniform(0.1, 0.9)
                    people.append((uid, org_id, status, registered, cancel_at))
                yield row(
                    kind=kind,
                    title=title,
                    cohort=None,
                    organisation=None,
                    programme=programme.id,
                    starts=starts,
                    where=place(commune),
                    team=rng.sample(self.advisors[programme.operator], 1),
                    people=people,
                    capacity=capacity,
                    topic=topic if kind == SessionKind.TRAINING else "",
                    created=created,
                )

        self.w.write(
            Session,
            "id created_at updated_at kind title cohort_id organisation_id programme_id "
            "starts_at duration_minutes location video_url agenda methodology_step_id minutes "
            "capacity series reminder_sent_at status sequence",
            session_rows(),
        )
        facilitators = [(sid, uid) for sid, _s, _m, _c, team, _p, _x in plan for uid in team]
        self.w.write(
            Session.facilitators.through,
            "id session_id user_id",
            (
                (pk, *pair)
                for pk, pair in zip(
                    self.w.ids(Session.facilitators.through, len(facilitators)),
                    facilitators,
                    strict=True,
                )
            ),
        )
        cancelled = [entry for entry in plan if entry.cancel]
        self.w.write(
            SessionTransition,
            "id session_id transition from_status to_status actor_id reason created_at",
            (
                (pk, sid, name, source, target, cancel[1], cancel[2], cancel[0])
                for pk, (sid, _s, _m, _c, _t, _p, cancel) in zip(
                    self.w.ids(SessionTransition, len(cancelled)), cancelled, strict=True
                )
                for name, source, target in walk(
                    SESSION_LIFECYCLE, Session.Status.SCHEDULED, ("cancel",)
                )
            ),
        )

        registrations: list[tuple] = []
        participant_ids = iter(self.w.ids(Participant, sum(len(e.people) for e in plan)))

        def participant_rows() -> Iterator[tuple]:
            for sid, _starts, _minutes, created, _team, people, _cancel in plan:
                for person in people:
                    pid = next(participant_ids)
                    if len(person) == 2:  # invited with their organisation
                        yield (pid, sid, person[0], person[1], P.EXPECTED, created, created)
                        continue
                    uid, org_id, status, registered, cancel_at = person
                    first = P.EXPECTED if status == P.CANCELLED else status
                    registrations.append((pid, "create", "", first, uid, "", registered))
                    if status == P.CANCELLED:
                        for name, source, target in walk(PARTICIPANT_LIFECYCLE, first, ("cancel",)):
                            registrations.append((pid, name, source, target, uid, "", cancel_at))
                    yield (pid, sid, uid, org_id, status, registered, None)

        self.w.write(
            Participant,
            "id session_id user_id organisation_id status registered_at invited_at",
            participant_rows(),
        )
        self.w.write(
            ParticipantTransition,
            "id participant_id transition from_status to_status actor_id reason created_at",
            (
                (pk, *row)
                for pk, row in zip(
                    self.w.ids(ParticipantTransition, len(registrations)),
                    registrations,
                    strict=True,
                )
            ),
        )

        def signers(entry: PlannedSession) -> list[tuple[int, int]]:
            """Who may sign: the expected people of a past session that took place."""
            sid, starts, minutes, _created, _team, people, cancel = entry
            if cancel or starts + timedelta(minutes=minutes) >= self.t0:
                return []
            return [(p[0], p[1]) for p in people if len(p) == 2 or p[2] == P.EXPECTED]

        eligible = sum(len(signers(entry)) for entry in plan)
        wanted = min(self.o.attendance, eligible)
        if wanted < self.o.attendance:
            self.warnings.append(
                f"Émargements : {wanted:,} au lieu de {self.o.attendance:,} "
                f"(seulement {eligible:,} participations attendues à des sessions passées)."
            )
        attendance_ids = iter(self.w.ids(Attendance, wanted))

        def attendance_rows() -> Iterator[tuple]:
            # Selection sampling (Knuth's algorithm S): exactly `wanted` of the `eligible` pairs,
            # each as likely, in one pass.
            need, left = wanted, eligible
            for entry in plan:
                sid, starts, minutes, _created, team, _people, _cancel = entry
                for uid, org_id in signers(entry):
                    if rng.random() * left < need:
                        need -= 1
                        if rng.random() < 0.6:
                            method, by = Attendance.Method.SELF, uid
                            signed = starts + timedelta(minutes=rng.randint(-20, 30))
                        else:
                            method, by = Attendance.Method.FACILITATOR, team[0]
                            signed = starts + timedelta(minutes=minutes - rng.randint(0, 20))
                        yield (next(attendance_ids), sid, uid, org_id, method, signed, by)
                    left -= 1

        self.w.write(
            Attendance,
            "id session_id user_id organisation_id method signed_at recorded_by_id",
            attendance_rows(),
        )


# One function per table family, in dependency order. The apps still to come (support offers,
# projects, statements, follow-ups, referrals: issues 11 to 14) add theirs here, reading what the
# earlier families left on the Scale (organisations, people, programmes, cohorts…).
FAMILIES: list[Callable[[Scale], None]] = [
    Scale.geography,
    Scale.organisations,
    Scale.people,
    Scale.programmes,
    Scale.calls,
    Scale.applications,
    Scale.cohorts,
    Scale.sessions,
]
