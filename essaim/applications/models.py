import secrets
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from essaim.core.lifecycle import Lifecycle, Transition
from essaim.core.models import HttpsURLField, TimeStampedModel, TransitionLog
from essaim.core.validators import validate_single_line
from essaim.organisations.models import Organisation
from essaim.programmes.models import Call, Programme, RequiredDocument, Theme

from .decision_templates import validate_decision_template


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Déposée"
    ELIGIBLE = "eligible", "Éligible"
    NOT_ELIGIBLE = "not_eligible", "Non éligible"
    INTERVIEW_SCHEDULED = "interview_scheduled", "Entretien planifié"
    QUALIFIED = "qualified", "Qualifiée"
    ADMITTED = "admitted", "Admise"
    REDIRECTED = "redirected", "Réorientée"
    DECLINED = "declined", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée"


S = ApplicationStatus


class ApplicationQuerySet(models.QuerySet["Application"]):
    def submitted(self) -> Self:
        return self.exclude(status=ApplicationStatus.DRAFT)


class Application(TimeStampedModel):
    """An organisation's application to a call, possibly with co-applicant organisations."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        "statut", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    theme = models.ForeignKey(
        Theme, verbose_name="thème", null=True, blank=True, on_delete=models.PROTECT
    )
    need = models.TextField("besoin", blank=True)
    decision_maker_name = models.CharField(
        "nom du ou de la décisionnaire", max_length=150, blank=True
    )
    decision_maker_role = models.CharField("fonction", max_length=150, blank=True)
    decision_maker_email = models.EmailField("e-mail", blank=True)
    operational_lead_name = models.CharField(
        "nom du ou de la référent·e opérationnel·le", max_length=150, blank=True
    )
    operational_lead_role = models.CharField("fonction", max_length=150, blank=True)
    operational_lead_email = models.EmailField("e-mail", blank=True)
    availability_commitment = models.BooleanField("engagement de disponibilité", default=False)
    availability_note = models.CharField("disponibilité prévue", max_length=300, blank=True)
    # {question key: answer}; keys are CallQuestion.key ("q<pk>").
    answers = models.JSONField("réponses", default=dict, blank=True)
    # Statements the applicant ticks for "attestation" criteria: {criterion pk: true}.
    attestations = models.JSONField("attestations", default=dict, blank=True)
    # What the rules said at submission: [{"criterion", "label", "status", "reason"}…].
    eligibility = models.JSONField("éligibilité calculée", default=list, blank=True)
    eligibility_summary = models.CharField(
        "résultat des règles", max_length=10, blank=True, db_index=True
    )  # pass / fail / to_check, kept for filtering the pipeline
    eligibility_override_reason = models.TextField("motif de la dérogation", blank=True)
    # Items the applicant may edit again after an advisor's request for information.
    reopened_items = models.JSONField("éléments rouverts", default=list, blank=True)
    # The applicant sent answers the advisors have not marked as read yet (dashboard, highlight).
    answer_to_read = models.BooleanField("compléments à lire", default=False, db_index=True)
    submitted_at = models.DateTimeField("déposée le", null=True, blank=True)
    decision_reason = models.TextField("motif de la décision", blank=True)
    decision_message = models.TextField("message de décision", blank=True)
    redirect_programmes = models.ManyToManyField(
        Programme, verbose_name="programmes suggérés", blank=True, related_name="+"
    )
    redirect_suggestions = models.TextField("autres accompagnements suggérés", blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature"
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="one_application_per_call_and_organisation"
            )
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            # The pipeline's order: its first page reads 50 entries, not the whole call.
            models.Index(fields=["call", "-submitted_at", "id"], name="application_pipeline"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.call}"

    @property
    def is_editable_by_applicant(self) -> bool:
        return self.status == ApplicationStatus.DRAFT or bool(self.reopened_items)

    def eligibility_counts(self) -> dict[str, int]:
        counts = {"pass": 0, "fail": 0, "to_check": 0}
        for item in self.eligibility:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        return counts


class ApplicationTransition(TransitionLog):
    """One move of an application's lifecycle (APPLICATION_LIFECYCLE)."""

    statuses = ApplicationStatus
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "changement de statut"


