"""Advisor side: eligibility, information requests, opinions, interview, decision."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.accounts.models import User
from essaim.core.calendar import ics_event
from essaim.core.emails import email_send
from essaim.core.french import date_fr
from essaim.core.links import absolute_url
from essaim.core.services import audit_event_record, model_changes
from essaim.organisations.models import Organisation
from essaim.programmes.models import Call, Programme

from ..decision_templates import decision_template_render
from ..models import (
    APPLICATION_LIFECYCLE,
    DECIDABLE,
    Application,
    DecisionKind,
    DecisionTemplate,
    ExpertOpinion,
    Interview,
    Score,
    TimelineEntry,
)
from ..selectors import admitted_count
from .state import (
    APPLICANT_ITEMS,
    S,
    advisor_emails,
    applicant_emails,
    application_locked,
    application_transition,
    item_snapshot,
)

# --- Screening ------------------------------------------------------------------------------


@transaction.atomic
def eligibility_confirm(
    *, actor: User, application: Application, eligible: bool, reason: str = ""
) -> Application:
    """The advisor confirms the rules' result, or overrides it with a reason."""
    computed = application.eligibility_summary or "to_check"
    overrides = (eligible and computed == "fail") or (not eligible and computed == "pass")
    if overrides and not reason.strip():
        raise ValidationError(
            "Indiquez le motif : votre décision contredit le résultat des règles.",
            code="override_reason",
        )
    if not eligible and not reason.strip():
        raise ValidationError("Indiquez le motif de non-éligibilité.", code="reason")
    target = S.ELIGIBLE if eligible else S.NOT_ELIGIBLE
    application_transition(
        application=application,
        transition="confirm_eligibility" if eligible else "declare_not_eligible",
        actor=actor,
        reason=reason,
    )
    if overrides:
        application.eligibility_override_reason = reason
        application.save(update_fields=["eligibility_override_reason", "updated_at"])
        TimelineEntry.objects.create(
            application=application,
            kind=TimelineEntry.Kind.ELIGIBILITY_OVERRIDDEN,
            actor=actor,
            text=reason,
            data={"computed": computed, "decided": target},
            internal=True,
        )
    if not eligible:
        email_send(
            to=applicant_emails(application),
            subject=f"Votre candidature n'est pas éligible : {application.call.title}",
            template="applications/emails/not_eligible.txt",
            context={"application": application, "reason": reason},
        )
    return application


@transaction.atomic
def information_request(
    *, actor: User, application: Application, items: list[str], message: str
) -> Application:
    """Reopen named items; a second request adds its items to those still awaited."""
    application = application_locked(application.pk)
    if application.status in (S.DRAFT, S.REDIRECTED, S.DECLINED, S.WITHDRAWN):
        raise ValidationError(
            "On ne peut demander de compléments que sur un dossier en cours ou admis."
        )
    unknown = set(items) - set(APPLICANT_ITEMS)
    if not items or unknown:
        raise ValidationError("Choisissez au moins un élément à compléter.", code="items")
    if not message.strip():
        raise ValidationError("Expliquez ce qui est attendu.", code="message")
    items = list(dict.fromkeys(items))
    already = set(application.reopened_items)
    added = [i for i in items if i not in already]
    application.reopened_items = [*application.reopened_items, *added]
    application.answer_to_read = False
    application.save(update_fields=["reopened_items", "answer_to_read", "updated_at"])
    TimelineEntry.objects.create(
        application=application,
        kind=TimelineEntry.Kind.INFORMATION_REQUESTED,
        actor=actor,
        text=message,
        # What the items said when asked, to show the advisor what changed in the answer.
        data={
            "items": items,
            "before": {i: item_snapshot(application, i) for i in added},
        },
    )
    email_send(
        to=applicant_emails(application),
        subject=f"Compléments demandés : {application.call.title}",
        template="applications/emails/information_requested.txt",
        context={
            "application": application,
            "message": message,
            "items": [APPLICANT_ITEMS[i] for i in items],
            "url": absolute_url("applications:edit", application.pk),
        },
    )
    return application


def pending_information_requests(application: Application) -> list[TimelineEntry]:
    """The requests made since the last answer, oldest first (uses the prefetched timeline)."""
    pending = []
    for entry in application.timeline.all():
        if entry.kind == TimelineEntry.Kind.INFORMATION_REQUESTED:
            pending.append(entry)
        elif entry.kind == TimelineEntry.Kind.INFORMATION_PROVIDED:
            pending = []
    return pending


