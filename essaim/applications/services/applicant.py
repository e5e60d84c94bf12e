"""Applicant side: start, drafts, documents, co-applicants, checks, submission."""

from datetime import date, datetime, timedelta
from typing import Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from essaim.accounts.models import User
from essaim.core.emails import email_send
from essaim.core.links import absolute_url
from essaim.core.uploads import validate_upload
from essaim.organisations.models import Organisation
from essaim.programmes.eligibility import EligibilityContext, evaluate_call, summarise
from essaim.programmes.models import Call, QuestionKind, RequiredDocument, Theme

from ..models import (
    CO_APPLICANT_LIFECYCLE,
    Application,
    ApplicationDocument,
    CoApplicant,
    TimelineEntry,
)
from .state import (
    ITEM_FIELDS,
    S,
    advisor_emails,
    applicant_emails,
    application_locked,
    application_transition,
)


class ApplicationDraft(TypedDict, total=False):
    """What the applicant's form steps save; a step sends only its own fields."""

    need: str
    theme: Theme | None
    decision_maker_name: str
    decision_maker_role: str
    decision_maker_email: str
    operational_lead_name: str
    operational_lead_role: str
    operational_lead_email: str
    availability_commitment: bool
    availability_note: str
    answers: dict[str, Any]  # by question key, merged into the saved answers
    attestations: dict[str, bool]


# --- Applicant side ------------------------------------------------------------------------


@transaction.atomic
def application_start(*, actor: User, call: Call, organisation: Organisation) -> Application:
    if not call.is_open:
        raise ValidationError("Cet appel n'est pas ouvert aux candidatures.", code="call_closed")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                organisation=organisation,
                created_by=actor,
                decision_maker_email=actor.email,
            )
    except IntegrityError:
        raise ValidationError(
            "%(organisation)s a déjà une candidature pour cet appel.",
            code="duplicate_application",
            params={"organisation": organisation.name},
        ) from None
    return application


def editable_fields(application: Application) -> set[str] | None:
    """None: everything (draft); otherwise only the fields of the reopened items."""
    if application.status == S.DRAFT:
        return None
    return {field for item in application.reopened_items for field in ITEM_FIELDS.get(item, [])}


@transaction.atomic
def application_save_draft(
    *, actor: User, application: Application, data: ApplicationDraft
) -> Application:
    """Save what the applicant typed; outside a draft, only the reopened items may change."""
    application = application_locked(application.pk)
    if not application.is_editable_by_applicant:
        raise ValidationError("Cette candidature n'est plus modifiable.", code="read_only")
    allowed = editable_fields(application)
    changed = []
    data = data.copy()
    # Answers and attestations come by question: merged into the saved ones.
    if "answers" in data:
        data["answers"] = {**application.answers, **data["answers"]}
    if "attestations" in data:
        data["attestations"] = {**application.attestations, **data["attestations"]}
    for field, value in data.items():
        if getattr(application, field) == value:
            continue  # a form may post unchanged fields it shows read-only
        if allowed is not None and field not in allowed:
            raise ValidationError(
                "Seuls les éléments rouverts par l'équipe du programme sont modifiables.",
                code="not_reopened",
            )
        setattr(application, field, value)
        changed.append(field)
    if changed:
        application.save(update_fields=[*changed, "updated_at"])
    return application


def _ensure_documents_open(application: Application) -> None:
    """Documents change in a draft of an open call, or when an advisor reopened them."""
    if "documents" in application.reopened_items:
        return
    if application.status != S.DRAFT:
        raise ValidationError(
            "Les pièces jointes ne sont plus modifiables : l'équipe du programme peut les "
            "rouvrir par une demande de compléments.",
            code="read_only",
        )
    if not application.call.is_open:
        raise ValidationError(
            "L'appel est clos : les pièces jointes ne sont plus modifiables.", code="call_closed"
        )


