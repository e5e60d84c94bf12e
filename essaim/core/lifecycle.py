"""One way to declare a lifecycle and to move along it (ADR 0008).

A lifecycle names its transitions (``submit``, ``admit``, ``withdraw``…), each allowed from some
statuses to one target. A service moves a row it has locked, inside its own transaction, with
``Lifecycle.apply``: the move is checked, the status saved (``update_fields``) and one row
written to the model's transition log (a ``core.models.TransitionLog``: who, when, from, to,
which transition, why). Nobody assigns a status by hand. Views offer the transitions that
``available`` returns, filtered by the app's policy, instead of re-deciding them from statuses.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .models import TransitionLog

M = TypeVar("M", bound=models.Model)
L = TypeVar("L", bound=TransitionLog)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str  # the verb a button says, in French: « Admettre »


class Lifecycle(Generic[M, L]):
    """The transitions of one model's status field, and its log."""

    def __init__(
        self,
        *,
        statuses: type[models.TextChoices],
        transitions: Iterable[Transition],
        log: type[L],
        subject: str,
        initial: str | None = None,
        field: str = "status",
    ) -> None:
        self.statuses = statuses
        self.transitions = {t.name: t for t in transitions}
        self.log = log
        self.subject = subject  # the log's foreign key to the model
        self.initial = initial
        self.field = field
        values = set(statuses.values)
        for t in self.transitions.values():
            unknown = {*t.sources, t.target} - values
            if unknown:
                raise ValueError(f"Transition {t.name}: unknown statuses {sorted(unknown)}")

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def status_of(self, obj: M) -> str:
        return str(getattr(obj, self.field))

    def available(self, obj: M) -> list[Transition]:
        """The transitions the row's status allows, in declaration order (who may take them is
        the policy's question)."""
        status = self.status_of(obj)
        return [t for t in self.transitions.values() if status in t.sources]

    def allows(self, obj: M, name: str) -> bool:
        return self.status_of(obj) in self[name].sources

    def targets(self, status: str) -> set[str]:
        return {t.target for t in self.transitions.values() if status in t.sources}

    def moves(self, *, allowed: bool) -> list[tuple[str, str]]:
        """Every (status, transition name) pair the lifecycle allows, or refuses: what tests
        walk through."""
        return [
            (status, t.name)
            for status in self.statuses.values
            for t in self.transitions.values()
            if (status in t.sources) is allowed
        ]

    def label(self, status: str) -> str:
        return str(self.statuses(status).label) if status else ""

    def refuse(self, obj: M, name: str) -> ValidationError:
        transition = self[name]
        return ValidationError(
            "« %(action)s » n'est pas possible au statut « %(status)s ».",
            code="forbidden_transition",
            params={"action": transition.label, "status": self.label(self.status_of(obj))},
        )

    def record_start(self, obj: M, *, actor: object, reason: str = "") -> L:
        """Log the status a new row starts in (from nothing), when its history matters."""
        return self._log(obj, transition="create", from_status="", actor=actor, reason=reason)

    def apply(
        self,
        obj: M,
        name: str,
        *,
        actor: object,
        reason: str = "",
        also: Iterable[str] = (),
    ) -> L:
        """Move ``obj`` (locked by the caller) along ``name``; ``also`` names other fields the
        service changed on it, saved in the same statement."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("A transition runs inside the service's transaction.")
        if not self.allows(obj, name):
            raise self.refuse(obj, name)
        from_status = self.status_of(obj)
        setattr(obj, self.field, self[name].target)
        fields = [self.field, *also]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            fields.append("updated_at")
        obj.save(update_fields=fields)
        return self._log(obj, transition=name, from_status=from_status, actor=actor, reason=reason)

    def _log(self, obj: M, *, transition: str, from_status: str, actor: object, reason: str) -> L:
        return self.log._default_manager.create(
            **{self.subject: obj},
            transition=transition,
            from_status=from_status,
            to_status=self.status_of(obj),
            actor=actor,
            reason=reason,
        )
