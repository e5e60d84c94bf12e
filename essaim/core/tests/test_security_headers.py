"""Security headers of every page: Content-Security-Policy without inline script or style, a
Permissions-Policy switching off what no page uses, a CSRF cookie no script can read.
The walk over every URL (test_url_walk.py) checks the same headers on every HTML page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.sessions import services
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header):
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_pages_carry_a_csp_that_allows_no_inline_script_or_style(client, role_users):
    anonymous = client.get(reverse("portal:home"))
    client.force_login(role_users["member"])
    signed_in = client.get(reverse("portal:dashboard"))

    for response in (anonymous, signed_in):
        assert directives(response["Content-Security-Policy"]) == CSP


def test_pages_switch_off_powerful_browser_features(client):
    header = client.get(reverse("portal:home"))["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial"):
        assert f"{feature}=()" in header


def test_downloads_keep_their_own_stricter_policy(client, role_users):
    # private_file_response sets "default-src 'none'": the site-wide policy must not replace it.
    scenario = cohort_scenario(role_users)
    session = SessionFactory(cohort=scenario["cohort"])
    document = services.session_document_add(
        actor=scenario["advisor"],
        session=session,
        uploaded_file=SimpleUploadedFile("support.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    client.force_login(scenario["member"])

    response = client.get(reverse("sessions:session_document", args=[session.pk, document.pk]))

    assert response["Content-Security-Policy"] == "default-src 'none'"
    response.close()


def test_the_csrf_cookie_is_out_of_reach_of_scripts_and_htmx_sends_the_token_from_the_page(
    role_users,
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(role_users["member"])

    page = client.get(reverse("portal:dashboard"))

    assert page.cookies["csrftoken"]["httponly"] is True
    # htmx reads the token from the page, never from the cookie.
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page.content.decode())[1]
    without = client.post(reverse("account_logout"), headers={"HX-Request": "true"})
    assert without.status_code == 403
    with_token = client.post(
        reverse("account_logout"), headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert with_token.status_code == 302


def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    html = client.get(reverse("portal:home")).content.decode()

    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in html
