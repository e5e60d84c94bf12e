from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from essaim.core.confirm import confirmation_page, is_confirmed
from essaim.core.french import date_range_fr
from essaim.core.lifecycle import Transition
from essaim.core.policies import ensure, get_visible_or_404
from essaim.programmes import policies as programme_policies

from .. import policies, selectors
from ..forms import AcceptForm, CohortForm, CompositionForm, MembershipStatusForm
from ..models import (
    COMPOSITION_LIFECYCLE,
    MEMBERSHIP_LIFECYCLE,
    CohortMembership,
    CompositionRun,
)
from ..services import composition as composition_services
from ..services import membership as membership_services
from ..services.membership import membership_change_status


def _managed_call(request, slug):
    call = get_visible_or_404(
        programme_policies.visible_calls(request.user).select_related("programme"), slug=slug
    )
    ensure(programme_policies.can_manage_programme(request.user, call.programme))
    return call


def composition_start(request, slug):
    call = _managed_call(request, slug)
    _candidates, index = composition_services.call_candidates(call)
    themes = [theme.name for theme in call.themes.all()]
    form = CompositionForm(request.POST or None, candidates=index, themes=themes)
    if request.method == "POST" and form.is_valid():
        try:
            run = composition_services.composition_run_create(
                actor=request.user, call=call, options=form.options(), pins=form.pins()
            )
            return redirect("cohorts:composition_run", run.pk)
        except ValidationError as error:
            form.add_error(None, error)
    runs = call.composition_runs.select_related("created_by")[:5]
    return render(
        request,
        "cohorts/composition_start.html",
        {"call": call, "form": form, "candidates": index, "runs": runs},
        status=400 if form.errors else 200,
    )


def _managed_run(request, pk):
    return get_visible_or_404(
        selectors.composition_run_for_page(policies.visible_composition_runs(request.user)), pk=pk
    )


def _board_context(request, run, *, accept_form=None, announcement="", moved=""):
    cohorts = composition_services.run_board(run)
    names = {c["index"]: c["name"] for c in cohorts}
    # Moving organisations and accepting are offered while the lifecycle and the policy allow it.
    can_accept = "accept" in policies.allowed_composition_transitions(request.user, run)
    acceptance = None  # when and by whom, from the run's log
    if run.status == CompositionRun.Status.ACCEPTED:
        acceptance = run.transitions.select_related("actor").filter(transition="accept").last()
    return {
        "run": run,
        "cohorts": cohorts,
        "total": sum(c["score"] for c in cohorts),
        "proposed_total": run.result["objective"],
        "edited": composition_services.is_edited(run),
        "cohort_choices": [
            (i, names.get(i, f"Cohorte vide n° {i + 1}")) for i in range(len(run.result["cohorts"]))
        ],
        "can_accept": can_accept,
        "accept_form": accept_form or AcceptForm(),
        "overruns": composition_services.composition_overruns(run) if can_accept else [],
        "acceptance": acceptance,
        "announcement": announcement,
        "moved": moved,
    }


def composition_run(request, pk):
    run = _managed_run(request, pk)
    return render(request, "cohorts/composition_run.html", _board_context(request, run))


@require_POST
def composition_move(request, pk):
    run = _managed_run(request, pk)
    candidate = request.POST.get("candidate", "")
    before = {c["index"]: c["score"] for c in composition_services.run_scores(run)}
    try:
        run = composition_services.composition_move(
            actor=request.user, run=run, candidate_id=candidate, to_index=int(request.POST["to"])
        )
    except (ValidationError, ValueError, KeyError) as error:
        messages.error(request, getattr(error, "messages", ["Déplacement impossible."])[0])
        moved = False
    else:
        moved = True
    context = _board_context(request, run, moved=candidate if moved else "")
    if moved:
        # Said by the page's live region: the board itself is replaced, focus kept by id.
        context["announcement"] = composition_services.move_announcement(
            context["cohorts"], before=before, moved=candidate
        )
    if request.htmx:
        return render(request, "cohorts/includes/composition_board.html", context)
    if moved:
        messages.success(request, context["announcement"])
    return redirect("cohorts:composition_run", run.pk)


def _accept_consequences(run, cohorts, data, overruns) -> list[str]:
    count = sum(len(c["members"]) for c in cohorts)
    names = ", ".join(f"{c['name']} ({len(c['members'])})" for c in cohorts)
    consequences = [
        f"{count} structures seront réparties en {len(cohorts)} cohorte"
        f"{'s' if len(cohorts) > 1 else ''} : {names}.",
        "Les cohortes apparaîtront aux structures concernées ; aucun e-mail n'est envoyé.",
        "La composition ne pourra plus être modifiée ; les changements se feront ensuite "
        "membre par membre.",
    ]
    period = date_range_fr(data.get("start_date"), data.get("end_date"))
    if period:
        consequences.append(f"Période des cohortes : {period}.")
    for overrun in overruns:
        consequences.append(f"Dépassement accepté : {overrun}")
    if overruns:
        consequences.append(f"Motif enregistré dans le journal : « {data['override_reason']} ».")
    return consequences


