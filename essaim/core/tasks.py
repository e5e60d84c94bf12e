"""Background work. Tasks take plain values, so any django-tasks backend can queue them."""

from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task

from .services import email_failure_record


@task()
def deliver_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    attachments: list[list[str]] | None = None,
    triggered_by_id: int | None = None,
) -> int:
    message = EmailMessage(subject=subject, body=body, to=to)
    for name, content, mime_type in attachments or []:
        message.attach(name, content, mime_type)
    try:
        return message.send()
    except Exception as error:
        # Nobody reads the task backend's log: tell the person whose action sent the e-mail.
        email_failure_record(to=to, subject=subject, error=error, triggered_by_id=triggered_by_id)
        raise


def enqueue_on_commit(task_, **kwargs) -> None:
    """Queue a task once the current transaction commits, so it never sees rolled-back data."""
    transaction.on_commit(lambda: task_.enqueue(**kwargs))
