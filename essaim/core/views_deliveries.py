from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .selectors import SHOWN, email_failures_of
from .services import email_failures_dismiss


def email_failures(request):
    """The e-mails the person's own actions could not send; posting dismisses the alert."""
    if request.method == "POST":
        email_failures_dismiss(actor=request.user)
        back = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            return redirect(back)
        return redirect("core:email_failures")
    failures = email_failures_of(request.user.pk)[:SHOWN]
    return render(request, "core/email_failures.html", {"failures": failures})