@require_POST
def composition_accept(request, pk):
    run = _managed_run(request, pk)
    if "accept" not in policies.allowed_composition_transitions(request.user, run):
        # Its managers reach this far: the run's status refuses (accepted in another tab).
        messages.error(request, COMPOSITION_LIFECYCLE.refuse(run, "accept").messages[0])
        return redirect("cohorts:composition_run", run.pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        overruns = composition_services.composition_overruns(run)
        if overruns and not form.cleaned_data["override_reason"].strip():
            form.add_error(
                "override_reason",
                [*overruns, "Pour accepter malgré tout, indiquez le motif du dépassement."],
            )
        elif not is_confirmed(request):
            cohorts = composition_services.run_board(run)
            return confirmation_page(
                request,
                title="Accepter cette composition ?",
                consequences=_accept_consequences(run, cohorts, form.cleaned_data, overruns),
                action_label="Accepter et créer les cohortes",
                cancel_url=reverse("cohorts:composition_run", args=[run.pk]),
            )
        else:
            try:
                cohorts = composition_services.composition_accept(
                    actor=request.user, run=run, **form.cleaned_data
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"{len(cohorts)} cohorte{'s' if len(cohorts) > 1 else ''} créée"
                    f"{'s' if len(cohorts) > 1 else ''} : {', '.join(c.name for c in cohorts)}.",
                )
                return redirect("cohorts:list", run.call.programme.slug)
    return render(
        request,
        "cohorts/composition_run.html",
        _board_context(request, run, accept_form=form),
        status=400,
    )


def cohort_list(request, slug):
    programme = get_visible_or_404(programme_policies.visible_programmes(request.user), slug=slug)
    cohorts = (
        policies.visible_cohorts(request.user)
        .filter(programme=programme)
        .select_related("theme")
        .prefetch_related("memberships")
    )
    return render(
        request,
        "cohorts/cohort_list.html",
        {
            "programme": programme,
            "cohorts": cohorts,
            "can_manage": programme_policies.can_manage_programme(request.user, programme),
            "calls": programme.calls.exclude(status="draft"),
        },
    )


def _allowed(user, membership) -> list[Transition]:
    """The membership's transitions the policy lets this user take, in the lifecycle's order."""
    allowed = policies.allowed_membership_transitions(user, membership)
    return [t for t in MEMBERSHIP_LIFECYCLE.available(membership) if t.name in allowed]


def _status_form(membership, transitions, data=None) -> MembershipStatusForm:
    # Ids per membership ("reason-12"): the error summary links to the field that was typed in.
    return MembershipStatusForm(data, transitions=transitions, auto_id=f"%s-{membership.pk}")


def cohort_detail(request, pk, failed_form=None, failed_membership=None):
    cohort = get_visible_or_404(
        selectors.cohort_for_page(policies.visible_cohorts(request.user)), pk=pk
    )
    # Each member with the form of the moves its status allows now, if this user may make them.
    members = []
    for membership in cohort.memberships.all():
        transitions = _allowed(request.user, membership)
        form = None
        if transitions:
            form = failed_form if membership.pk == failed_membership else None
            form = form or _status_form(membership, transitions)
        members.append({"membership": membership, "status_form": form})
    # Its sessions, attendance and hours come from the sessions app's template tags.
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "members": members,
            "can_manage": policies.can_manage_cohort(request.user, cohort),
            "failed_form": failed_form,
            "failed_membership": failed_membership,
        },
        status=400 if failed_form else 200,
    )


@require_POST
def membership_status(request, pk):
    membership = get_visible_or_404(
        selectors.membership_for_status(policies.visible_memberships(request.user)), pk=pk
    )
    ensure(policies.can_manage_cohort(request.user, membership.cohort))
    form = _status_form(membership, _allowed(request.user, membership), request.POST)
    if form.is_valid():
        transition = MEMBERSHIP_LIFECYCLE[form.cleaned_data["transition"]]
        if transition.target == CohortMembership.Status.WITHDRAWN and not is_confirmed(request):
            return confirmation_page(
                request,
                title=f"Sortie du programme de {membership.organisation.name} ?",
                consequences=_withdrawal_consequences(membership, form.cleaned_data["reason"]),
                action_label="Confirmer la sortie",
                cancel_url=reverse("cohorts:detail", args=[membership.cohort_id]),
                danger=True,
            )
        try:
            membership_change_status(actor=request.user, membership=membership, **form.cleaned_data)
            messages.success(request, "Statut mis à jour.")
            return redirect("cohorts:detail", membership.cohort_id)
        except ValidationError as error:
            form.add_error(None, error)
    return cohort_detail(
        request, membership.cohort_id, failed_form=form, failed_membership=membership.pk
    )


def _withdrawal_consequences(membership, reason: str) -> list[str]:
    organisation, cohort = membership.organisation.name, membership.cohort.name
    return [
        f"{organisation} sortira de la cohorte « {cohort} » ; cette sortie est définitive.",
        "Ses membres ne verront plus la cohorte ; ils gardent les sessions auxquelles ils "
        "étaient invités.",
        f"Motif enregistré dans l'historique du membre : « {reason} ».",
    ]


def cohort_update(request, pk):
    cohort = get_visible_or_404(
        policies.visible_cohorts(request.user).select_related("programme"), pk=pk
    )
    ensure(policies.can_manage_cohort(request.user, cohort))
    programme = cohort.programme
    form = CohortForm(
        request.POST or None,
        instance=cohort,
        advisors=selectors.advisor_choices(programme),
        experts=programme.experts.all(),
    )
    if request.method == "POST" and form.is_valid():
        membership_services.cohort_update(
            actor=request.user,
            cohort=cohort,
            data=form.service_data(),
            advisors=form.cleaned_data["advisors"],
            experts=form.cleaned_data["experts"],
        )
        messages.success(request, "La cohorte a été mise à jour.")
        return redirect("cohorts:detail", cohort.pk)
    return render(request, "cohorts/cohort_form.html", {"form": form, "cohort": cohort})
