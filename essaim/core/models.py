from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


class TransitionLog(models.Model):
    """One move along a lifecycle (``core.lifecycle``): who, when, from, to, which, why.

    Each model with a lifecycle has its own log table (a foreign key keeps history with its row
    and lets pages join it); all of them have this shape and are written by ``Lifecycle``.
    """

    statuses: ClassVar[type[models.TextChoices]]  # the concrete log's status labels

    transition = models.CharField("transition", max_length=40)
    # Empty when the row was created in its first status.
    from_status = models.CharField("de", max_length=20, blank=True)
    to_status = models.CharField("vers", max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField("motif", blank=True)
    created_at = models.DateTimeField("date", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_label or '—'} → {self.to_label}"

    @property
    def from_label(self) -> str:
        return str(self.statuses(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(self.statuses(self.to_status).label)


class AuditEvent(models.Model):
    """One recorded change: who did what to which object, when, from what to what, and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # keep the trace when an account is deleted
        related_name="+",
    )
    action = models.CharField("action", max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    changes = models.JSONField("changements", default=dict, blank=True)
    reason = models.TextField("motif", blank=True)
    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "événement tracé"
        verbose_name_plural = "journal des événements"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.action} {self.content_type.model}#{self.object_id}"


class HttpsURLField(models.URLField):
    """A URL field whose forms assume https:// when the scheme is missing (Django 6 default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class EmailFailureQuerySet(models.QuerySet):
    def unseen(self) -> "EmailFailureQuerySet":
        return self.filter(seen_at__isnull=True)


class EmailFailure(models.Model):
    """An e-mail the platform could not send, shown to the person whose action sent it until
    they dismiss it (nobody for cron jobs: administrators read those in the admin)."""

    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyé à la suite d'une action de",
        null=True,
        blank=True,
        on_delete=models.CASCADE,  # only its author reads it
        related_name="email_failures",
    )
    recipients = models.TextField("destinataires")
    subject = models.TextField("objet")
    error = models.TextField("erreur")
    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    seen_at = models.DateTimeField("lu le", null=True, blank=True)

    objects = EmailFailureQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mail non envoyé"
        verbose_name_plural = "e-mails non envoyés"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["triggered_by", "seen_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"
