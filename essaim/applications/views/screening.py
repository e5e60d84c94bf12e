"""The file as advisors, experts and applicants see it, and the advisors' screening actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from essaim.core.confirm import confirmation_page, is_confirmed
from essaim.core.policies import ensure, get_visible_or_404
from essaim.programmes import policies as programme_policies
from essaim.programmes.eligibility import STATUS_LABELS

from .. import exports, policies, selectors, services
from ..filters import PipelineFilter
from ..forms import (
    BulkDecisionForm,
    DecisionForm,
    EligibilityForm,
    InformationRequestForm,
    InterviewGridForm,
    InterviewScheduleForm,
    OpinionForm,
    OpinionRequestForm,
)
from ..models import DECIDABLE, ApplicationStatus, DecisionKind
from ..services.state import applicant_emails

PAGE_SIZE = 50
# What a row of the pipeline shows (pipeline.html): each file's answers, rules and decision
# texts, and its organisation's description, stay in the database.
PIPELINE_COLUMNS = (
    "status",
    "submitted_at",
    "eligibility_summary",
    "organisation__name",
    "organisation__head_office_commune__department__name",
    "theme__name",
)


def _screened_call(request, slug):
    calls = policies.screened_calls(request.user, programme_policies.visible_calls(request.user))
    return get_visible_or_404(calls.select_related("programme"), slug=slug)


def call_pipeline(request, slug, bulk_form=None):
    """The call's applications; `bulk_form` is a refused bulk decision, shown with its errors."""
    call = _screened_call(request, slug)
    visible = policies.visible_applications(request.user)
    filters = PipelineFilter(request.GET, queryset=selectors.pipeline(call, visible), call=call)
    page = Paginator(filters.qs.only(*PIPELINE_COLUMNS), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.status_counts(call, visible)
    return render(
        request,
        "applications/pipeline.html",
        {
            "call": call,
            "page": page,
            "filters": filters,
            "counts": [(ApplicationStatus(s).label, s, n) for s, n in counts.items()],
            "total": sum(counts.values()),
            "eligibility_choices": list(STATUS_LABELS.items()),
            "bulk_form": bulk_form or BulkDecisionForm(),
            "decidable": DECIDABLE,
            "admitted": counts.get(ApplicationStatus.ADMITTED, 0),
        },
        status=400 if bulk_form else 200,
    )


def call_export(request, slug, fmt):
    call = _screened_call(request, slug)
    applications = exports.export_queryset(
        call, policies.visible_applications(request.user).submitted()
    )
    if fmt == "xlsx":
        return exports.export_xlsx_response(call, applications)
    return exports.export_csv_response(call, applications)


@require_POST
def bulk_decide(request, slug):
    call = _screened_call(request, slug)
    decidable = selectors.decidable_applications(call, policies.visible_applications(request.user))
    form = BulkDecisionForm(request.POST, applications=decidable)
    if not form.is_valid():
        return call_pipeline(request, slug, bulk_form=form)
    applications = [
        a for a in form.cleaned_data["applications"] if policies.can_screen(request.user, a)
    ]
    kind = form.cleaned_data["kind"]
    if not is_confirmed(request):
        verb, participle = DECISION_VERBS[kind]
        names = ", ".join(a.organisation.name for a in applications)
        return confirmation_page(
            request,
            title=f"{verb} {len(applications)} candidature(s) ?",
            consequences=[
                f"Seront {participle}s : {names}.",
                "Chaque structure reçoit un e-mail avec la décision et le motif : "
                f"« {form.cleaned_data['reason']} ».",
                "Les candidatures qui ne peuvent pas recevoir cette décision sont laissées "
                "telles quelles et signalées.",
            ],
            action_label=f"{verb} et envoyer les e-mails",
            cancel_url=reverse("applications:pipeline", args=[slug]),
            danger=kind == DecisionKind.DECLINE,
        )
    try:
        result = services.applications_decide_bulk(
            actor=request.user,
            applications=applications,
            kind=kind,
            reason=form.cleaned_data["reason"],
            capacity_override=form.cleaned_data["capacity_override"],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("applications:pipeline", slug)
    if result["done"]:
        messages.success(request, f"{len(result['done'])} candidature(s) décidée(s).")
    for application, message in result["refused"]:
        messages.error(request, f"{application.organisation.name} : {message}")
    return redirect("applications:pipeline", slug)


def application_detail(request, pk, **bound_forms):
    application = get_visible_or_404(
        selectors.application_for_page(policies.visible_applications(request.user), pk)
    )
    user = request.user
    screener = policies.can_screen(user, application)
    context = {
        "application": application,
        "is_applicant": policies.is_applicant(user, application),
        "can_edit": policies.can_edit(user, application),
        "can_withdraw": policies.can_withdraw(user, application),
        "can_screen": screener,
        "show_internal": policies.can_see_internal(user, application),
        "answers": selectors.answers_for_display(application),
        "history": selectors.file_history(
            application, show_internal=policies.can_see_internal(user, application)
        ),
        "my_opinions": [o for o in application.opinions.all() if o.expert_id == user.pk],
        "status_labels": STATUS_LABELS,
        # The reverse one-to-one raises an AttributeError subclass when there is no interview.
        "interview": getattr(application, "interview", None),
    }
    context["interview_scores"] = selectors.interview_scores(
        context["interview"], application.call.programme
    )
    if screener:
        # The forms follow the transitions the lifecycle and the policy allow now.
        allowed = policies.allowed_transitions(user, application)
        programme = application.call.programme
        decisions = [(k, label) for k, label in DecisionKind.choices if k in allowed]
        context |= {
            "latest_answer": selectors.latest_answer(application),
            "eligibility_form": bound_forms.get("eligibility_form")
            or (EligibilityForm() if "declare_not_eligible" in allowed else None),
            "information_form": bound_forms.get("information_form")
            or InformationRequestForm(prefix="information"),
            "opinion_form": bound_forms.get("opinion_form")
            or OpinionRequestForm(programme=programme),
            "schedule_form": bound_forms.get("schedule_form")
            or (
                InterviewScheduleForm(instance=context["interview"])
                if allowed & {"schedule_interview", "qualify"}  # plan it, or move it
                else None
            ),
            "grid_form": bound_forms.get("grid_form")
            or (
                InterviewGridForm(grid=programme.qualification_grid)
                if "qualify" in allowed
                else None
            ),
            "decision_form": bound_forms.get("decision_form")
            or (
                DecisionForm(kinds=decisions, programmes=selectors.redirect_choices(application))
                if decisions
                else None
            ),
            "admitted": selectors.admitted_count(application.call),
        }
    return render(request, "applications/detail.html", context, status=400 if bound_forms else 200)


def _screenable(request, pk):
    application = get_visible_or_404(
        selectors.application_for_page(policies.visible_applications(request.user), pk)
    )
    ensure(policies.can_screen(request.user, application))
    return application


def _act(request, pk, form_name, make_form, action, success, confirm=None):
    """Bind the form, run the service, and on refusal show the file again with what was typed.

    `make_form(application)` returns the bound form; `action(application, form)` calls the service;
    `confirm(application, form)`, for what cannot be undone, gives the confirmation page's text.
    """
    application = _screenable(request, pk)
    form = make_form(application)
    if form.is_valid():
        if confirm is not None and not is_confirmed(request):
            return confirmation_page(
                request,
                cancel_url=reverse("applications:detail", args=[pk]),
                **confirm(application, form),
            )
        try:
            action(application, form)
            messages.success(request, success)
            return redirect("applications:detail", pk)
        except ValidationError as error:
            form.add_error(None, error)
    return application_detail(request, pk, **{form_name: form})


@require_POST
def eligibility_confirm(request, pk):
    return _act(
        request,
        pk,
        "eligibility_form",
        lambda app: EligibilityForm(request.POST),
        lambda app, form: services.eligibility_confirm(
            actor=request.user,
            application=app,
            eligible=form.cleaned_data["eligible"],
            reason=form.cleaned_data["reason"],
        ),
        "Éligibilité enregistrée.",
    )


@require_POST
def information_request(request, pk):
    return _act(
        request,
        pk,
        "information_form",
        lambda app: InformationRequestForm(request.POST, prefix="information"),
        lambda app, form: services.information_request(
            actor=request.user,
            application=app,
            items=form.cleaned_data["items"],
            message=form.cleaned_data["message"],
        ),
        "Demande de compléments envoyée.",
    )


@require_POST
def information_read(request, pk):
    application = _screenable(request, pk)
    services.information_answer_read(actor=request.user, application=application)
    messages.success(request, "Compléments marqués comme lus.")
    return redirect("applications:detail", pk)


@require_POST
def opinion_request(request, pk):
    return _act(
        request,
        pk,
        "opinion_form",
        lambda app: OpinionRequestForm(request.POST, programme=app.call.programme),
        lambda app, form: services.opinion_request(
            actor=request.user,
            application=app,
            expert=form.cleaned_data["expert"],
            question=form.cleaned_data["question"],
        ),
        "Avis demandé.",
    )


def _interview_of(application, *, required=False):
    # The reverse one-to-one raises an AttributeError subclass when there is none.
    interview = getattr(application, "interview", None)
    if interview is None and required:
        raise Http404
    return interview


@require_POST
def interview_schedule(request, pk):
    return _act(
        request,
        pk,
        "schedule_form",
        lambda app: InterviewScheduleForm(request.POST, instance=_interview_of(app)),
        lambda app, form: services.interview_schedule(
            actor=request.user, application=app, **form.cleaned_data
        ),
        "Entretien planifié ; l'invitation a été envoyée.",
    )


@require_POST
def interview_record(request, pk):
    return _act(
        request,
        pk,
        "grid_form",
        lambda app: InterviewGridForm(request.POST, grid=app.call.programme.qualification_grid),
        lambda app, form: services.interview_record(
            actor=request.user,
            interview=_interview_of(app, required=True),
            scores=form.scores(),
            recommendation=form.cleaned_data["recommendation"],
            summary=form.cleaned_data["summary"],
        ),
        "Grille de qualification enregistrée.",
    )


@require_POST
def application_decide(request, pk):
    return _act(
        request,
        pk,
        "decision_form",
        lambda app: DecisionForm(request.POST, programmes=selectors.redirect_choices(app)),
        lambda app, form: services.application_decide(
            actor=request.user, application=app, **form.cleaned_data
        ),
        "Décision enregistrée ; la structure a été prévenue par e-mail.",
        confirm=_decision_confirmation,
    )


DECISION_VERBS = {
    DecisionKind.ADMIT: ("Admettre", "admise"),
    DecisionKind.REDIRECT: ("Réorienter", "réorientée"),
    DecisionKind.DECLINE: ("Refuser", "refusée"),
}


def _decision_confirmation(application, form) -> dict:
    data = form.cleaned_data
    verb, participle = DECISION_VERBS[data["kind"]]
    message = data["message"] or services.decision_message_render(
        application, data["kind"], data["reason"]
    )
    consequences = [
        f"La candidature de {application.organisation.name} sera {participle} ; "
        "la décision est définitive.",
        "Un e-mail part à : "
        + ", ".join(sorted(set(filter(None, applicant_emails(application)))))
        + ".",
        f"Message envoyé : « {message} »",
    ]
    return {
        "title": f"{verb} la candidature de {application.organisation.name} ?",
        "consequences": consequences,
        "action_label": f"{verb} et envoyer l'e-mail",
        "danger": data["kind"] == DecisionKind.DECLINE,
    }


def opinion_detail(request, pk):
    """What an expert sees: the file they were asked about, and their opinion form."""
    opinion = get_visible_or_404(
        selectors.opinion_for_page(policies.opinions_asked_of(request.user)), pk=pk
    )
    form = OpinionForm(request.POST or None, initial={"opinion": opinion.opinion})
    if request.method == "POST" and form.is_valid():
        services.opinion_give(
            actor=request.user, opinion=opinion, text=form.cleaned_data["opinion"]
        )
        messages.success(request, "Votre avis a été transmis à l'équipe du programme.")
        return redirect("applications:opinion", pk)
    return render(request, "applications/opinion.html", {"opinion": opinion, "form": form})
