"""The home page and the dashboard: each app gives its part through a selector."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from essaim.applications import selectors as application_selectors
from essaim.cohorts import selectors as cohort_selectors
from essaim.organisations import selectors as organisation_selectors
from essaim.programmes import selectors as programme_selectors


@login_not_required  # the front door: programmes and open calls, for visitors too
def home(request):
    return render(request, "portal/home.html", programme_selectors.home_programmes(request.user))


def dashboard(request):
    """The signed-in user's start page: what their roles give them to do."""
    user = request.user
    return render(
        request,
        "portal/dashboard.html",
        {
            "my_organisations": organisation_selectors.dashboard_organisations(user),
            "my_cohorts": cohort_selectors.dashboard_cohorts(user),
            **application_selectors.dashboard_part(user),
        },
    )
