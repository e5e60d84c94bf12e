"""Session pages: create, plan a series, edit, cancel; documents; registration to open sessions;
attendance (signature, marking, the PDF sheet); co-development."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from essaim.cohorts import policies as cohort_policies
from essaim.core.confirm import confirmation_page, is_confirmed
from essaim.core.french import date_fr
from essaim.core.policies import ensure, get_visible_or_404
from essaim.core.uploads import private_file_response
from essaim.organisations.policies import organisations_of

from .. import policies, selectors, services
from ..codev import CODEV_ROLES, stage_hint, stage_timer
from ..forms import (
    CancelForm,
    CodevForm,
    DocumentForm,
    PersonForm,
    PlanForm,
    PlanRowFormSet,
    RegisterForm,
    SessionForm,
)
from ..models import OPEN_KINDS, Participant, SessionKind
from ..planner import PARIS, paris_datetime, series_propose
from ..services import attendance as attendance_services

P = Participant.Status


def _visible_session(request, pk):
    return get_visible_or_404(
        selectors.session_for_page(policies.visible_sessions(request.user)), pk=pk
    )


def _managed_session(request, pk):
    session = _visible_session(request, pk)
    ensure(policies.can_manage_session(request.user, session))
    return session


def _managed_cohort(request, pk):
    cohort = get_visible_or_404(
        cohort_policies.visible_cohorts(request.user).select_related("programme__operator"), pk=pk
    )
    ensure(cohort_policies.can_manage_cohort(request.user, cohort))
    return cohort


def _form_errors(form, error: ValidationError) -> None:
    """Show a service's refusal next to the fields it names, the rest at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _invitations_told(request, invitations, *, done: str) -> None:
    """Say what was done and how many addresses were actually e-mailed; name plainly the
    organisations nobody could be told about."""
    count = len(invitations.addresses)
    if count:
        sent = f"Invitation{'s' if count > 1 else ''} envoyée{'s' if count > 1 else ''} à {count} "
        sent += f"personne{'s' if count > 1 else ''}."
    else:
        sent = "Aucune invitation envoyée."
    text = f"{done} {sent}".strip()
    if not invitations.unreachable:
        messages.success(request, text)
        return
    names = ", ".join(f"{name} (aucun contact)" for name in invitations.unreachable)
    messages.warning(request, f"{text} Personne n'a pu être invité pour : {names}.")


def _refused(request, error: ValidationError, pk):
    for message in error.messages:
        messages.error(request, message)
    return redirect("sessions:session_detail", pk)


# --- Create and edit ------------------------------------------------------------------------------


