from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from essaim.core.policies import ensure, get_visible_or_404

from . import policies, selectors, services
from .filters import OrganisationFilter
from .forms import OrganisationForm

PAGE_SIZE = 20


@login_not_required  # the directory's public part is open to visitors
def organisation_list(request):
    queryset = policies.visible_organisations(request.user).with_location()
    filterset = OrganisationFilter(request.GET, queryset=queryset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "organisations/includes/organisation_results.html"
        if request.htmx
        else "organisations/organisation_list.html"
    )
    return render(request, template, {"filter": filterset, "page": page})


@login_not_required
def organisation_detail(request, slug):
    queryset = policies.visible_organisations(request.user)
    organisation = get_visible_or_404(selectors.organisation_detail(queryset, slug))
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": policies.can_edit(request.user, organisation),
            "can_view_private": policies.can_view_private(request.user, organisation),
        },
    )


def organisation_create(request):
    ensure(policies.can_create(request.user))
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=request.user,
                data=form.service_data(),
                networks=form.cleaned_data["networks"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"La structure « {organisation.name} » a été créée.")
            # Someone who came from an invitation goes back to it (the form keeps ?next=).
            next_url = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                return redirect(next_url)
            return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/organisation_form.html", {"form": form, "creating": True})


def organisation_update(request, slug):
    queryset = policies.visible_organisations(request.user)
    organisation = get_visible_or_404(selectors.organisation_detail(queryset, slug))
    ensure(policies.can_edit(request.user, organisation))
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                data=form.service_data(),
                networks=form.cleaned_data["networks"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Les modifications ont été enregistrées.")
            return redirect("organisations:detail", slug=organisation.slug)
    return render(
        request,
        "organisations/organisation_form.html",
        {"form": form, "organisation": organisation, "creating": False},
    )