def information_changes(application: Application) -> list[dict[str, str]]:
    """What the applicant changed in the reopened items since they were asked for, in words."""
    before: dict[str, dict[str, str]] = {}
    for request in pending_information_requests(application):
        for item, snapshot in request.data.get("before", {}).items():
            before.setdefault(item, snapshot)
    changes = []
    for item in application.reopened_items:
        old, new = before.get(item, {}), item_snapshot(application, item)
        if item == "documents":
            changes += [
                {"label": "Pièce ajoutée", "before": "", "after": name}
                for pk, name in new.items()
                if pk not in old
            ]
            changes += [
                {"label": "Pièce retirée", "before": name, "after": ""}
                for pk, name in old.items()
                if pk not in new
            ]
            continue
        for label in dict.fromkeys([*old, *new]):
            if old.get(label, "") != new.get(label, ""):
                changes.append(
                    {"label": label, "before": old.get(label, ""), "after": new.get(label, "")}
                )
    return changes


@transaction.atomic
def information_provide(*, actor: User, application: Application, message: str = "") -> Application:
    """The applicant sends what was asked: items close again and the advisors are told."""
    application = application_locked(application.pk)
    if not application.reopened_items:
        raise ValidationError("Aucun complément n'est attendu.", code="nothing_requested")
    items = application.reopened_items
    changes = information_changes(application)
    application.reopened_items = []
    application.answer_to_read = True
    application.save(update_fields=["reopened_items", "answer_to_read", "updated_at"])
    TimelineEntry.objects.create(
        application=application,
        kind=TimelineEntry.Kind.INFORMATION_PROVIDED,
        actor=actor,
        text=message,
        data={"items": items, "changes": changes},
    )
    email_send(
        to=advisor_emails(application),
        subject=f"Compléments reçus : {application.organisation.name}",
        template="applications/emails/information_provided.txt",
        context={
            "application": application,
            "message": message,
            "changes": changes,
            "url": absolute_url("applications:detail", application.pk),
        },
    )
    return application


@transaction.atomic
def information_answer_read(*, actor: User, application: Application) -> Application:
    """The advisor has read the answer: it leaves their list of things to look at."""
    application = application_locked(application.pk)
    if application.answer_to_read:
        application.answer_to_read = False
        application.save(update_fields=["answer_to_read", "updated_at"])
    return application


@transaction.atomic
def opinion_request(
    *, actor: User, application: Application, expert: User, question: str
) -> ExpertOpinion:
    if not application.call.programme.experts.filter(pk=expert.pk).exists():
        raise ValidationError("Cette personne n'est pas experte de ce programme.", code="expert")
    if not question.strip():
        raise ValidationError("Posez votre question à l'expert·e.", code="question")
    opinion = ExpertOpinion.objects.create(
        application=application, expert=expert, requested_by=actor, question=question
    )
    TimelineEntry.objects.create(
        application=application,
        kind=TimelineEntry.Kind.OPINION_REQUESTED,
        actor=actor,
        text=question,
        data={"expert": str(expert)},
        internal=True,
    )
    email_send(
        to=[expert.email],
        subject=f"Avis demandé sur un dossier : {application.call.title}",
        template="applications/emails/opinion_requested.txt",
        context={"opinion": opinion, "url": absolute_url("applications:opinion", opinion.pk)},
    )
    return opinion


@transaction.atomic
def opinion_give(*, actor: User, opinion: ExpertOpinion, text: str) -> ExpertOpinion:
    if not text.strip():
        raise ValidationError("Rédigez votre avis.", code="opinion")
    opinion.opinion = text
    opinion.answered_at = timezone.now()
    opinion.save(update_fields=["opinion", "answered_at"])
    TimelineEntry.objects.create(
        application=opinion.application,
        kind=TimelineEntry.Kind.OPINION_GIVEN,
        actor=actor,
        text=text,
        internal=True,
    )
    if opinion.requested_by is not None:
        email_send(
            to=[opinion.requested_by.email],
            subject=f"Avis rendu sur {opinion.application.organisation.name}",
            template="applications/emails/opinion_given.txt",
            context={
                "opinion": opinion,
                "url": absolute_url("applications:detail", opinion.application_id),
            },
        )
    return opinion


# --- Interview ------------------------------------------------------------------------------