@transaction.atomic
def document_add(
    *,
    actor: User,
    application: Application,
    required_document: RequiredDocument | None,
    uploaded_file: UploadedFile,
) -> ApplicationDocument:
    """Check the file by content, size and name before anything is stored."""
    application = application_locked(application.pk)
    _ensure_documents_open(application)
    check = validate_upload(uploaded_file)
    document = ApplicationDocument(
        application=application,
        required_document=required_document,
        original_name=(uploaded_file.name or "")[:255],
        mime_type=check.mime_type,
        size=check.size,
        uploaded_by=actor,
    )
    document.file.save(check.safe_name, uploaded_file, save=False)  # upload_to adds the path
    document.save()
    return document


@transaction.atomic
def document_remove(*, actor: User, document: ApplicationDocument) -> None:
    application = application_locked(document.application_id)
    _ensure_documents_open(application)
    file = document.file
    document.delete()
    # The file goes once the row is gone for good: a rollback must not leave a dangling row.
    transaction.on_commit(lambda: file.storage.delete(file.name))


# --- Co-applicants ------------------------------------------------------------------------


@transaction.atomic
def co_applicant_invite(
    *,
    actor: User,
    application: Application,
    organisation: Organisation | None = None,
    email: str = "",
    name: str = "",
) -> CoApplicant:
    if application.status != S.DRAFT:
        raise ValidationError("Les co-candidats se choisissent avant le dépôt.", code="read_only")
    if organisation is not None and organisation.pk == application.organisation_id:
        raise ValidationError(
            "Votre propre structure ne peut pas être co-candidate.", code="self_co_applicant"
        )
    if (
        organisation is not None
        and application.co_applicants.filter(organisation=organisation).exists()
    ):
        raise ValidationError("Cette structure est déjà invitée.", code="already_invited")
    if organisation is None and not (email and name):
        raise ValidationError(
            "Indiquez le nom et l'e-mail de la structure à inviter.", code="missing_contact"
        )
    if organisation is not None and not email:
        members = organisation.memberships.filter(role="member").select_related("user")
        email = next((m.user.email for m in members), "")
        if not email:
            raise ValidationError(
                "Cette structure n'a pas encore de membre sur la plateforme : "
                "invitez-la par e-mail.",
                code="no_contact",
            )
    co_applicant = CoApplicant.objects.create(
        application=application,
        organisation=organisation,
        invited_name=name[:200],
        invited_email=email,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.CO_APPLICANT_INVITATION_DAYS),
    )
    CO_APPLICANT_LIFECYCLE.record_start(co_applicant, actor=actor)
    TimelineEntry.objects.create(
        application=application,
        kind=TimelineEntry.Kind.CO_APPLICANT,
        actor=actor,
        text=f"{co_applicant.display_name} invitée à co-candidater.",
    )
    _send_invitation(co_applicant, reminder=False)
    return co_applicant


def _send_invitation(co_applicant: CoApplicant, *, reminder: bool) -> None:
    application = co_applicant.application
    email_send(
        to=[co_applicant.invited_email],
        subject=("Rappel : " if reminder else "")
        + f"{application.organisation.name} vous invite à co-candidater",
        template="applications/emails/co_applicant_invitation.txt",
        context={
            "co_applicant": co_applicant,
            "application": application,
            "reminder": reminder,
            "url": absolute_url("applications:invitation", co_applicant.token),
        },
    )


def co_applicant_respond(
    *,
    actor: User,
    co_applicant: CoApplicant,
    accept: bool,
    organisation: Organisation | None = None,
) -> CoApplicant:
    """Confirm or decline an invitation. One past its date is marked expired for good: the
    refusal is raised once that write is committed, so it is not rolled back with the answer."""
    transition = "confirm" if accept else "decline"
    with transaction.atomic():
        co_applicant = CoApplicant.objects.select_for_update().get(pk=co_applicant.pk)
        if not CO_APPLICANT_LIFECYCLE.allows(co_applicant, transition):
            raise CO_APPLICANT_LIFECYCLE.refuse(co_applicant, transition)
        expired = co_applicant.has_lapsed
        if expired:
            _co_applicant_expire(co_applicant)
        else:
            _co_applicant_answer(
                actor=actor,
                co_applicant=co_applicant,
                transition=transition,
                organisation=organisation,
            )
    if expired:
        raise ValidationError("Cette invitation a expiré.", code="expired")
    return co_applicant


