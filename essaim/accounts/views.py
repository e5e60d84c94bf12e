from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .templatetags.accounts import MFA_BANNER_DISMISSED


@require_POST
def mfa_banner_dismiss(request):
    """ "Plus tard": hide the MFA invitation until the next sign-in, back to the same page."""
    request.session[MFA_BANNER_DISMISSED] = True
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "portal:dashboard"
    return redirect(next_url)
