from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from essaim.applications import selectors as application_selectors
from essaim.applications.models import CoApplicant, ExpertOpinion
from essaim.cohorts.policies import visible_cohorts
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
    user = request.user
    my_organisations = organisations_of(user)
    return render(
        request,
        "core/dashboard.html",
        {
            "my_organisations": my_organisations.with_location(),
            "invitations": CoApplicant.objects.filter(
                organisation__in=my_organisations, status=CoApplicant.Status.INVITED
            ).select_related("application__organisation", "application__call"),
            "pending_opinions": ExpertOpinion.objects.filter(
                expert=user, answered_at__isnull=True
            ).select_related("application__organisation", "application__call"),
            "my_cohorts": visible_cohorts(user)
            .select_related("programme")
            .order_by("-start_date")[:10],
            "worklist": application_selectors.advisor_worklist(user),
        },
    )


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")
