from collections.abc import Collection, Mapping

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from .deliveries import failure_note
from .models import AuditEvent, EmailFailure


# core sits below accounts: the acting user is typed by Django's base class, not essaim's User.
def audit_event_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    obj: models.Model,
    action: str,
    changes: Mapping[str, object] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Record a state change; call it inside the service's transaction so both land together."""
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        changes=changes or {},
        reason=reason,
    )


def model_changes(instance: models.Model, data: Mapping[str, object]) -> dict[str, object]:
    """Apply `data` to `instance` and return {field: [old, new]} for the fields that changed."""
    changes: dict[str, object] = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_jsonable(old), _jsonable(new)]
            setattr(instance, field, new)
    return changes


def _jsonable(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "pk"):
        return str(value)
    return str(value)


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str,
    exclude_pk: int | None = None,
    reserved: Collection[str] = (),
) -> str:
    """A slug of `text` free in `model` (and not in `reserved`): "nom", then "nom-2", "nom-3"…"""
    field = model._meta.get_field("slug")
    assert isinstance(field, models.SlugField) and field.max_length  # every slug has a length
    max_length = field.max_length
    base = slugify(text)[: max_length - 6].strip("-") or fallback
    slug, n = base, 2
    taken = model._default_manager.exclude(pk=exclude_pk)
    while slug in reserved or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def email_failure_record(
    *, to: list[str], subject: str, error: Exception, triggered_by_id: int | None
) -> EmailFailure:
    """Keep an e-mail that could not be sent, for the person whose action sent it."""
    failure = EmailFailure.objects.create(
        triggered_by_id=triggered_by_id,
        recipients=", ".join(to),
        subject=subject,
        error=f"{type(error).__name__}: {error}",
    )
    failure_note(failure)
    return failure


def email_failures_dismiss(*, actor: AbstractBaseUser) -> int:
    """The person has read the alert: their failures stop showing at the top of each page."""
    return (
        EmailFailure.objects.filter(triggered_by_id=actor.pk)
        .unseen()
        .update(seen_at=timezone.now())
    )
