from django.conf import settings
from django.db import models
from django.db.models import F, Q

from essaim.core.lifecycle import Lifecycle, Transition
from essaim.core.models import TimeStampedModel, TransitionLog
from essaim.organisations.models import Organisation
from essaim.programmes.models import Call, Programme, Theme


class Cohort(TimeStampedModel):
    """A group of organisations supported together within a programme (5 to 6 in ESSor)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    call = models.ForeignKey(
        Call,
        verbose_name="appel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohorts",
    )
    theme = models.ForeignKey(
        Theme, verbose_name="thème", null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    min_size = models.PositiveSmallIntegerField("taille minimale", default=5)
    max_size = models.PositiveSmallIntegerField("taille maximale", default=6)
    advisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="chargé·es d'accompagnement",
        blank=True,
        related_name="advised_cohorts",
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="expert·es",
        blank=True,
        related_name="expert_cohorts",
    )
    composition_run = models.ForeignKey(
        "CompositionRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="cohorts"
    )

    class Meta:
        verbose_name = "cohorte"
        ordering = ["programme", "start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_size__gte=F("min_size")), name="cohort_size_range"
            ),
            models.UniqueConstraint(fields=["programme", "name"], name="unique_cohort_name"),
        ]

    def __str__(self):
        return self.name


class CohortMembership(TimeStampedModel):
    """An organisation in a cohort; its participation status moves only along
    MEMBERSHIP_LIFECYCLE (services.membership_change_status)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INDIVIDUAL_PATH = "individual_path", "Parcours individuel"
        WITHDRAWN = "withdrawn", "Sortie"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cohort_memberships"
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohort_memberships",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = "membre de cohorte"
        verbose_name_plural = "membres de cohorte"
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "organisation"], name="unique_cohort_member")
        ]

    def __str__(self):
        return f"{self.organisation} — {self.cohort}"


class CohortMembershipChange(TransitionLog):
    """One move of a membership's lifecycle (MEMBERSHIP_LIFECYCLE), its creation included."""

    statuses = CohortMembership.Status
    membership = models.ForeignKey(
        CohortMembership, on_delete=models.CASCADE, related_name="changes"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "changement de statut d'un membre"
        verbose_name_plural = "changements de statut des membres"


M = CohortMembership.Status
# The only moves a membership may make, by name (services.membership_change_status): an
# organisation on the individual path may come back; a withdrawal is final.
MEMBERSHIP_LIFECYCLE = Lifecycle(
    statuses=CohortMembership.Status,
    log=CohortMembershipChange,
    subject="membership",
    transitions=[
        Transition(
            "to_individual_path", (M.ACTIVE,), M.INDIVIDUAL_PATH, "Passer en parcours individuel"
        ),
        Transition("rejoin", (M.INDIVIDUAL_PATH,), M.ACTIVE, "Revenir dans le collectif"),
        Transition("withdraw", (M.ACTIVE, M.INDIVIDUAL_PATH), M.WITHDRAWN, "Sortie du programme"),
    ],
)


class CompositionRun(models.Model):
    """One run of the composition assistant: its input, weights and result, and what was kept."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposée"
        ACCEPTED = "accepted", "Acceptée"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="composition_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    candidates = models.JSONField("candidats")  # the engine's input, as sent
    options = models.JSONField("options")  # sizes, weights, pins, keep-apart, time limit, seed
    result = models.JSONField("proposition")  # the engine's proposal (scores, explanations)
    assignment = models.JSONField("composition", default=dict)  # {application id: cohort index}
    # Moves only along COMPOSITION_LIFECYCLE: when and by whom it was accepted is in its log.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        verbose_name = "composition proposée"
        verbose_name_plural = "compositions proposées"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Composition du {self.created_at:%d/%m/%Y %H:%M}"


class CompositionRunTransition(TransitionLog):
    """One move of a composition run's lifecycle (COMPOSITION_LIFECYCLE)."""

    statuses = CompositionRun.Status
    run = models.ForeignKey(CompositionRun, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = "changement de statut d'une composition"
        verbose_name_plural = "changements de statut des compositions"


R = CompositionRun.Status
# A proposal is accepted once (services.composition_accept); until then the advisor may move
# organisations between its cohorts.
COMPOSITION_LIFECYCLE = Lifecycle(
    statuses=CompositionRun.Status,
    log=CompositionRunTransition,
    subject="run",
    transitions=[Transition("accept", (R.PROPOSED,), R.ACCEPTED, "Accepter la composition")],
)
