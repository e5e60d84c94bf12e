from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from essaim.organisations.policies import organisations_of
from essaim.programmes import policies as programme_policies
from essaim.programmes import selectors as programme_selectors


@login_not_required  # the front door: programmes and open calls, for visitors too
def home(request):
    programmes = programme_selectors.programme_list(
        programme_policies.visible_programmes(request.user)
    )
    calls = programme_selectors.open_calls(programme_policies.visible_calls(request.user))
    return render(request, "core/home.html", {"programmes": programmes, "open_calls": calls})


def dashboard(request):
    """The signed-in user's start page: what their roles give them to do."""
    return render(
        request,
        "core/dashboard.html",
        {"my_organisations": organisations_of(request.user).with_location()},
    )


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")
