from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from essaim.core.confirm import confirmation_page, is_confirmed
from essaim.core.policies import ensure, get_visible_or_404
from essaim.core.uploads import private_file_response
from essaim.organisations.policies import organisations_of
from essaim.programmes import policies as programme_policies
from essaim.programmes.eligibility import STATUS_LABELS

from .. import policies, selectors, services
from ..forms import (
    AnswersForm,
    ApplicationStartForm,
    CoApplicantAnswerForm,
    CoApplicantForm,
    DocumentForm,
    InformationAnswerForm,
    NeedForm,
    PairForm,
)
from ..models import CO_APPLICANT_LIFECYCLE, ApplicationStatus

STEP_FORMS = {"besoin": NeedForm, "binome": PairForm}


def my_applications(request):
    mine = organisations_of(request.user)
    applications = selectors.applications_of(
        policies.visible_applications(request.user), organisations=mine
    )
    return render(
        request,
        "applications/my_applications.html",
        {
            "applications": applications,
            "invitations": selectors.pending_invitations(mine),
            "lead_ids": set(mine.values_list("pk", flat=True)),
        },
    )


@require_POST
def application_start(request, slug):
    call = get_visible_or_404(programme_policies.visible_calls(request.user), slug=slug)
    organisations = organisations_of(request.user)
    if not organisations.exists():
        messages.info(request, "Créez d'abord la fiche de votre structure pour candidater.")
        return redirect("organisations:create")
    form = ApplicationStartForm(request.POST, organisations=organisations)
    if not form.is_valid():
        raise Http404("Structure inconnue.")
    organisation = form.cleaned_data["organisation"]
    ensure(policies.can_apply(request.user, organisation))
    existing = selectors.application_of(
        policies.visible_applications(request.user), call=call, organisation=organisation
    )
    if existing is not None:
        messages.info(request, f"{organisation.name} a déjà une candidature pour cet appel.")
        return redirect("applications:detail", existing.pk)
    try:
        application = services.application_start(
            actor=request.user, call=call, organisation=organisation
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("programmes:call_detail", slug)
    return redirect("applications:edit", application.pk)


def _editable_application(request, pk):
    application = get_visible_or_404(
        selectors.application_for_page(policies.visible_applications(request.user), pk)
    )
    ensure(policies.can_edit(request.user, application))
    return application


def application_edit(request, pk, step="besoin"):
    application = _editable_application(request, pk)
    open_steps = [s["key"] for s in selectors.application_steps(application) if s["open"]]
    if step not in open_steps:
        # Unknown step, or after a request for information a step that was not reopened.
        return redirect("applications:edit_step", pk, open_steps[0])
    context = _step_context(application, step)
    if step in STEP_FORMS or step == "questions":
        return _form_step(request, application, step, context)
    if step == "documents":
        context["form"] = DocumentForm(call=application.call)
    elif step == "co-candidats":
        context["form"] = CoApplicantForm()
    elif application.reopened_items:
        context["changes"] = services.information_changes(application)
        context["answer_form"] = InformationAnswerForm()
    else:
        context["missing"] = services.missing_items(application)
        context["eligibility"] = services.application_eligibility(application)
        context["status_labels"] = STATUS_LABELS
    return render(request, "applications/edit.html", context)


def _step_context(application, step):
    steps = selectors.application_steps(application)
    return {
        "application": application,
        "step": step,
        "steps": steps,
        "current": next(s for s in steps if s["key"] == step),
        "next_step": selectors.next_open_step(steps, step),
        "requests": services.pending_information_requests(application),
    }


def _bind(request, application, step):
    data = request.POST if request.method == "POST" else None
    if step == "questions":
        call = application.call
        form = AnswersForm(
            data,
            application=application,
            questions=call.questions.all(),
            criteria=[c for c in call.criteria.all() if c.rule_type == "attestation"],
        )
    else:
        form = STEP_FORMS[step](data, instance=application)
    allowed = services.editable_fields(application)
    if allowed is not None and step != "questions":
        # Only what the advisor reopened can change; the rest stays in view, read-only.
        for name, field in form.fields.items():
            if name not in allowed:
                field.disabled = True
                field.help_text = "Non concerné par la demande de compléments."
    return form


def _form_step(request, application, step, context):
    form = _bind(request, application, step)
    if request.method == "POST":
        valid = form.is_valid()
        allowed = services.editable_fields(application)
        if step == "questions":
            data = {k: v for k, v in form.service_data().items() if v}
        else:
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in form.errors and (allowed is None or k in allowed)
            }
        # Autosave keeps every valid field even when another one still has an error.
        try:
            services.application_save_draft(actor=request.user, application=application, data=data)
        except ValidationError as error:
            form.add_error(None, error)
            valid = False
        if request.htmx:
            return render(
                request,
                "applications/includes/autosave.html",
                {
                    "saved_at": timezone.localtime(),
                    "reopened": bool(application.reopened_items),
                    "error_fields": [
                        form.fields[name].label if name in form.fields else None
                        for name in form.errors
                    ],
                },
            )
        if valid:
            next_step = context["next_step"]
            if application.reopened_items:
                messages.success(
                    request,
                    "Modifications enregistrées. Elles seront transmises quand vous cliquerez "
                    "sur « Transmettre les compléments ».",
                )
            else:
                messages.success(request, "Brouillon enregistré.")
            return redirect("applications:edit_step", application.pk, next_step)
    context["form"] = form
    return render(request, "applications/edit.html", context, status=400 if form.errors else 200)


