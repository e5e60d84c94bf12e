"""Middleware of the whole site."""

from django.conf import settings
from django.http import HttpResponse
from django.template import loader

from essaim.core.uploads import format_size


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body exceeds REQUEST_MAX_BYTES, before anything reads it.

    Forms check each file against UPLOAD_MAX_BYTES with a message next to the field; this is
    the backstop for bodies no form of ours sends. It runs before sessions and authentication,
    so the 413 page is rendered without a request, like the 500 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django treats an unreadable length as an empty body
        if declared > settings.REQUEST_MAX_BYTES:
            page = loader.get_template("413.html").render(
                {"limit": format_size(settings.UPLOAD_MAX_BYTES)}
            )
            return HttpResponse(page, status=413)
        return self.get_response(request)