def _co_applicant_expire(co_applicant: CoApplicant) -> None:
    """Expire a locked, pending invitation past its date: the platform's move, nobody's."""
    CO_APPLICANT_LIFECYCLE.apply(co_applicant, "expire", actor=None, reason="Invitation expirée")


def _co_applicant_answer(
    *,
    actor: User,
    co_applicant: CoApplicant,
    transition: str,
    organisation: Organisation | None,
) -> None:
    """Record the answer of a locked, pending invitation, and tell the applicant."""
    if co_applicant.organisation_id is None:
        if organisation is None:
            raise ValidationError("Choisissez la structure qui co-candidate.", code="organisation")
        if organisation.pk == co_applicant.application.organisation_id:
            raise ValidationError(
                "La structure qui candidate ne peut pas être co-candidate.",
                code="self_co_applicant",
            )
        co_applicant.organisation = organisation
    co_applicant.responded_at = timezone.now()
    co_applicant.responded_by = actor
    try:
        # Two invitations by e-mail may be confirmed for the same organisation.
        with transaction.atomic():
            CO_APPLICANT_LIFECYCLE.apply(
                co_applicant,
                transition,
                actor=actor,
                also=["organisation", "responded_at", "responded_by"],
            )
    except IntegrityError:
        raise ValidationError(
            "Cette structure est déjà co-candidate.", code="already_invited"
        ) from None
    accepted = transition == "confirm"
    verb = "confirmé" if accepted else "décliné"
    TimelineEntry.objects.create(
        application=co_applicant.application,
        kind=TimelineEntry.Kind.CO_APPLICANT,
        actor=actor,
        text=f"{co_applicant.display_name} a {verb} la co-candidature.",
    )
    application = co_applicant.application
    email_send(
        to=applicant_emails(application),
        subject=f"{co_applicant.display_name} a {verb} votre co-candidature",
        template="applications/emails/co_applicant_answered.txt",
        context={
            "co_applicant": co_applicant,
            "application": application,
            "accepted": accepted,
            "url": absolute_url("applications:edit_step", application.pk, "co-candidats"),
        },
    )


