"""A confirmation step before actions that cannot be undone (an e-mail leaves, a file closes).

The action's form posts as usual; while ``confirmed`` is absent, the view answers with a page
that says what will happen and to whom and re-posts the same fields with ``confirmed=1``. It
works without JavaScript and keeps keyboard and screen-reader users on an ordinary page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    consequences: list[str],
    action_label: str,
    cancel_url: str,
    danger: bool = False,
    action_url: str | None = None,
) -> HttpResponse:
    """The page asking to confirm; every posted field is carried over unchanged."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "action_label": action_label,
            "cancel_url": cancel_url,
            "danger": danger,
            "action_url": action_url or request.path,
            "fields": fields,
            "confirm_field": CONFIRM_FIELD,
        },
    )
