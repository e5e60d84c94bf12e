from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from essaim.accounts.models import Role
from essaim.accounts.selectors import has_role
from essaim.core.confirm import confirmation_page, is_confirmed
from essaim.core.french import date_fr
from essaim.core.policies import ensure, get_visible_or_404

from . import policies, selectors, services
from .forms import (
    CallForm,
    CallPreviewForm,
    CriterionFormSet,
    DocumentFormSet,
    MilestoneFormSet,
    ProgrammeForm,
    QuestionFormSet,
    ThemeFormSet,
    rule_help,
)
from .models import Call, Programme

PROGRAMMES_PER_PAGE = 24  # rows of three cards
CALLS_PER_PAGE = 20


@login_not_required  # published programmes are public
def programme_list(request):
    programmes = selectors.programme_list(policies.visible_programmes(request.user))
    page = Paginator(programmes, PROGRAMMES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programmes/programme_list.html", {"page": page})


@login_not_required  # the open calls of published programmes are public
def open_call_list(request):
    calls = selectors.open_calls(policies.visible_calls(request.user))
    page = Paginator(calls, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programmes/open_call_list.html", {"page": page})


@login_not_required
def programme_detail(request, slug):
    visible = policies.visible_programmes(request.user)
    programme = get_visible_or_404(selectors.programme_detail(visible, slug))
    steps = list(programme.steps.all())
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "phases": [s for s in steps if s.kind == s.Kind.PHASE],
            "methodology_steps": [s for s in steps if s.kind == s.Kind.METHODOLOGY],
            "calls": selectors.calls_of(policies.visible_calls(request.user), programme),
            "can_manage": policies.can_manage_programme(request.user, programme),
        },
    )


@login_not_required
def call_detail(request, slug):
    call = get_visible_or_404(selectors.call_detail(policies.visible_calls(request.user), slug))
    can_manage = policies.can_manage_programme(request.user, call.programme)
    context = {"call": call, "can_manage": can_manage}
    if can_manage:
        context |= _call_management(request.user, call)
    return render(request, "programmes/call_detail.html", context)


def _call_management(user, call: Call) -> dict:
    """What the call's management box needs: the moves offered, and the moves made."""
    return {
        "call_transitions": policies.allowed_call_transitions(user, call),
        "call_history": selectors.call_history(call),
    }


# --- Advisor side: the programmes and calls an advisor runs ---------------------------------


def _programme_for_advisor(request, slug):
    """A programme the user may see (published, or run by them), then 403 unless they run it."""
    visible = policies.visible_programmes(request.user) | policies.managed_programmes(request.user)
    programme = get_visible_or_404(visible.select_related("operator"), slug=slug)
    ensure(policies.can_manage_programme(request.user, programme))
    return programme


def _call_for_advisor(request, slug, queryset=None):
    """A call the user may see (404 otherwise), then 403 unless they run its programme."""
    queryset = queryset if queryset is not None else policies.visible_calls(request.user)
    call = get_visible_or_404(queryset.select_related("programme__operator"), slug=slug)
    ensure(policies.can_manage_programme(request.user, call.programme))
    return call