@transaction.atomic
def interview_schedule(
    *,
    actor: User,
    application: Application,
    scheduled_at: datetime,
    duration_minutes: int = 60,
    location: str = "",
    video_url: str = "",
) -> Interview:
    if not (location or video_url):
        raise ValidationError("Indiquez un lieu ou un lien de visioconférence.", code="place")
    if scheduled_at <= timezone.now():
        raise ValidationError(
            "L'entretien doit avoir lieu dans le futur : choisissez une date à venir.",
            code="past",
        )
    # Locked, so that two reschedulings at once give two SEQUENCE numbers.
    previous = Interview.objects.select_for_update().filter(application=application).first()
    slot = (scheduled_at, duration_minutes, location, video_url)
    moved = previous is not None and slot != (
        previous.scheduled_at,
        previous.duration_minutes,
        previous.location,
        previous.video_url,
    )
    interview, created = Interview.objects.update_or_create(
        application=application,
        defaults={
            "scheduled_at": scheduled_at,
            "duration_minutes": duration_minutes,
            "location": location,
            "video_url": video_url,
            "interviewer": actor,
            "sequence": previous.sequence + int(moved) if previous else 0,
        },
    )
    interview.full_clean()
    if application.status != S.INTERVIEW_SCHEDULED:
        application_transition(
            application=application, transition="schedule_interview", actor=actor
        )
    when = timezone.localtime(scheduled_at)
    TimelineEntry.objects.create(
        application=application,
        kind=TimelineEntry.Kind.INTERVIEW,
        actor=actor,
        text=f"Entretien {'planifié' if created else 'déplacé'} le {date_fr(when, time=True)}.",
    )
    ics = ics_event(
        uid=f"interview-{interview.pk}",
        summary=f"Entretien de qualification — {application.call.programme.name}",
        start=scheduled_at,
        duration=timedelta(minutes=duration_minutes),
        description=(
            f"Candidature de {application.organisation.name} à « {application.call.title} »."
        ),
        location=location or video_url,
        url=video_url,
        attendees=applicant_emails(application),
        sequence=interview.sequence,
    )
    email_send(
        to=applicant_emails(application),
        subject=f"Entretien de qualification le {date_fr(when, weekday=True, time=True)}",
        template="applications/emails/interview.txt",
        context={"application": application, "interview": interview, "when": when},
        attachments=[("entretien.ics", ics.decode(), "text/calendar")],
    )
    return interview


@transaction.atomic
def interview_record(
    *,
    actor: User,
    interview: Interview,
    scores: dict[str, dict[str, Any]],
    recommendation: str,
    summary: str = "",
) -> Interview:
    grid = interview.application.call.programme.qualification_grid
    if set(scores) != {c["key"] for c in grid} or any(
        not isinstance(v, dict) or v.get("score") not in Score.values for v in scores.values()
    ):
        raise ValidationError("Notez chaque critère de la grille de 1 à 4.", code="grid")
    # The label goes with the score: renaming a criterion later does not rewrite this interview.
    scores = {c["key"]: {**scores[c["key"]], "label": c["label"]} for c in grid}
    if recommendation not in Interview.Recommendation.values:
        raise ValidationError("Choisissez une recommandation.", code="recommendation")
    if interview.scheduled_at > timezone.now():
        raise ValidationError(
            "La grille se remplit après l'entretien, prévu le %(when)s.",
            code="too_early",
            params={"when": date_fr(interview.scheduled_at, time=True)},
        )
    interview.scores = scores
    interview.recommendation = recommendation
    interview.summary = summary
    interview.completed_at = timezone.now()
    interview.save(
        update_fields=["scores", "recommendation", "summary", "completed_at", "updated_at"]
    )
    application_transition(
        application=interview.application,
        transition="qualify",
        actor=actor,
        reason=f"Recommandation : {interview.get_recommendation_display()}",
    )
    return interview


# --- Decision -------------------------------------------------------------------------------

DEFAULT_DECISION_TEMPLATES: dict[str, tuple[str, str]] = {
    DecisionKind.ADMIT: (
        "Votre candidature est retenue",
        "Bonjour,\n\nNous avons le plaisir de vous annoncer que la candidature de {structure} à "
        "« {appel} » est retenue. Vous rejoindrez une cohorte du programme {programme}.\n\n"
        "{motif}\n\nL'équipe du programme vous recontacte très vite pour la suite.",
    ),
    DecisionKind.REDIRECT: (
        "D'autres accompagnements vous correspondent mieux",
        "Bonjour,\n\nAprès étude de la candidature de {structure} à « {appel} », nous pensons "
        "que d'autres accompagnements répondront mieux à votre besoin.\n\n{motif}\n\n"
        "Vous trouverez nos suggestions ci-dessous.",
    ),
    DecisionKind.DECLINE: (
        "Votre candidature n'est pas retenue",
        "Bonjour,\n\nNous avons étudié avec attention la candidature de {structure} à « {appel} ». "
        "Elle n'est pas retenue.\n\n{motif}\n\nN'hésitez pas à nous solliciter pour en parler.",
    ),
}


def decision_template(operator: Organisation, kind: str) -> tuple[str, str]:
    template = DecisionTemplate.objects.filter(operator=operator, kind=kind).first()
    if template:
        return template.subject, template.body
    return DEFAULT_DECISION_TEMPLATES[kind]


