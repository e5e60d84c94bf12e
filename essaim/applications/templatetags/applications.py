from django import template

from ..services import APPLICANT_ITEMS

register = template.Library()


@register.filter
def item_label(key: str) -> str:
    """The French name of an item an advisor can reopen (« Pièces jointes »…)."""
    return APPLICANT_ITEMS.get(key, key)