def _add_service_error(form, error: ValidationError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def programme_manage(request):
    ensure(request.user.is_superuser or has_role(request.user, Role.ADVISOR))
    programmes = selectors.programmes_with_call_counts(policies.managed_programmes(request.user))
    return render(request, "programmes/manage/programme_manage.html", {"programmes": programmes})


def _programme_form_page(request, *, programme, operators=None):
    creating = programme.pk is None
    form = ProgrammeForm(
        request.POST or None, instance=programme, **({"operators": operators} if creating else {})
    )
    themes = ThemeFormSet(request.POST or None, instance=programme, prefix="themes")
    if request.method == "POST" and all([form.is_valid(), themes.is_valid()]):
        try:
            if creating:
                programme = services.programme_create(
                    actor=request.user,
                    operator=form.cleaned_data["operator"],
                    data=form.service_data(),
                    themes=themes.items(),
                    methodology_from=form.cleaned_data.get("methodology_from"),
                    **form.relation_ids(),
                )
                messages.success(request, f"Le programme « {programme.name} » a été créé.")
            else:
                programme = services.programme_update(
                    actor=request.user,
                    programme=programme,
                    data=form.service_data(),
                    themes=themes.items(),
                    **form.relation_ids(),
                )
                messages.success(request, "Les modifications du programme ont été enregistrées.")
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            return redirect("programmes:manage")
    return render(
        request,
        "programmes/manage/programme_form.html",
        {"form": form, "themes": themes, "programme": programme, "creating": creating},
    )


def programme_create(request):
    operators = policies.managed_operators(request.user)
    ensure(operators.exists())
    return _programme_form_page(request, programme=Programme(), operators=operators)


def programme_update(request, slug):
    programme = _programme_for_advisor(request, slug)
    return _programme_form_page(request, programme=programme)


def _call_editor(request, *, programme, call):
    creating = call.pk is None
    locked = services.questions_locked(call)
    data = request.POST or None
    form = CallForm(data, instance=call, programme=programme)
    questions = None if locked else QuestionFormSet(data, instance=call, prefix="questions")
    documents = DocumentFormSet(data, instance=call, prefix="documents")
    criteria = CriterionFormSet(data, instance=call, prefix="criteria")
    milestones = MilestoneFormSet(data, instance=call, prefix="milestones")
    formsets = [f for f in (questions, documents, criteria, milestones) if f is not None]
    if request.method == "POST" and all([form.is_valid()] + [f.is_valid() for f in formsets]):
        items = {
            "questions": questions.items() if questions is not None else None,
            "documents": documents.items(),
            "criteria": criteria.items(),
            "milestones": milestones.items(),
        }
        try:
            if creating:
                call = services.call_create(
                    actor=request.user, programme=programme, data=form.cleaned_data, **items
                )
                messages.success(request, f"L'appel « {call.title} » a été créé en brouillon.")
            else:
                call = services.call_update(
                    actor=request.user, call=call, data=form.cleaned_data, **items
                )
                messages.success(request, "Les modifications de l'appel ont été enregistrées.")
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            return redirect("programmes:call_update", slug=call.slug)
    has_errors = bool(form.errors) or any(f.total_error_count() for f in formsets if f.is_bound)
    return render(
        request,
        "programmes/manage/call_form.html",
        {
            "form": form,
            "questions": questions,
            "locked_questions": call.questions.all() if locked else [],
            "documents": documents,
            "criteria": criteria,
            "milestones": milestones,
            "has_errors": has_errors,
            "rule_help": rule_help(),
            "programme": programme,
            "call": call,
            "creating": creating,
        },
    )


def call_create(request, slug):
    programme = _programme_for_advisor(request, slug)
    return _call_editor(request, programme=programme, call=Call(programme=programme))


def call_update(request, slug):
    call = _call_for_advisor(request, slug)
    return _call_editor(request, programme=call.programme, call=call)


def call_preview(request, slug):
    queryset = selectors.call_detail(policies.visible_calls(request.user), slug).prefetch_related(
        "questions", "required_documents"
    )
    call = _call_for_advisor(request, slug, queryset)
    management = _call_management(request.user, call)
    return render(
        request,
        "programmes/manage/call_preview.html",
        {
            "call": call,
            "can_manage": True,
            "preview_form": CallPreviewForm(call=call),
            "missing": services.call_missing_for_publication(call)
            if "publish" in management["call_transitions"]
            else [],
            **management,
        },
    )


@require_POST
def call_publish(request, slug):
    call = _call_for_advisor(request, slug)
    allowed = policies.allowed_call_transitions(request.user, call)
    publishable = "publish" in allowed and not services.call_missing_for_publication(call)
    if publishable and not is_confirmed(request):
        period = f"du {date_fr(call.opens_at, time=True)} au {date_fr(call.closes_at, time=True)}"
        return confirmation_page(
            request,
            title=f"Publier l'appel « {call.title} » ?",
            consequences=[
                f"L'appel sera visible de tous et ouvert aux candidatures {period}.",
                "Ses questions ne pourront plus être modifiées dès qu'une structure aura déposé "
                "sa candidature.",
                "Aucun e-mail n'est envoyé : faites connaître l'appel par vos canaux habituels.",
            ],
            action_label="Publier l'appel",
            cancel_url=reverse("programmes:call_preview", args=[call.slug]),
        )
    try:
        services.call_publish(actor=request.user, call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programmes:call_update", slug=call.slug)
    messages.success(request, f"L'appel « {call.title} » est publié.")
    return redirect("programmes:call_detail", slug=call.slug)


@require_POST
def call_close(request, slug):
    call = _call_for_advisor(request, slug)
    closable = "close" in policies.allowed_call_transitions(request.user, call)
    if closable and not is_confirmed(request):
        drafts = call.applications.filter(status="draft").count()
        consequences = [
            "L'appel restera visible mais ne recevra plus aucune candidature, même avant sa date "
            f"de clôture ({date_fr(call.closes_at, time=True)})."
            if call.closes_at
            else "L'appel restera visible mais ne recevra plus aucune candidature.",
        ]
        if drafts:
            consequences.append(
                f"{drafts} candidature{'s' if drafts > 1 else ''} en brouillon ne pourr"
                f"{'ont' if drafts > 1 else 'a'} plus être déposée{'s' if drafts > 1 else ''} ; "
                "aucun e-mail n'est envoyé à leurs structures."
            )
        else:
            consequences.append("Aucun e-mail n'est envoyé.")
        return confirmation_page(
            request,
            title=f"Clore l'appel « {call.title} » ?",
            consequences=consequences,
            action_label="Clore l'appel",
            cancel_url=reverse("programmes:call_detail", args=[call.slug]),
            danger=True,
        )
    try:
        services.call_close(actor=request.user, call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"L'appel « {call.title} » est clos.")
    return redirect("programmes:call_detail", slug=call.slug)


@require_POST
def call_duplicate(request, slug):
    call = _call_for_advisor(request, slug)
    copy = services.call_duplicate(actor=request.user, call=call)
    messages.success(
        request,
        f"L'appel a été dupliqué en brouillon : « {copy.title} ». Fixez ses dates avant de le "
        "publier.",
    )
    return redirect("programmes:call_update", slug=copy.slug)
