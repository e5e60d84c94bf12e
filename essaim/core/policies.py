"""The helper views use to apply an app's policy (see ARCHITECTURE.md, "Permissions")."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=models.Model)


def get_visible_or_404(queryset: models.QuerySet[M], **lookup: Any) -> M:
    """Fetch through a policy's visible queryset: a forbidden row is as absent as a missing one."""
    return get_object_or_404(queryset, **lookup)


def ensure(allowed: bool, *, visible: bool = True) -> None:
    """Refuse the request: 403 when the user may see the object, 404 when they may not."""
    if not allowed:
        if visible:
            raise PermissionDenied
        raise Http404
