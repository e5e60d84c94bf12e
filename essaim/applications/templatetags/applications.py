from django import template

from ..selectors import apply_box as apply_box_context
from ..services import APPLICANT_ITEMS

register = template.Library()


@register.filter
def item_label(key: str) -> str:
    """The French name of an item an advisor can reopen (« Pièces jointes »…)."""
    return APPLICANT_ITEMS.get(key, key)


@register.inclusion_tag("applications/includes/apply_box.html", takes_context=True)
def apply_box(context, call):
    """The call page's apply box, rendered here so that programmes never imports applications.
    The box links and posts: it gets the page's request, user and CSRF token."""
    user = context["request"].user
    return {
        "call": call,
        "apply": apply_box_context(user, call),
        "request": context["request"],
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }
