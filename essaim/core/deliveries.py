"""Who triggered the e-mails of a request, so that one that cannot be sent is reported to them.

The middleware remembers the request's user for `email_send`, which passes its id to the
delivery task; a failed delivery is recorded (`core.services.email_failure_record`) and listed
at the top of the person's next pages. With the immediate task backend the failure is known
before the view's success message: the message storage then stops announcing a plain success.
"""

from contextvars import ContextVar

from django.contrib import messages
from django.contrib.messages.storage.session import SessionStorage

_user: ContextVar = ContextVar("request_user", default=None)
_failures: ContextVar[list | None] = ContextVar("request_email_failures", default=None)


class EmailTriggerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.user stays lazy: nothing is read unless an e-mail is sent.
        user_token = _user.set(getattr(request, "user", None))
        failures_token = _failures.set([])
        try:
            return self.get_response(request)
        finally:
            _user.reset(user_token)
            _failures.reset(failures_token)


def triggering_user_id() -> int | None:
    user = _user.get()
    return user.pk if user is not None and user.is_authenticated else None


def failure_note(failure) -> None:
    """Called by the delivery task: the request that sent the e-mail (if any) learns of it."""
    failures = _failures.get()
    if failures is not None:
        failures.append(failure)


class MessageStorage(SessionStorage):
    """A success announced after an e-mail of the same request failed becomes a warning that
    says so (the failure itself is detailed above the messages, core/includes/email_failures)."""

    def add(self, level, message, extra_tags=""):
        failures = _failures.get()
        if failures and level == messages.SUCCESS:
            level = messages.WARNING
            message = f"{message} Attention : " + (
                "un e-mail n'a pas pu être envoyé (détail ci-dessus)."
                if len(failures) == 1
                else f"{len(failures)} e-mails n'ont pas pu être envoyés (détail ci-dessus)."
            )
        super().add(level, message, extra_tags)