@require_POST
def document_upload(request, pk):
    application = _editable_application(request, pk)
    form = DocumentForm(request.POST, request.FILES, call=application.call)
    if form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                application=application,
                required_document=form.cleaned_data["required_document"],
                uploaded_file=form.cleaned_data["file"],
            )
            messages.success(request, "Document ajouté.")
            return redirect("applications:edit_step", pk, "documents")
        except ValidationError as error:
            form.add_error("file", error)
    context = _step_context(application, "documents")
    return render(request, "applications/edit.html", {**context, "form": form}, status=400)


@require_POST
def document_delete(request, pk, document_pk):
    application = _editable_application(request, pk)
    # The documents of a file the user may edit are theirs to remove.
    document = get_visible_or_404(application.documents.all(), pk=document_pk)
    services.document_remove(actor=request.user, document=document)
    messages.success(request, "Document retiré.")
    return redirect("applications:edit_step", pk, "documents")


def document_download(request, pk):
    """Files never have a public URL: each download goes through the application's policy."""
    visible = policies.visible_applications(request.user)
    document = get_visible_or_404(selectors.documents_of(visible), pk=pk)
    return private_file_response(document.file, download_name=document.file.name.rsplit("/", 1)[-1])


@require_POST
def co_applicant_invite(request, pk):
    application = _editable_application(request, pk)
    form = CoApplicantForm(request.POST)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.co_applicant_invite(
                actor=request.user,
                application=application,
                organisation=organisation,
                email=form.cleaned_data.get("email") or "",
                name="" if organisation else form.cleaned_data["search"],
            )
            messages.success(request, "Invitation envoyée.")
            return redirect("applications:edit_step", pk, "co-candidats")
        except ValidationError as error:
            form.add_error("search", error)
    context = _step_context(application, "co-candidats")
    return render(request, "applications/edit.html", {**context, "form": form}, status=400)


@require_POST
def application_submit(request, pk):
    application = _editable_application(request, pk)
    try:
        services.application_submit(actor=request.user, application=application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("applications:edit_step", pk, "depot")
    messages.success(request, "Candidature déposée. Un accusé de réception vous a été envoyé.")
    return redirect("applications:detail", pk)


@require_POST
def information_answer(request, pk):
    application = _editable_application(request, pk)
    form = InformationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.information_provide(
                actor=request.user, application=application, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("applications:detail", pk)
        messages.success(
            request, "Vos compléments ont été transmis à l'équipe du programme, qui en est avertie."
        )
        return redirect("applications:detail", pk)
    context = _step_context(application, "depot")
    context |= {"changes": services.information_changes(application), "answer_form": form}
    return render(request, "applications/edit.html", context, status=400)


@require_POST
def application_withdraw(request, pk):
    application = get_visible_or_404(policies.visible_applications(request.user), pk=pk)
    ensure(policies.can_withdraw(request.user, application))
    if not is_confirmed(request):
        consequences = [
            f"La candidature de {application.organisation.name} à « {application.call.title} » "
            "sera retirée : elle ne sera plus étudiée et ne pourra pas être déposée à nouveau.",
        ]
        if application.status != ApplicationStatus.DRAFT:
            consequences.append("L'équipe du programme en est informée par e-mail.")
        return confirmation_page(
            request,
            title="Retirer la candidature ?",
            consequences=consequences,
            action_label="Retirer la candidature",
            cancel_url=reverse("applications:detail", args=[pk]),
            danger=True,
        )
    try:
        services.application_withdraw(
            actor=request.user,
            application=application,
            reason=request.POST.get("reason", "")[:1000],
        )
        messages.success(request, "Candidature retirée.")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("applications:detail", pk)


@login_not_required  # the landing says what the invitation is before asking to sign in
def invitation(request, token):
    co_applicant = get_visible_or_404(selectors.invitation_for_page(token))
    context = {"co_applicant": co_applicant, "masked_email": _masked(co_applicant.invited_email)}
    if not request.user.is_authenticated:
        return render(request, "applications/invitation.html", context)
    if not policies.is_invitee(request.user, co_applicant):
        return render(
            request, "applications/invitation.html", {**context, "wrong_account": True}, status=403
        )
    my_organisations = organisations_of(request.user).exclude(
        pk=co_applicant.application.organisation_id
    )
    if request.method == "POST":  # the service has the last word: it expires a lapsed one
        form = CoApplicantAnswerForm(request.POST, organisations=my_organisations)
        if not form.is_valid():
            messages.error(request, next(iter(form.errors.values()))[0])
        else:
            try:
                services.co_applicant_respond(
                    actor=request.user,
                    co_applicant=co_applicant,
                    accept=form.cleaned_data["answer"] == "accept",
                    # An invitation sent to a known organisation answers for that one.
                    organisation=form.cleaned_data["organisation"]
                    if co_applicant.organisation_id is None
                    else None,
                )
                messages.success(request, "Votre réponse a été transmise.")
                return redirect("applications:mine")
            except ValidationError as error:
                messages.error(request, error.messages[0])
                co_applicant.refresh_from_db(fields=["status"])  # an expired one now says so
    # The answers offered, with their buttons' labels: {"confirm": "Confirmer…", …}.
    answers = {
        name: CO_APPLICANT_LIFECYCLE[name].label
        for name in policies.allowed_co_applicant_transitions(request.user, co_applicant)
    }
    return render(
        request,
        "applications/invitation.html",
        {**context, "my_organisations": my_organisations, "answers": answers},
    )


def _masked(email: str) -> str:
    """« d•••@exemple.fr »: enough to recognise one's address, not to harvest it."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"
