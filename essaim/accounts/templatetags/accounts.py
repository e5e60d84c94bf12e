from django import template

from essaim.accounts.policies import mfa_requirement as requirement_of

register = template.Library()

# Session key set when the user postpones the MFA banner: it stays hidden until they sign in again.
MFA_BANNER_DISMISSED = "mfa_banner_dismissed"


@register.simple_tag(takes_context=True)
def mfa_requirement(context, *, banner=False):
    """The signed-in user's pending MFA requirement, or None; with banner=True, None once the
    user has postponed it for this session (the activation page still explains it)."""
    request = context.get("request")
    if request is None or not hasattr(request, "user"):
        return None
    if banner and request.session.get(MFA_BANNER_DISMISSED):
        return None
    return requirement_of(request.user)