def co_applicants_remind_and_expire(*, now: datetime | None = None) -> dict[str, int]:
    """Daily job: remind pending invitations once, expire the ones past their date (each in its
    own transaction, under its lock, so each expiry is logged and an answer given meanwhile
    wins)."""
    now = now or timezone.now()
    pending = CoApplicant.objects.filter(
        status=CoApplicant.Status.INVITED, application__status=S.DRAFT
    ).select_related("application__organisation", "organisation")
    expired = 0
    for pk in pending.filter(expires_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            co_applicant = CoApplicant.objects.select_for_update().get(pk=pk)
            if CO_APPLICANT_LIFECYCLE.allows(co_applicant, "expire"):
                _co_applicant_expire(co_applicant)
                expired += 1
    due = pending.filter(
        expires_at__gt=now,
        reminded_at__isnull=True,
        created_at__lte=now - timedelta(days=settings.CO_APPLICANT_REMINDER_DAYS),
    )
    reminded = 0
    for co_applicant in due:
        with transaction.atomic():
            co_applicant.reminded_at = now
            co_applicant.save(update_fields=["reminded_at", "updated_at"])
            _send_invitation(co_applicant, reminder=True)
        reminded += 1
    return {"reminded": reminded, "expired": expired}


# --- Checks before submission -------------------------------------------------------------


def missing_items(application: Application) -> list[str]:
    """Everything that stops a submission, in French, in the order of the form."""
    call = application.call
    missing = []
    if not application.need.strip():
        missing.append("Décrivez votre besoin d'accompagnement.")
    if call.themes.exists() and application.theme_id is None:
        missing.append("Choisissez un thème.")
    for role, prefix in (
        ("décisionnaire", "decision_maker"),
        ("référent·e opérationnel·le", "operational_lead"),
    ):
        if not (getattr(application, f"{prefix}_name") and getattr(application, f"{prefix}_email")):
            missing.append(f"Indiquez le nom et l'e-mail du ou de la {role}.")
    if not application.availability_commitment:
        missing.append("Confirmez l'engagement de disponibilité du binôme.")
    for question in call.questions.all():
        if question.required and _is_blank(application.answers.get(question.key), question.kind):
            missing.append(f"Répondez à la question « {question.label} ».")
    provided = {d.required_document_id for d in application.documents.all()}
    for document in call.required_documents.all():
        if document.required and document.pk not in provided:
            missing.append(f"Joignez le document « {document.label} ».")
    for co_applicant in application.co_applicants.all():
        if co_applicant.status != CoApplicant.Status.CONFIRMED:
            missing.append(
                f"{co_applicant.display_name} n'a pas confirmé sa co-candidature "
                f"({co_applicant.get_status_display().lower()})."
            )
    return missing


def _is_blank(value: object, kind: str) -> bool:
    if kind == QuestionKind.ATTESTATION:
        return value is not True
    return value in (None, "", [])


def application_eligibility(
    application: Application, *, today: date | None = None
) -> list[dict[str, Any]]:
    context = EligibilityContext(
        organisation=application.organisation,
        call=application.call,
        theme=application.theme,
        attestations=application.attestations,
        today=today or timezone.localdate(),
    )
    return evaluate_call(application.call.criteria.all(), context)


@transaction.atomic
def application_submit(
    *, actor: User, application: Application, now: datetime | None = None
) -> Application:
    application = application_locked(application.pk)
    now = now or timezone.now()
    call = application.call
    if call.closes_at is not None and now >= call.closes_at:
        raise ValidationError(
            "L'appel est clos depuis le %(date)s : la candidature ne peut plus être déposée.",
            code="late",
            params={"date": timezone.localtime(call.closes_at).strftime("%d/%m/%Y à %H:%M")},
        )
    if application.status != S.DRAFT:
        raise ValidationError("Cette candidature a déjà été déposée.", code="already_submitted")
    missing = missing_items(application)
    if missing:
        raise ValidationError(missing, code="incomplete")
    application.eligibility = application_eligibility(application, today=timezone.localdate(now))
    application.eligibility_summary = summarise(application.eligibility)
    application.submitted_at = now
    application.save(
        update_fields=["eligibility", "eligibility_summary", "submitted_at", "updated_at"]
    )
    application_transition(application=application, transition="submit", actor=actor)
    email_send(
        to=applicant_emails(application),
        subject=f"Candidature déposée : {call.title}",
        template="applications/emails/submitted.txt",
        context={
            "application": application,
            "url": absolute_url("applications:detail", application.pk),
        },
    )
    email_send(
        to=advisor_emails(application),
        subject=f"Nouvelle candidature : {application.organisation.name}",
        template="applications/emails/new_application.txt",
        context={
            "application": application,
            "url": absolute_url("applications:detail", application.pk),
        },
    )
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application: Application, reason: str = "") -> Application:
    application = application_locked(application.pk)
    was_submitted = application.status != S.DRAFT
    application_transition(
        application=application, transition="withdraw", actor=actor, reason=reason
    )
    if was_submitted:
        email_send(
            to=advisor_emails(application),
            subject=f"Candidature retirée : {application.organisation.name}",
            template="applications/emails/withdrawn.txt",
            context={
                "application": application,
                "reason": reason,
                "url": absolute_url("applications:detail", application.pk),
            },
        )
    return application
