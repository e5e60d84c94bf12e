from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from essaim.core.policies import ensure, get_visible_or_404

from . import policies, selectors, services
from .filters import OrganisationFilter
from .forms import OrganisationForm

PAGE_SIZE = 20
# Pages past this one ask to refine the search instead of being read: each page deeper costs
# more (the database walks and drops every row before it), and nobody browses past the
# 1,000th structure of a list, while a word, a department or a sector finds it at once.
# Keyset pagination would make deep pages cheap but lose the page numbers a visitor can
# name and return to, and it does not apply to results sorted by relevance.
LAST_PAGE = 50


class BoundedPaginator(Paginator):
    """Counts the rows up to the last page read and one more, never further: counting 200,000
    organisations costs more than the page itself, and past LAST_PAGE nobody reads anyway."""

    limit = LAST_PAGE * PAGE_SIZE

    @cached_property
    def count(self) -> int:
        # Without the order (a search's ranking): the count needs the rows, not their order.
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @property
    def more_than_limit(self) -> bool:
        return self.count > self.limit


def _page_number(value: str | None) -> int:
    """The page asked for; anything that is not a positive whole number is the first page."""
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


@login_not_required  # the directory's public part is open to visitors
def organisation_list(request):
    queryset = selectors.directory(policies.visible_organisations(request.user))
    filterset = OrganisationFilter(request.GET, queryset=queryset)
    paginator = BoundedPaginator(filterset.qs, PAGE_SIZE)
    number = _page_number(request.GET.get("page"))
    too_deep = number > LAST_PAGE
    # A page past the end shows the last one (Paginator.get_page), never more than LAST_PAGE.
    page = None if too_deep else paginator.get_page(number)
    template = (
        "organisations/includes/organisation_results.html"
        if request.htmx
        else "organisations/organisation_list.html"
    )
    return render(
        request,
        template,
        {"filter": filterset, "paginator": paginator, "page": page, "last_page": LAST_PAGE},
    )


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
