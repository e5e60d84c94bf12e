"""The state machine, and what the applicant and screening services share."""

from django.core.exceptions import ValidationError

from ..models import (
    TRANSITIONS,
    Application,
    ApplicationStatus,
    ApplicationTransition,
)

S = ApplicationStatus

# Fields of the application form an advisor can reopen, by item key (see missing_items()).
APPLICANT_ITEMS = {
    "need": "Besoin d'accompagnement",
    "theme": "Thème",
    "pair": "Binôme décisionnaire / opérationnel",
    "answers": "Réponses aux questions",
    "documents": "Pièces jointes",
}
ITEM_FIELDS = {
    "need": ["need"],
    "theme": ["theme"],
    "pair": [
        "decision_maker_name",
        "decision_maker_role",
        "decision_maker_email",
        "operational_lead_name",
        "operational_lead_role",
        "operational_lead_email",
        "availability_commitment",
        "availability_note",
    ],
    "answers": ["answers", "attestations"],
    "documents": [],
}


def applicant_emails(application: Application) -> list[str]:
    members = application.organisation.memberships.select_related("user")
    return [
        *(m.user.email for m in members if m.role == "member"),
        application.decision_maker_email,
        application.operational_lead_email,
    ]


TERMINAL_STATUSES = (S.ADMITTED, S.REDIRECTED, S.DECLINED, S.WITHDRAWN)


# --- State machine -------------------------------------------------------------------------


def application_transition(*, application: Application, to_status: str, actor, reason: str = ""):
    """The only way to change a status: allowed moves only, each one logged."""
    from_status = application.status
    if to_status not in TRANSITIONS[from_status]:
        raise ValidationError(
            "Impossible de passer une candidature « %(from)s » à « %(to)s ».",
            code="forbidden_transition",
            params={"from": S(from_status).label, "to": S(to_status).label},
        )
    application.status = to_status
    application.save(update_fields=["status", "updated_at"])
    return ApplicationTransition.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason,
    )
