"""The helper views use to apply an app's policy (see ARCHITECTURE.md, "Permissions")."""

from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


def cached_for_request(user: Any, key: Hashable, compute: Callable[[], T]) -> T:
    """Answer once per request: the request's user object lives as long as the request, and the
    navigation, the policies and the page ask the same questions several times."""
    cache: dict[Hashable, Any] = user.__dict__.setdefault("_essaim_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cast(T, cache[key])


def forget_for_request(user: Any, key: Hashable) -> None:
    user.__dict__.get("_essaim_cache", {}).pop(key, None)


def get_visible_or_404(queryset: models.QuerySet[M], **lookup: Any) -> M:
    """Fetch through a policy's visible queryset: a forbidden row is as absent as a missing one."""
    return get_object_or_404(queryset, **lookup)


def ensure(allowed: bool, *, visible: bool = True) -> None:
    """Refuse the request: 403 when the user may see the object, 404 when they may not."""
    if not allowed:
        if visible:
            raise PermissionDenied
        raise Http404