@transaction.atomic
def decision_template_save(
    *, actor: User, operator: Organisation, kind: str, subject: str, body: str
) -> DecisionTemplate:
    """Create or replace the operator's message for one kind of decision."""
    template = (
        DecisionTemplate.objects.select_for_update().filter(operator=operator, kind=kind).first()
    ) or DecisionTemplate(operator=operator, kind=kind)
    changes = model_changes(template, {"subject": subject, "body": body})
    if template.pk and not changes:
        return template
    template.full_clean()
    template.save(update_fields=[*changes, "updated_at"] if template.pk else None)
    audit_event_record(actor=actor, obj=template, action="decision_template.saved", changes=changes)
    return template


def decision_message_render(application: Application, kind: str, reason: str) -> str:
    _subject, body = decision_template(application.call.programme.operator, kind)
    values = {
        "structure": application.organisation.name,
        "appel": application.call.title,
        "programme": application.call.programme.name,
        "motif": f"Motif : {reason}" if reason else "",
    }
    return decision_template_render(body, values)


@transaction.atomic
def application_decide(
    *,
    actor: User,
    application: Application,
    kind: str,
    reason: str,
    message: str = "",
    redirect_programmes: Iterable[Programme] = (),
    redirect_suggestions: str = "",
    capacity_override: str = "",
) -> Application:
    application = application_locked(application.pk)
    if application.status not in DECIDABLE:
        raise ValidationError(
            "Une décision se prend sur un dossier éligible ou qualifié "
            "(statut actuel : %(status)s).",
            code="not_decidable",
            params={"status": application.get_status_display()},
        )
    if not reason.strip():
        raise ValidationError("Le motif de la décision est obligatoire.", code="reason")
    if kind == DecisionKind.REDIRECT and not (redirect_programmes or redirect_suggestions.strip()):
        raise ValidationError(
            "Suggérez au moins un programme ou un autre accompagnement.", code="suggestions"
        )
    if kind == DecisionKind.ADMIT and application.status == S.NOT_ELIGIBLE:
        raise ValidationError(
            "Une candidature non éligible ne peut pas être admise.", code="not_eligible"
        )
    if kind == DecisionKind.ADMIT:
        _check_capacity(application.call, adding=1, override=capacity_override)
    application.decision_reason = reason
    application.decision_message = message or decision_message_render(application, kind, reason)
    application.redirect_suggestions = redirect_suggestions
    application.save(
        update_fields=["decision_reason", "decision_message", "redirect_suggestions", "updated_at"]
    )
    application.redirect_programmes.set(redirect_programmes)
    application_transition(
        application=application,
        transition=kind,  # the decision kinds are the lifecycle's transition names
        actor=actor,
        reason=reason
        + (f" (au-delà des places de l'appel : {capacity_override})" if capacity_override else ""),
    )
    subject, _body = decision_template(application.call.programme.operator, kind)
    email_send(
        to=applicant_emails(application),
        subject=subject,
        template="applications/emails/decision.txt",
        context={
            "application": application,
            "programmes": list(redirect_programmes),
            "url": absolute_url("applications:detail", application.pk),
        },
    )
    return application


def _check_capacity(call: Call, *, adding: int, override: str) -> None:
    """A call's places are a promise to funders: going beyond needs a stated reason."""
    if call.capacity is None:
        return
    call = Call.objects.select_for_update().get(pk=call.pk)  # admissions queue up
    admitted = admitted_count(call)
    # Read again under the lock: the advisor may have just removed the limit.
    if call.capacity is not None and admitted + adding > call.capacity and not override.strip():
        raise ValidationError(
            "L'appel compte %(capacity)s places et %(admitted)s candidature(s) sont déjà "
            "admises : en admettre %(adding)s de plus dépasserait ce nombre. Pour le faire "
            "quand même, indiquez le motif de la dérogation.",
            code="capacity",
            params={"capacity": call.capacity, "admitted": admitted, "adding": adding},
        )


def applications_decide_bulk(
    *,
    actor: User,
    applications: Iterable[Application],
    kind: str,
    reason: str,
    capacity_override: str = "",
) -> dict[str, list[Any]]:
    """Decide several files with the same reason; each is its own transaction and e-mail.
    Admitting checks the call's places for the whole selection first."""
    applications = list(applications)
    if kind == DecisionKind.ADMIT and applications:
        admissible = [a for a in applications if APPLICATION_LIFECYCLE.allows(a, "admit")]
        with transaction.atomic():
            _check_capacity(
                applications[0].call, adding=len(admissible), override=capacity_override
            )
    done, refused = [], []
    for application in applications:
        try:
            application_decide(
                actor=actor,
                application=application,
                kind=kind,
                reason=reason,
                capacity_override=capacity_override,
            )
            done.append(application)
        except ValidationError as error:
            refused.append((application, error.messages[0]))
    return {"done": done, "refused": refused}
