from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def contact_email():
    """The address people in trouble may write to (CONTACT_EMAIL); "" when none is set.

    A tag rather than a context processor: the 500 and 413 pages render without a request.
    """
    return settings.CONTACT_EMAIL
