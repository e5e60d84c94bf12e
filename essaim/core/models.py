from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


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
