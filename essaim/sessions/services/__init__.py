"""Writes on sessions: create, plan a series, update (move), cancel, documents, registration to
open sessions with their waitlist, reminders, co-development and calendar feeds.

Every e-mail carries an .ics whose UID is stable per session (`session-<pk>@host`): a calendar
app replaces the event on update (higher SEQUENCE) and removes it on cancellation."""

from .codev import codev_save, codev_stage_next
from .common import Invitations, session_ics
from .feeds import calendar_feed_create, calendar_feed_renew
from .planning import (
    session_cancel,
    session_create,
    session_document_add,
    session_document_remove,
    session_participants_invite,
    session_update,
    sessions_plan,
)
from .registration import session_register, session_unregister, sessions_remind

__all__ = [
    "Invitations",
    "calendar_feed_create",
    "calendar_feed_renew",
    "codev_save",
    "codev_stage_next",
    "session_cancel",
    "session_create",
    "session_document_add",
    "session_document_remove",
    "session_ics",
    "session_participants_invite",
    "session_register",
    "session_unregister",
    "session_update",
    "sessions_plan",
    "sessions_remind",
]
