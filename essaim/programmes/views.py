from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from essaim.core.policies import get_visible_or_404

from . import policies, selectors


@login_not_required  # published programmes are public
def programme_list(request):
    programmes = selectors.programme_list(policies.visible_programmes(request.user))
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


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
    return render(request, "programmes/call_detail.html", {"call": call})
