from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import commune_label
from .selectors import commune_search


@login_not_required  # public reference data, used by the sign-up and directory forms
@require_GET
def commune_search_view(request):
    """Options for the commune picker; the query is the value of the input named by `field`."""
    query = request.GET.get(request.GET.get("field", "q"), "")[:80]
    communes = commune_search(query).prefetch_related("postal_codes")
    return render(
        request,
        "territories/includes/commune_options.html",
        {"labels": [commune_label(c) for c in communes]},
    )
