from datetime import datetime
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from essaim.core.lifecycle import Lifecycle, Transition
from essaim.core.models import TimeStampedModel, TransitionLog
from essaim.core.validators import validate_single_line
from essaim.organisations.models import Organisation, OrganisationKind
from essaim.territories.models import Department, Region

# The qualification interview's grid, each criterion scored 1 to 4. ESSor's (need, availability
# of the pair, will to cooperate, maturity, fit) is every programme's default; keys stay stable
# so that recorded interviews keep their scores when a programme renames or adds criteria.
DEFAULT_QUALIFICATION_GRID = (
    ("need_clarity", "Clarté du besoin"),
    ("pair_availability", "Disponibilité du binôme"),
    ("cooperation_will", "Volonté de coopérer"),
    ("maturity", "Maturité du projet"),
    ("theme_fit", "Adéquation avec le thème"),
)
QUALIFICATION_GRID_MAX = 10
QUALIFICATION_LABEL_MAX = 120


def default_qualification_grid() -> list[dict]:
    return [{"key": key, "label": label} for key, label in DEFAULT_QUALIFICATION_GRID]


def validate_qualification_grid(value) -> None:
    """A list of 1 to 10 criteria {"key", "label"}, keys and labels unique, labels on one line."""
    if not isinstance(value, list) or not 1 <= len(value) <= QUALIFICATION_GRID_MAX:
        raise ValidationError(
            "La grille de qualification compte de 1 à %(max)s critères.",
            code="grid_size",
            params={"max": QUALIFICATION_GRID_MAX},
        )
    keys, labels = set(), set()
    for criterion in value:
        key = criterion.get("key") if isinstance(criterion, dict) else None
        label = criterion.get("label") if isinstance(criterion, dict) else None
        if not (isinstance(key, str) and key and isinstance(label, str) and label.strip()):
            raise ValidationError(
                "Chaque critère de la grille a une clé et un libellé.", code="grid_item"
            )
        validate_single_line(label)
        if len(label) > QUALIFICATION_LABEL_MAX:
            raise ValidationError(
                "« %(label)s » : un critère tient en %(max)s caractères au plus.",
                code="grid_label_length",
                params={"label": label, "max": QUALIFICATION_LABEL_MAX},
            )
        if key in keys or label.casefold() in labels:
            raise ValidationError(
                "« %(label)s » figure deux fois dans la grille.",
                code="grid_duplicate",
                params={"label": label},
            )
        keys.add(key)
        labels.add(label.casefold())


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def published(self) -> Self:
        return self.filter(is_published=True)

    def top_level(self) -> Self:
        return self.filter(parent__isnull=True)


class Programme(TimeStampedModel):
    """A collective support programme run by an operator (ESSor, a DLA call, a TRESSONS experiment).

    A programme may group others: TRESSONS is the parent of its 10 experiments.
    """

    operator = models.ForeignKey(
        Organisation,
        verbose_name="opérateur",
        on_delete=models.PROTECT,  # a programme's history outlives a change of operator record
        related_name="operated_programmes",
        limit_choices_to={"kind": OrganisationKind.OPERATOR},
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="programme parent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    summary = models.CharField("résumé", max_length=400)
    description = models.TextField("description", blank=True)
    objectives = models.JSONField("objectifs", default=list, blank=True)
    actions = models.JSONField("actions", default=list, blank=True)
    funders = models.ManyToManyField(
        Organisation, verbose_name="financeurs", blank=True, related_name="funded_programmes"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name="partenaires", blank=True, related_name="partner_programmes"
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="expert·es",
        blank=True,
        related_name="expert_programmes",
        help_text="Ils ne voient que les dossiers sur lesquels leur avis est demandé.",
    )
    regions = models.ManyToManyField(Region, verbose_name="régions", blank=True)
    departments = models.ManyToManyField(Department, verbose_name="départements", blank=True)
    territory_label = models.CharField("territoire", max_length=200, blank=True)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    calendar_note = models.CharField("calendrier", max_length=300, blank=True)
    is_published = models.BooleanField("publié", default=True)
    qualification_grid = models.JSONField(
        "grille de qualification",
        default=default_qualification_grid,
        validators=[validate_qualification_grid],
    )  # [{"key", "label"}…], the criteria of the qualification interview in order

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = "programme"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def qualification_label(self, key: str, recorded: str = "") -> str:
        """A criterion's label today; one since removed from the grid keeps its recorded one."""
        for criterion in self.qualification_grid:
            if criterion["key"] == key:
                return criterion["label"]
        return recorded or key


class Theme(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField("nom", max_length=150)
    description = models.TextField("description", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "thème"
        ordering = ["programme", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="unique_theme_per_programme")
        ]

    def __str__(self):
        return self.name


class ProgrammeStep(models.Model):
    """An ordered step of a programme: a phase of its journey or a methodological step."""

    class Kind(models.TextChoices):
        PHASE = "phase", "Étape du parcours"
        METHODOLOGY = "methodology", "Apport méthodologique"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField("ordre")
    name = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "étape"
        ordering = ["programme", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "order"], name="unique_step_order")
        ]

    def __str__(self):
        # The journey's stages and the methodology are both numbered from 1: say which is which.
        kind = "Étape" if self.kind == self.Kind.PHASE else "Apport méthodologique"
        return f"{kind} {self.order} : {self.name}"


class CallStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"
    CLOSED = "closed", "Clos"


class CallQuerySet(models.QuerySet["Call"]):
    def visible(self) -> Self:
        return self.exclude(status=CallStatus.DRAFT).filter(programme__is_published=True)

    def open(self, now: datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.filter(status=CallStatus.PUBLISHED, opens_at__lte=now).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )


class Call(TimeStampedModel):
    """A call for applications (appel à candidatures / AMI) of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField("titre", max_length=250)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    description = models.TextField("description", blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    opens_at = models.DateTimeField("ouverture", null=True, blank=True)
    closes_at = models.DateTimeField("clôture", null=True, blank=True)
    selection_date = models.DateField("date de sélection", null=True, blank=True)
    start_date = models.DateField("début de l'accompagnement", null=True, blank=True)
    capacity = models.PositiveSmallIntegerField("nombre de places", null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name="thèmes", blank=True)
    duplicated_from = models.ForeignKey(
        "self",
        verbose_name="dupliqué de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = "appel à candidatures"
        verbose_name_plural = "appels à candidatures"
        ordering = ["-opens_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return (
            self.status == CallStatus.PUBLISHED
            and self.opens_at is not None
            and self.opens_at <= now
            and (self.closes_at is None or now < self.closes_at)
        )


class CallTransition(TransitionLog):
    """One move of a call's lifecycle (CALL_LIFECYCLE)."""

    statuses = CallStatus
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = "changement de statut d'un appel"
        verbose_name_plural = "changements de statut des appels"


# The only moves a call may make, by name (services.call_publish and services.call_close).
CALL_LIFECYCLE = Lifecycle(
    statuses=CallStatus,
    log=CallTransition,
    subject="call",
    transitions=[
        Transition("publish", (CallStatus.DRAFT,), CallStatus.PUBLISHED, "Publier"),
        Transition("close", (CallStatus.PUBLISHED,), CallStatus.CLOSED, "Clore"),
    ],
)


class CallMilestone(models.Model):
    """A dated step of a call's calendar (launch, closing, selection, start of support…)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("date")
    label = models.CharField("étape", max_length=200)

    class Meta:
        verbose_name = "étape du calendrier"
        ordering = ["call", "date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.label}"


class EligibilityCriterion(models.Model):
    """A criterion of a call, shown to applicants and checked by a rule of the registry.

    `rule_type` names a rule of `programmes.eligibility.RULES` and `params` configures it; a
    criterion without rule is checked by the advisor ("to check").
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    label = models.CharField("critère", max_length=200)
    description = models.TextField("précision", blank=True)
    rule_type = models.CharField("règle automatique", max_length=40, blank=True)
    params = models.JSONField("paramètres", default=dict, blank=True)

    class Meta:
        verbose_name = "critère d'éligibilité"
        verbose_name_plural = "critères d'éligibilité"
        ordering = ["call", "order"]

    def __str__(self):
        return self.label


class QuestionKind(models.TextChoices):
    TEXT = "text", "Texte court"
    LONG_TEXT = "long_text", "Texte long"
    CHOICE = "choice", "Choix unique"
    MULTIPLE_CHOICE = "multiple_choice", "Choix multiple"
    NUMBER = "number", "Nombre"
    DATE = "date", "Date"
    ATTESTATION = "attestation", "Attestation (oui/non)"


class CallQuestion(models.Model):
    """A question of a call's application form."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    label = models.CharField("question", max_length=300)
    help_text = models.CharField("aide", max_length=300, blank=True)
    kind = models.CharField("type", max_length=20, choices=QuestionKind.choices)
    choices = models.JSONField("choix possibles", default=list, blank=True)
    required = models.BooleanField("obligatoire", default=True)

    class Meta:
        verbose_name = "question"
        ordering = ["call", "order", "pk"]

    def __str__(self):
        return self.label

    @property
    def key(self) -> str:
        """The key of this question's answer in `Application.answers`."""
        return f"q{self.pk}"


class RequiredDocument(models.Model):
    """A document a call asks applicants for (statutes, last accounts, activity report…)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_documents")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    label = models.CharField("document", max_length=200)
    help_text = models.CharField("aide", max_length=300, blank=True)
    required = models.BooleanField("obligatoire", default=True)

    class Meta:
        verbose_name = "document demandé"
        verbose_name_plural = "documents demandés"
        ordering = ["call", "order", "pk"]

    def __str__(self):
        return self.label