# The only moves an application may make, by name (services.application_transition).
APPLICATION_LIFECYCLE = Lifecycle(
    statuses=ApplicationStatus,
    log=ApplicationTransition,
    subject="application",
    transitions=[
        Transition("submit", (S.DRAFT,), S.SUBMITTED, "Déposer"),
        Transition(
            "confirm_eligibility", (S.SUBMITTED, S.NOT_ELIGIBLE), S.ELIGIBLE, "Déclarer éligible"
        ),
        Transition("declare_not_eligible", (S.SUBMITTED,), S.NOT_ELIGIBLE, "Déclarer non éligible"),
        Transition(
            "schedule_interview", (S.ELIGIBLE,), S.INTERVIEW_SCHEDULED, "Planifier l'entretien"
        ),
        Transition("qualify", (S.INTERVIEW_SCHEDULED,), S.QUALIFIED, "Remplir la grille"),
        Transition("admit", (S.ELIGIBLE, S.QUALIFIED), S.ADMITTED, "Admettre"),
        Transition(
            "redirect", (S.ELIGIBLE, S.NOT_ELIGIBLE, S.QUALIFIED), S.REDIRECTED, "Réorienter"
        ),
        Transition("decline", (S.ELIGIBLE, S.NOT_ELIGIBLE, S.QUALIFIED), S.DECLINED, "Refuser"),
        Transition(
            "withdraw",
            (S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.INTERVIEW_SCHEDULED, S.QUALIFIED),
            S.WITHDRAWN,
            "Retirer la candidature",
        ),
    ],
)
DECISIONS = ("admit", "redirect", "decline")
# Where a decision can be taken: the statuses any decision starts from.
DECIDABLE = {s for name in DECISIONS for s in APPLICATION_LIFECYCLE[name].sources}
# Where a file's life ends: no transition leaves these.
TERMINAL = {s for s in ApplicationStatus if not APPLICATION_LIFECYCLE.targets(s)}
# What the applicant's side may do; every other transition is the programme team's.
APPLICANT_TRANSITIONS = {"submit", "withdraw"}


class TimelineEntry(models.Model):
    """Everything else worth tracing on a file: messages, requests, answers, opinions, documents."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        INFORMATION_REQUESTED = "information_requested", "Demande de compléments"
        INFORMATION_PROVIDED = "information_provided", "Compléments apportés"
        OPINION_REQUESTED = "opinion_requested", "Avis d'expert demandé"
        OPINION_GIVEN = "opinion_given", "Avis d'expert rendu"
        ELIGIBILITY_OVERRIDDEN = "eligibility_overridden", "Éligibilité modifiée"
        INTERVIEW = "interview", "Entretien"
        CO_APPLICANT = "co_applicant", "Co-candidature"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Internal entries (expert opinions, advisor notes) are never shown to applicants.
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "événement du dossier"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.get_kind_display()


def _token():
    return secrets.token_urlsafe(32)


class CoApplicant(TimeStampedModel):
    """An organisation applying together with the lead; it must confirm before submission."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invitée"
        CONFIRMED = "confirmed", "Confirmée"
        DECLINED = "declined", "A décliné"
        EXPIRED = "expired", "Invitation expirée"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="co_applicants"
    )
    # Known organisation, or an e-mail invitation to one not yet on the platform.
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_applications",
    )
    invited_name = models.CharField("nom de la structure", max_length=200, blank=True)
    invited_email = models.EmailField("e-mail de contact")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField("expire le")
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)
    responded_at = models.DateTimeField("répondu le", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "co-candidat"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "organisation"],
                condition=Q(organisation__isnull=False),
                name="unique_co_applicant_organisation",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation_id else self.invited_name

    @property
    def has_lapsed(self) -> bool:
        """Past its date: no answer is taken any more, even before the daily job marks it
        expired."""
        if self.status == self.Status.EXPIRED:
            return True
        return self.status == self.Status.INVITED and self.expires_at <= timezone.now()


