from django.contrib.auth.models import AnonymousUser

from essaim.accounts.selectors import user_roles

from .navigation import ROLE_LABELS, navigation_for


def navigation(request):
    # The 400 page may render before authentication ran (a refused Host header, for one).
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "nav_items": navigation_for(user),
        "user_role_labels": [ROLE_LABELS[r] for r in sorted(user_roles(user)) if r in ROLE_LABELS],
    }
