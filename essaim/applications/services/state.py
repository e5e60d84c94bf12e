"""The state machine, and what the applicant and screening services share."""

from django.db.models import Q

from essaim.accounts.models import Role, User
from essaim.organisations.models import Membership

from ..models import (
    APPLICATION_LIFECYCLE,
    TERMINAL,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    CoApplicant,
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
FIELD_LABELS = {
    "need": "Besoin",
    "theme": "Thème",
    "decision_maker_name": "Nom du ou de la décisionnaire",
    "decision_maker_role": "Fonction du ou de la décisionnaire",
    "decision_maker_email": "E-mail du ou de la décisionnaire",
    "operational_lead_name": "Nom du ou de la référent·e opérationnel·le",
    "operational_lead_role": "Fonction du ou de la référent·e opérationnel·le",
    "operational_lead_email": "E-mail du ou de la référent·e opérationnel·le",
    "availability_commitment": "Engagement de disponibilité",
    "availability_note": "Disponibilité prévue",
}


def item_snapshot(application: Application, item: str) -> dict[str, str]:
    """What an item reads like now, field by field, in words: compared when the answer comes."""
    if item == "documents":
        return {str(d.pk): d.original_name for d in application.documents.all()}
    if item == "answers":
        labels = {q.key: q.label for q in application.call.questions.all()}
        return {
            labels.get(key, key): _as_text(value)
            for key, value in application.answers.items()
            if key in labels
        }
    return {FIELD_LABELS[f]: _as_text(getattr(application, f)) for f in ITEM_FIELDS[item]}


def _as_text(value: object) -> str:
    if value is True:
        return "Oui"
    if value is False:
        return "Non"
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def applicant_emails(application: Application) -> list[str]:
    """Who hears about the file: the lead's members and contact pair, and the members of the
    co-applicants that confirmed (they apply too)."""
    members = Membership.objects.filter(role=Role.MEMBER, user__is_active=True).filter(
        Q(organisation_id=application.organisation_id)
        | Q(
            organisation__co_applications__application=application,
            organisation__co_applications__status=CoApplicant.Status.CONFIRMED,
        )
    )
    return list(
        dict.fromkeys(
            [
                *members.values_list("user__email", flat=True),
                application.decision_maker_email,
                application.operational_lead_email,
            ]
        )
    )


def application_locked(pk: int) -> Application:
    """Re-read the row under a lock, inside the caller's transaction: two advisors (or an advisor
    and the applicant) may act on the same file at once."""
    return (
        Application.objects.select_for_update()
        .select_related("call__programme__operator", "organisation")
        .get(pk=pk)
    )


def advisor_emails(application: Application) -> list[str]:
    """The advisors of the operator running the call's programme: they are told of new events."""
    operator = application.call.programme.operator
    return list(
        operator.memberships.filter(role=Role.ADVISOR, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


# --- State machine -------------------------------------------------------------------------


def application_transition(
    *, application: Application, transition: str, actor: User | None, reason: str = ""
) -> ApplicationTransition:
    """The only way to change a status: a named transition of APPLICATION_LIFECYCLE, logged.
    The caller holds the row's lock (application_locked)."""
    if not APPLICATION_LIFECYCLE.allows(application, transition):
        raise APPLICATION_LIFECYCLE.refuse(application, transition)
    also = []
    if APPLICATION_LIFECYCLE[transition].target in TERMINAL and application.reopened_items:
        # A decided or withdrawn file is closed to the applicant, whatever was pending.
        application.reopened_items = []
        also.append("reopened_items")
    return APPLICATION_LIFECYCLE.apply(
        application, transition, actor=actor, reason=reason, also=also
    )
