"""Background work. Tasks take plain values, so any django-tasks backend can queue them."""

from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task


@task()
def deliver_email(
    *, to: list[str], subject: str, body: str, attachments: list[list[str]] | None = None
) -> int:
    message = EmailMessage(subject=subject, body=body, to=to)
    for name, content, mime_type in attachments or []:
        message.attach(name, content, mime_type)
    return message.send()


def enqueue_on_commit(task_, **kwargs) -> None:
    """Queue a task once the current transaction commits, so it never sees rolled-back data."""
    transaction.on_commit(lambda: task_.enqueue(**kwargs))