def session_create(request, cohort_pk):
    cohort = _managed_cohort(request, cohort_pk)
    form = SessionForm(
        request.POST or None,
        facilitators=selectors.facilitator_choices(cohort=cohort),
        steps=cohort.programme.steps.all(),
        cohort=cohort,
        creating=True,
        department=selectors.planning_department(cohort.programme),
    )
    if request.method == "POST" and form.is_valid():
        audience = form.cleaned_data["audience"]
        try:
            session = services.session_create(
                actor=request.user,
                cohort=cohort if audience == "cohort" else None,
                organisation=form.cleaned_data["organisation"]
                if audience == "organisation"
                else None,
                context_cohort=cohort,
                facilitators=form.cleaned_data["facilitators"],
                **form.service_data(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            for warning in form.warnings:
                messages.warning(request, warning)
            if session.is_open:
                messages.success(request, "Session créée ; elle est ouverte aux inscriptions.")
            else:
                _invitations_told(request, session.invitations, done="Session créée.")
            return redirect("sessions:session_detail", session.pk)
    return render(
        request,
        "sessions/session_form.html",
        {"form": form, "cohort": cohort, "creating": True},
        status=400 if form.is_bound else 200,
    )


def session_update(request, pk):
    session = _managed_session(request, pk)
    programme = selectors.session_programme(session)
    form = SessionForm(
        request.POST or None,
        instance=session,
        facilitators=selectors.facilitator_choices(
            cohort=session.cohort, programme=programme, session=session
        ),
        steps=selectors.step_choices(programme, session),
        department=selectors.planning_department(programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                actor=request.user,
                session=session,
                data=form.service_data(),
                facilitators=list(form.cleaned_data["facilitators"]),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            for warning in form.warnings:
                messages.warning(request, warning)
            messages.success(request, "Session enregistrée.")
            return redirect("sessions:session_detail", pk)
    session.refresh_from_db()  # the bound form changed the instance in memory
    return render(
        request,
        "sessions/session_form.html",
        {"form": form, "session": session, "cohort": session.cohort, "creating": False},
        status=400 if form.is_bound else 200,
    )


# --- The session page -----------------------------------------------------------------------------


def session_detail(request, pk, cancel_form=None, document_form=None, status=200):
    session = _visible_session(request, pk)
    user = request.user
    can_manage = policies.can_manage_session(user, session)
    can_read_documents = policies.can_read_session_documents(user, session)
    rows = selectors.attendance_rows(session)
    mine = session.participants.filter(user=user).first()
    my_row = next((row for row in rows if row.user.pk == user.pk), None)
    opens, closes = selectors.signing_window(session)
    counts = selectors.attendance_rate(session)
    context = {
        "session": session,
        "programme": selectors.session_programme(session),
        "can_manage": can_manage,
        "rows": rows,
        # Names of the people registered to an open session stay with its managers.
        "show_people": can_manage or not session.is_open,
        "counts": counts,
        "mine": mine,
        # The buttons follow the transitions the lifecycles and the policy allow now.
        "my_transitions": policies.allowed_participant_transitions(user, mine) if mine else set(),
        "session_transitions": policies.allowed_session_transitions(user, session),
        "cancellation": selectors.session_cancellation(session) if session.is_cancelled else None,
        "my_row": my_row,
        "signing_open": selectors.is_signing_open(session),
        "signing_opens": opens,
        "signing_closes": closes,
        "is_past": closes < timezone.now(),
        "waitlist": session.participants.filter(status=P.WAITLISTED).count()
        if session.is_open
        else 0,
        "can_read_documents": can_read_documents,
        "documents": session.documents.all() if can_read_documents else [],
        "ends_at": session.starts_at + timedelta(minutes=session.duration_minutes),
        "is_full": session.capacity is not None and counts.expected >= session.capacity,
    }
    if session.is_open and not session.is_cancelled and session.starts_at > timezone.now():
        organisations = organisations_of(user)
        context["register_form"] = (
            RegisterForm(organisations=organisations) if organisations.exists() else None
        )
    if can_manage:
        context |= {
            "cancel_form": cancel_form or CancelForm(),
            "document_form": document_form or DocumentForm(),
        }
    return render(request, "sessions/session_detail.html", context, status=status)


def _names(recipients) -> str:
    """« Camille Roux (Recyclerie du Bessin), contact@… (Tiers-lieu) » for a confirmation."""
    names = []
    for recipient in recipients:
        who = str(recipient.user) if isinstance(recipient, Participant) else recipient.email
        names.append(f"{who} ({recipient.organisation.name})" if recipient.organisation else who)
    return ", ".join(names)


def _cancel_consequences(session, reason: str) -> list[str]:
    recipients = selectors.session_recipients(session, statuses=[P.EXPECTED, P.WAITLISTED])
    when = date_fr(session.starts_at, weekday=True, time=True)
    told = (
        f"Un e-mail d'annulation avec ce motif, et le fichier .ics qui retire la session de "
        f"leur agenda, part vers {len(recipients)} personne{'s' if len(recipients) > 1 else ''} "
        f": {_names(recipients)}."
        if recipients
        else "Personne n'est inscrit ni invité : aucun e-mail ne part."
    )
    return [
        f"La session « {session.title} » du {when} sera annulée ; elle ne pourra pas être "
        "rétablie (il faudra en créer une nouvelle).",
        f"Motif : « {reason} ».",
        told,
    ]


@require_POST
def session_cancel(request, pk):
    session = _managed_session(request, pk)
    form = CancelForm(request.POST)
    allowed = policies.allowed_session_transitions(request.user, session)
    if form.is_valid() and "cancel" in allowed and not is_confirmed(request):
        return confirmation_page(
            request,
            title=f"Annuler la session « {session.title} » ?",
            consequences=_cancel_consequences(session, form.cleaned_data["reason"]),
            action_label="Annuler la session et prévenir",
            cancel_url=reverse("sessions:session_detail", args=[pk]),
            danger=True,
        )
    if form.is_valid():
        try:
            services.session_cancel(
                actor=request.user, session=session, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "forbidden_transition":
                return _refused(request, error, pk)  # the form is no longer on the page
            _form_errors(form, error)
        else:
            messages.success(request, "Session annulée ; les participant·es ont été prévenu·es.")
            return redirect("sessions:session_detail", pk)
    return session_detail(request, pk, cancel_form=form, status=400)


@require_POST
def session_participants_invite(request, pk):
    session = _managed_session(request, pk)
    try:
        invitations = services.session_participants_invite(actor=request.user, session=session)
    except ValidationError as error:
        return _refused(request, error, pk)
    if invitations.addresses or invitations.unreachable:
        _invitations_told(request, invitations, done="")
    else:
        messages.success(request, "La liste était à jour.")
    return redirect("sessions:session_detail", pk)


# --- Documents ------------------------------------------------------------------------------------


@require_POST
def session_document_add(request, pk):
    session = _managed_session(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.session_document_add(
                actor=request.user, session=session, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, "Document ajouté.")
            return redirect("sessions:session_detail", pk)
    return session_detail(request, pk, document_form=form, status=400)


def session_document(request, pk, document_pk):
    session = get_visible_or_404(policies.readable_sessions(request.user), pk=pk)
    document = get_visible_or_404(session.documents.all(), pk=document_pk)
    return private_file_response(document.file, download_name=document.file.name.rsplit("/", 1)[-1])


@require_POST
def session_document_remove(request, pk, document_pk):
    session = _managed_session(request, pk)
    # Read through the session's manager, the document already knows its session.
    document = get_visible_or_404(session.documents.all(), pk=document_pk)
    services.session_document_remove(actor=request.user, document=document)
    messages.success(request, "Document retiré.")
    return redirect("sessions:session_detail", pk)


# --- Open sessions: registration ------------------------------------------------------------------


def open_sessions(request):
    sessions = selectors.session_list(
        selectors.upcoming(
            policies.visible_sessions(request.user).filter(kind__in=OPEN_KINDS)
        ).order_by("starts_at")
    )
    return render(
        request,
        "sessions/open_sessions.html",
        {"months": selectors.by_month(selectors.with_attendance_counts(sessions))},
    )


@require_POST
def session_register(request, pk):
    session = _visible_session(request, pk)
    organisations = organisations_of(request.user)
    form = RegisterForm(request.POST, organisations=organisations)
    try:
        participant = services.session_register(
            actor=request.user,
            session=session,
            organisation=form.cleaned_data["organisation"] if form.is_valid() else None,
        )
    except ValidationError as error:
        return _refused(request, error, pk)
    if participant.status == P.WAITLISTED:
        messages.warning(
            request,
            "La session est complète : vous êtes sur la liste d'attente. "
            "Vous serez prévenu·e par e-mail si une place se libère.",
        )
    else:
        messages.success(request, "Vous êtes inscrit·e ; l'invitation vous a été envoyée.")
    return redirect("sessions:session_detail", pk)


def _unregister_consequences(session, mine: Participant) -> list[str]:
    if mine.status == P.WAITLISTED:
        return [
            f"Vous quitterez la liste d'attente de « {session.title} » : vous ne serez plus "
            "prévenu·e si une place se libère.",
            "Pour y revenir, il faudra vous réinscrire, en dernière position.",
        ]
    waiting = session.participants.filter(status=P.WAITLISTED).exists()
    return [
        "Votre place sera libérée et proposée à la première personne en liste d'attente, "
        "qui en sera prévenue par e-mail."
        if waiting
        else "Votre place sera libérée pour une autre personne.",
        "Vous recevrez un e-mail de désinscription dont le fichier .ics retire la session de "
        "votre agenda.",
        "Pour revenir, il faudra vous réinscrire"
        + (", après les personnes en liste d'attente." if waiting else "."),
    ]


@require_POST
def session_unregister(request, pk):
    session = _visible_session(request, pk)
    mine = session.participants.filter(user=request.user).first()
    allowed = policies.allowed_participant_transitions(request.user, mine) if mine else set()
    if mine is not None and "cancel" in allowed and not is_confirmed(request):
        waitlisted = mine.status == P.WAITLISTED
        return confirmation_page(
            request,
            title=f"Quitter la liste d'attente de « {session.title} » ?"
            if waitlisted
            else f"Vous désinscrire de « {session.title} » ?",
            consequences=_unregister_consequences(session, mine),
            action_label="Quitter la liste d'attente" if waitlisted else "Me désinscrire",
            cancel_url=reverse("sessions:session_detail", args=[pk]),
            danger=True,
        )
    try:
        services.session_unregister(actor=request.user, session=session)
    except ValidationError as error:
        return _refused(request, error, pk)
    messages.success(request, "Votre inscription est annulée.")
    return redirect("sessions:session_detail", pk)


# --- Attendance -----------------------------------------------------------------------------------


def _person(request, session):
    form = PersonForm(request.POST)
    if not form.is_valid():
        raise Http404
    return selectors.person(form.cleaned_data["user"])


@require_POST
def attendance_sign(request, pk):
    session = _visible_session(request, pk)
    try:
        attendance_services.attendance_sign(
            actor=request.user, session=session, user=_person(request, session)
        )
    except ValidationError as error:
        return _refused(request, error, pk)
    messages.success(request, "Merci : votre présence est enregistrée.")
    return redirect("sessions:session_detail", pk)


@require_POST
def attendance_mark(request, pk):
    session = _managed_session(request, pk)
    person = _person(request, session)
    present = request.POST.get("present") == "1"
    try:
        if person is None:
            raise ValidationError("Cette personne n'est pas inscrite à la session.")
        if present:
            attendance_services.attendance_mark(actor=request.user, session=session, user=person)
        else:
            attendance_services.attendance_unmark(actor=request.user, session=session, user=person)
    except ValidationError as error:
        return _refused(request, error, pk)
    messages.success(
        request, f"{person} noté·e présent·e." if present else f"Pointage de {person} retiré."
    )
    return redirect("sessions:session_detail", pk)


def attendance_sheet(request, pk):
    session = _managed_session(request, pk)
    try:
        pdf = attendance_services.attendance_sheet_pdf(session)
    except attendance_services.PdfUnavailable:
        return HttpResponse(
            "La feuille d'émargement PDF n'est pas disponible sur ce serveur "
            "(bibliothèques de WeasyPrint absentes).",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    day = timezone.localtime(session.starts_at, PARIS)
    response["Content-Disposition"] = (
        f'attachment; filename="emargement-{day:%Y-%m-%d}-session-{session.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Planner --------------------------------------------------------------------------------------


def session_plan(request, cohort_pk):
    """Propose a series (holidays skipped), let the advisor edit or untick dates, save at once."""
    cohort = _managed_cohort(request, cohort_pk)
    choices = {
        "facilitators": selectors.facilitator_choices(cohort=cohort),
        "steps": cohort.programme.steps.all(),
    }
    context = {"cohort": cohort, "rows": None, "formset": None, "blocking": False}
    department = selectors.planning_department(cohort.programme)  # Alsace-Moselle's holidays
    if request.method != "POST":
        context["form"] = PlanForm(**choices)
        return render(request, "sessions/plan.html", context)
    form = PlanForm(request.POST, **choices)
    action = request.POST.get("action", "propose")
    context["form"] = form
    if not form.is_valid():
        if action != "propose":
            context["formset"] = PlanRowFormSet(request.POST, prefix="rows")
            context["rows"] = _plan_rows(context["formset"], form, department)
        return render(request, "sessions/plan.html", context, status=400)
    data = form.cleaned_data
    if action == "propose":
        proposals = series_propose(
            start_date=data["start_date"],
            weekday=data["weekday"],
            at=data["at"],
            interval_weeks=data["interval_weeks"],
            count=data["count"],
            until=data["until"],
            department=department,
        )
        formset = PlanRowFormSet(
            prefix="rows",
            initial=[
                {
                    "keep": True,
                    "day": p.day,
                    "at": p.at,
                    "moved_from": p.moved_from,
                    "holiday": p.holiday,
                }
                for p in proposals
            ],
        )
        context["formset"], context["rows"] = formset, _plan_rows(formset, form, department)
        context["blocking"] = any(check.needs_confirmation for _f, check in context["rows"])
        return render(request, "sessions/plan.html", context)
    formset = PlanRowFormSet(request.POST, prefix="rows")
    rows = _plan_rows(formset, form, department)
    context["formset"], context["rows"] = formset, rows
    kept = [check for row, check in rows if row.is_valid() and row.cleaned_data["keep"]]
    context["blocking"] = any(check.needs_confirmation for check in kept)
    if action != "save" or not formset.is_valid():
        return render(
            request, "sessions/plan.html", context, status=200 if action != "save" else 400
        )
    if not kept:
        form.add_error(None, "Gardez au moins une séance.")
    elif context["blocking"] and not data["confirm"]:
        form.add_error(
            "confirm",
            "Des dates sont passées ou tombent un jour férié : cochez la case pour confirmer, "
            "ou modifiez-les.",
        )
    else:
        try:
            sessions = services.sessions_plan(
                actor=request.user,
                cohort=cohort,
                starts=[check.starts_at for check in kept],
                kind=data["kind"],
                title=data["title"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                video_url=data["video_url"],
                facilitators=list(data["facilitators"]),
                agenda=data["agenda"],
                methodology_step=data["methodology_step"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            _invitations_told(
                request,
                services.Invitations.merge(s.invitations for s in sessions),
                done=f"{len(sessions)} séance{'s' if len(sessions) > 1 else ''} "
                f"planifiée{'s' if len(sessions) > 1 else ''}.",
            )
            return redirect("sessions:cohort_calendar", cohort.pk)
    return render(request, "sessions/plan.html", context, status=400)


def _plan_rows(formset, form, department):
    """Pair each row form with what the planner says about its date (past, holiday, overlap)."""
    starts, kept, moves = [], [], []
    for row in formset.forms:
        if formset.is_bound:
            data = row.cleaned_data if row.is_valid() else {}
        else:
            data = {**row.initial, "keep": True}
        day, at = data.get("day"), data.get("at")
        starts.append(paris_datetime(day, at) if day and at else None)
        kept.append(bool(data.get("keep")))
        moves.append((data.get("moved_from"), data.get("holiday") or ""))
    data = form.cleaned_data if form.is_valid() else {}
    checks = selectors.planner_checks(
        starts,
        duration_minutes=data.get("duration_minutes") or 0,
        facilitators=list(data.get("facilitators") or []),
        kept=kept,
        department=department,
    )
    for check, (moved_from, holiday) in zip(checks, moves, strict=True):
        check.moved_from, check.moved_holiday = moved_from, holiday
    return list(zip(formset.forms, checks, strict=True))


# --- Co-development -------------------------------------------------------------------------------


def codev_detail(request, pk):
    session = _visible_session(request, pk)
    if session.kind != SessionKind.CODEV:
        raise Http404
    can_manage = policies.can_manage_session(request.user, session)
    codev = selectors.codev_for(session)
    people = sorted(
        {
            *(
                p.user
                for p in session.participants.filter(status=P.EXPECTED).select_related("user")
            ),
            *session.facilitators.all(),
        },
        key=lambda u: (u.last_name.lower(), u.first_name.lower(), u.email),
    )
    form = None
    # A cancelled session's séance is read only; a form sent from an older page gets its refusal.
    if can_manage and (request.method == "POST" or not session.is_cancelled):
        form = CodevForm(request.POST or None, codev=codev, people=people)
        if request.method == "POST" and form.is_valid():
            try:
                services.codev_save(actor=request.user, session=session, **form.service_kwargs())
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, "Séance de co-développement enregistrée.")
                return redirect("sessions:codev", pk)
    elif request.method == "POST":
        ensure(False)
    stages = _codev_stages(codev)
    index = codev.current_stage
    current = stages[index] if index is not None and index < len(stages) else None
    return render(
        request,
        "sessions/codev.html",
        {
            "session": session,
            "codev": codev,
            "form": form,
            "can_manage": can_manage,
            "stages": stages,
            "current": current,
            "finished": codev.current_stage is not None and codev.current_stage >= len(stages),
            "roles": [
                (person, CODEV_ROLES.get((codev.roles or {}).get(str(person.pk), ""), ""))
                for person in people
            ],
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _codev_stages(codev) -> list[dict]:
    stages = []
    for index, stage in enumerate(codev.stages):
        item = {**stage, "index": index, "number": index + 1, "hint": stage_hint(stage["key"])}
        if index == codev.current_stage and codev.stage_started_at:
            item |= stage_timer(
                started_at=codev.stage_started_at, minutes=stage["minutes"], now=timezone.now()
            )
        stages.append(item)
    return stages


@require_POST
def codev_stage_next(request, pk):
    session = _managed_session(request, pk)
    if session.kind != SessionKind.CODEV:
        raise Http404
    try:
        services.codev_stage_next(actor=request.user, session=session)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("sessions:codev", pk)