class CoApplicantTransition(TransitionLog):
    """One move of a co-applicant's invitation (CO_APPLICANT_LIFECYCLE)."""

    statuses = CoApplicant.Status
    co_applicant = models.ForeignKey(
        CoApplicant, on_delete=models.CASCADE, related_name="transitions"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "changement de statut d'une co-candidature"
        verbose_name_plural = "changements de statut des co-candidatures"


C = CoApplicant.Status
# The only moves an invitation may make (services.co_applicant_respond answers it, the daily
# co_applicants_remind_and_expire expires it).
CO_APPLICANT_LIFECYCLE = Lifecycle(
    statuses=CoApplicant.Status,
    log=CoApplicantTransition,
    subject="co_applicant",
    transitions=[
        Transition("confirm", (C.INVITED,), C.CONFIRMED, "Confirmer la co-candidature"),
        Transition("decline", (C.INVITED,), C.DECLINED, "Décliner"),
        Transition("expire", (C.INVITED,), C.EXPIRED, "Marquer l'invitation expirée"),
    ],
)
# What the invitee may do; expiring is the platform's, with nobody as actor.
CO_APPLICANT_ANSWERS = {"confirm", "decline"}


def document_upload_to(instance, filename):
    from essaim.core.uploads import private_upload_path

    return private_upload_path(f"candidatures/{instance.application.call_id}", filename)


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        RequiredDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=document_upload_to, max_length=300)
    original_name = models.CharField("nom d'origine", max_length=255)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("taille")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["required_document__order", "uploaded_at"]

    def __str__(self):
        return self.original_name


class ExpertOpinion(models.Model):
    """An advisor asks an expert of the programme for a written opinion on one file."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="opinions")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_opinions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.TextField("question posée")
    opinion = models.TextField("avis", blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "avis d'expert"
        verbose_name_plural = "avis d'experts"
        ordering = ["requested_at"]

    def __str__(self):
        return f"Avis de {self.expert} sur {self.application}"


class Score(models.IntegerChoices):
    WEAK = 1, "1 — Insuffisant"
    FAIR = 2, "2 — À consolider"
    GOOD = 3, "3 — Satisfaisant"
    STRONG = 4, "4 — Très satisfaisant"


class Interview(TimeStampedModel):
    class Recommendation(models.TextChoices):
        ADMIT = "admit", "Admettre"
        REDIRECT = "redirect", "Réorienter"
        DECLINE = "decline", "Refuser"

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="interview"
    )
    scheduled_at = models.DateTimeField("date et heure")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=60)
    location = models.CharField("lieu", max_length=250, blank=True)
    video_url = HttpsURLField("lien de visioconférence", blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scores = models.JSONField(
        "notes", default=dict, blank=True
    )  # {criterion: {"score", "comment"}}
    recommendation = models.CharField(
        "recommandation", max_length=10, choices=Recommendation.choices, blank=True
    )
    summary = models.TextField("synthèse", blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The .ics SEQUENCE: one more at each move, so calendar apps replace the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "entretien de qualification"
        verbose_name_plural = "entretiens de qualification"

    def __str__(self):
        return f"Entretien — {self.application}"

    @property
    def total_score(self) -> int:
        return sum(int(v.get("score") or 0) for v in self.scores.values())


class DecisionKind(models.TextChoices):
    ADMIT = "admit", "Admission"
    REDIRECT = "redirect", "Réorientation"
    DECLINE = "decline", "Refus"


class DecisionTemplate(TimeStampedModel):
    """The message an operator starts from when it tells an applicant its decision."""

    operator = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="decision_templates"
    )
    kind = models.CharField("décision", max_length=10, choices=DecisionKind.choices)
    subject = models.CharField("objet", max_length=200, validators=[validate_single_line])
    body = models.TextField(
        "message",
        help_text="Variables : {structure}, {appel}, {programme}, {motif}.",
        validators=[validate_decision_template],
    )

    class Meta:
        verbose_name = "modèle de message de décision"
        verbose_name_plural = "modèles de message de décision"
        constraints = [
            models.UniqueConstraint(fields=["operator", "kind"], name="unique_decision_template")
        ]

    def __str__(self):
        return f"{self.operator} — {self.get_kind_display()}"
