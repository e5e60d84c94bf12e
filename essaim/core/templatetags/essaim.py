from django import template

from essaim.core.forms import style_widgets

register = template.Library()


@register.filter
def styled(form):
    """Give a third-party form (allauth) the design system's classes before rendering it."""
    style_widgets(form)
    return form
