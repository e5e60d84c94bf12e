from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .services import email_failures_dismiss

SHOWN = 100


def email_failures(request):
    """The e-mails the person's own actions could not send; posting dismisses the alert."""
    if request.method == "POST":
        email_failures_dismiss(actor=request.user)
        back = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            return redirect(back)
        return redirect("core:email_failures")
    failures = request.user.email_failures.all()[:SHOWN]
    return render(request, "core/email_failures.html", {"failures": failures})
