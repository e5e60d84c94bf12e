from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from .policies import mfa_requirement

# What stays reachable once the grace period is over: MFA set-up itself (allauth's mfa_* views),
# confirming the password it asks for, signing out, and the pages everyone may read.
ALLOWED_VIEWS = {
    "account_logout",
    "account_reauthenticate",
    "core:accessibility",
    "set_language",
}


class MfaRequiredMiddleware:
    """Send administrators and advisors past their grace period to the TOTP activation page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name
        if (
            view_name in ALLOWED_VIEWS
            or view_name.startswith("mfa_")
            or request.path.startswith(settings.STATIC_URL)
        ):
            return None
        requirement = mfa_requirement(request.user)
        if requirement is None or not requirement.overdue:
            return None
        url = reverse("mfa_activate_totp")
        if request.htmx:
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
