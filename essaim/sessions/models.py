import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from essaim.cohorts.models import Cohort
from essaim.core.lifecycle import Lifecycle, Transition
from essaim.core.models import HttpsURLField, TimeStampedModel, TransitionLog
from essaim.core.validators import validate_single_line
from essaim.organisations.models import Organisation
from essaim.programmes.models import Programme, ProgrammeStep

if TYPE_CHECKING:  # only named below: the services build it
    from .services.common import Invitations


class SessionKind(models.TextChoices):
    INDIVIDUAL_DIAGNOSIS = "individual_diagnosis", "Diagnostic individuel"
    COLLECTIVE_DIAGNOSIS = "collective_diagnosis", "Diagnostic collectif"
    CODEV = "codev", "Co-développement"
    WORKSHOP = "workshop", "Atelier collectif"
    CHECK_IN = "check_in", "Point d'étape"
    CONSULTING_HALF_DAY = "consulting_half_day", "Demi-journée de conseil"
    TRAINING = "training", "Formation"
    LEARNING_VISIT = "learning_visit", "Visite apprenante"
    PITCH_DAY = "pitch_day", "Journée de pitch"


# Kinds open to registration beyond the cohort (capacity, waitlist).
OPEN_KINDS = {SessionKind.TRAINING, SessionKind.LEARNING_VISIT, SessionKind.PITCH_DAY}


def _token():
    return secrets.token_urlsafe(32)


class Session(TimeStampedModel):
    """A dated meeting of a cohort, of one organisation, or open to registration."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Prévue"
        CANCELLED = "cancelled", "Annulée"

    kind = models.CharField("type", max_length=30, choices=SessionKind.choices)
    # One line: it is the subject of every invitation, reminder and cancellation e-mail.
    title = models.CharField("titre", max_length=200, validators=[validate_single_line])
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="structure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    # The programme it was planned in: the only link of an open session (no cohort, no
    # organisation) to the cohort pages and calendars of that programme.
    programme = models.ForeignKey(
        Programme,
        verbose_name="programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    starts_at = models.DateTimeField("début")
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=180)
    location = models.CharField("lieu", max_length=250, blank=True)
    video_url = HttpsURLField("lien de visioconférence", blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="animation",
        blank=True,
        related_name="facilitated_sessions",
    )
    agenda = models.TextField("ordre du jour", blank=True)
    methodology_step = models.ForeignKey(
        ProgrammeStep,
        verbose_name="étape méthodologique",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    minutes = models.TextField("compte rendu", blank=True)
    capacity = models.PositiveSmallIntegerField("places", null=True, blank=True)
    series = models.CharField(max_length=40, blank=True, db_index=True)  # sessions planned together
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Moves only along SESSION_LIFECYCLE; when it was cancelled is in its log (transitions).
    status = models.CharField(
        "statut", max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    # The .ics SEQUENCE: one more at each move or cancellation, so calendar apps replace the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    # Not a field: whom the invitations reached, on the sessions that session_create and
    # sessions_plan return (the page that created them says it once).
    invitations: "Invitations"

    class Meta:
        db_table = "cohorts_session"  # moved out of cohorts in Django's state only
        verbose_name = "session"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["cohort", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.kind in OPEN_KINDS

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class SessionTransition(TransitionLog):
    """One move of a session's lifecycle (SESSION_LIFECYCLE)."""

    statuses = Session.Status
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = "changement de statut d'une session"
        verbose_name_plural = "changements de statut des sessions"


# A session is created scheduled (its creation is in the audit log) and may only be cancelled.
SESSION_LIFECYCLE = Lifecycle(
    statuses=Session.Status,
    log=SessionTransition,
    subject="session",
    transitions=[
        Transition(
            "cancel", (Session.Status.SCHEDULED,), Session.Status.CANCELLED, "Annuler la session"
        ),
    ],
)


class SessionDocument(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(max_length=300)
    original_name = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cohorts_sessiondocument"  # moved out of cohorts in Django's state only
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class Participant(models.Model):
    """Someone expected at a session (invited or registered), on behalf of an organisation."""

    class Status(models.TextChoices):
        EXPECTED = "expected", "Attendu·e"
        WAITLISTED = "waitlisted", "Liste d'attente"
        CANCELLED = "cancelled", "Désinscrit·e"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_participations"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Moves only along PARTICIPANT_LIFECYCLE.
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.EXPECTED)
    registered_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cohorts_participant"  # moved out of cohorts in Django's state only
        ordering = ["registered_at", "pk"]  # the waitlist moves up in this order
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="unique_session_participant")
        ]

    def __str__(self):
        return f"{self.user} — {self.session}"


class ParticipantTransition(TransitionLog):
    """One move of a registration to an open session (PARTICIPANT_LIFECYCLE), from its start."""

    statuses = Participant.Status
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="transitions"
    )

    class Meta(TransitionLog.Meta):
        verbose_name = "changement de statut d'une inscription"
        verbose_name_plural = "changements de statut des inscriptions"


_P = Participant.Status
# Registrations to open sessions start expected or waitlisted (logged with record_start);
# people invited to a cohort's session start expected and never move.
PARTICIPANT_LIFECYCLE = Lifecycle(
    statuses=Participant.Status,
    log=ParticipantTransition,
    subject="participant",
    transitions=[
        Transition("register_again", (_P.CANCELLED,), _P.EXPECTED, "Se réinscrire"),
        Transition(
            "register_again_waitlisted",
            (_P.CANCELLED,),
            _P.WAITLISTED,
            "Se réinscrire sur la liste d'attente",
        ),
        Transition(
            "promote", (_P.WAITLISTED,), _P.EXPECTED, "Passer de la liste d'attente aux inscrits"
        ),
        Transition("cancel", (_P.EXPECTED, _P.WAITLISTED), _P.CANCELLED, "Se désinscrire"),
    ],
)


class Attendance(models.Model):
    """Signed presence: proof of support for EU funders (FEDER RCO01/RCO04 evidence)."""

    class Method(models.TextChoices):
        SELF = "self", "Signée par la personne"
        FACILITATOR = "facilitator", "Pointée par l'animation"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendances"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances"
    )
    method = models.CharField(max_length=12, choices=Method.choices)
    signed_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "cohorts_attendance"  # moved out of cohorts in Django's state only
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="unique_attendance")
        ]

    def __str__(self):
        return f"{self.user} présent·e à {self.session}"


class CodevSession(models.Model):
    """Co-development mode of a session (Payette & Champagne, DOMAIN.md §3.1)."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="codev")
    client = models.ForeignKey(
        Organisation,
        verbose_name="structure cliente",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    problem_statement = models.TextField("problématique", blank=True)
    # [{"key", "label", "minutes"}…]: the six stages with their planned durations (configurable).
    stages = models.JSONField(default=list)
    current_stage = models.PositiveSmallIntegerField(null=True, blank=True)
    stage_started_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField("notes", blank=True)
    action_plan = models.TextField("plan d'action", blank=True)
    # {user id: "client" | "consultant" | "facilitator"}
    roles = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "cohorts_codevsession"  # moved out of cohorts in Django's state only

    def __str__(self):
        return f"Co-développement — {self.session}"


class CalendarFeed(models.Model):
    """A private calendar URL: a user's own sessions, or a cohort's. Revoking changes the token."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cohorts_calendarfeed"  # moved out of cohorts in Django's state only
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(cohort__isnull=False),
                name="calendar_feed_has_owner",
            )
        ]

    def __str__(self):
        return f"Agenda de {self.user or self.cohort}"
