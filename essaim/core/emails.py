from django.conf import settings
from django.template.loader import render_to_string

from .deliveries import triggering_user_id
from .tasks import deliver_email, enqueue_on_commit


def email_send(
    *, to: list[str], subject: str, template: str, context: dict, attachments=()
) -> None:
    """Render a plain-text e-mail now and deliver it after commit through the task queue; a
    failure is reported to the user of the current request (core.deliveries)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    enqueue_on_commit(
        deliver_email,
        to=recipients,
        subject=f"[essaim] {subject}",
        body=body,
        attachments=[list(a) for a in attachments],
        triggered_by_id=triggering_user_id(),
    )
