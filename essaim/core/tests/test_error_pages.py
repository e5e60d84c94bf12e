"""The error pages people meet (400, 403, 404, 500, 413, expired form): in French, in the site's
layout, saying what happened and where to go. Test settings run with DEBUG=False, as production."""

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import loader
from django.test import Client, override_settings
from django.urls import path, reverse

from config.urls import urlpatterns as site_urlpatterns
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@login_not_required
def boom(request):
    raise RuntimeError("a bug")


# A view that fails, alongside the site's own URLs the 500 page links to.
urlpatterns = [path("boum/", boom), *site_urlpatterns]


def assert_site_page(html, *, title, code):
    assert settings.DEBUG is False
    assert '<html lang="fr">' in html
    assert f"<title>{title} · essaim</title>" in html
    assert f"Erreur {code}" in html
    assert 'href="/static/core/css/essaim.css"' in html  # the site's look
    assert '<a href="/tableau-de-bord/">Mon tableau de bord</a>' in html
    assert "<a href=\"/\">La page d'accueil d'essaim</a>" in html
    assert "Besoin d'aide ?" in html


def test_a_missing_page_answers_the_french_404_in_the_site_layout(client, role_users):
    client.force_login(role_users["funder"])

    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    html = response.content.decode()
    assert_site_page(html, title="Page introuvable", code=404)
    assert "n'est pas accessible avec votre compte" in html
    assert "Se déconnecter" in html  # the signed-in header, with the person's menu


def test_a_refused_action_answers_the_french_403_in_the_site_layout(client, role_users):
    scenario = cohort_scenario(role_users)
    # The member sees the cohort but may not edit it.
    client.force_login(scenario["member"])

    response = client.get(reverse("cohorts:update", args=[scenario["cohort"].pk]))

    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, title="Accès refusé", code=403)
    assert "Forbidden" not in html


@pytest.mark.urls(__name__)
def test_a_server_error_answers_the_french_500_without_needing_the_request():
    client = Client(raise_request_exception=False)

    response = client.get("/boum/")

    assert response.status_code == 500
    assert_site_page(response.content.decode(), title="Erreur du serveur", code=500)
    # Django renders it with no context at all: nothing in it may need the user or the session.
    assert "Une erreur est survenue de notre côté" in loader.render_to_string("500.html")


def test_a_bad_request_answers_the_french_400():
    response = Client(raise_request_exception=False).get("/", headers={"host": "pirate.example"})

    assert response.status_code == 400
    assert_site_page(response.content.decode(), title="Requête incorrecte", code=400)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_with_too_much_text_answers_the_french_400(client, role_users):
    client.force_login(role_users["member"])

    response = client.post(reverse("organisations:create"), {"name": "x" * 2000})

    assert response.status_code == 400
    assert "formulaire trop volumineux" in response.content.decode()


def test_an_expired_form_answers_the_french_403_instead_of_django_s_csrf_page(role_users):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "a@exemple.fr", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, title="Formulaire expiré", code=403)
    assert "CSRF" not in html


@override_settings(UPLOAD_MAX_BYTES=1024, REQUEST_MAX_BYTES=4096)
def test_an_oversized_upload_answers_the_french_413_and_stores_nothing(client, role_users):
    scenario = cohort_scenario(role_users)
    session = SessionFactory(cohort=scenario["cohort"])
    client.force_login(scenario["advisor"])
    url = reverse("sessions:session_document_add", args=[session.pk])

    too_big = SimpleUploadedFile("diaporama.pdf", b"%PDF-1.4\n" + b"%" * 8000)
    response = client.post(url, {"file": too_big})

    assert response.status_code == 413
    html = response.content.decode()
    assert_site_page(html, title="Envoi trop volumineux", code=413)
    assert "un document ne peut pas dépasser 1 Ko" in html
    assert not session.documents.exists()

    # Under the cap, the form itself answers, next to the field.
    slightly_big = SimpleUploadedFile("support.pdf", b"%PDF-1.4\n" + b"%" * 2000)
    response = client.post(url, {"file": slightly_big})
    assert response.status_code == 400
    assert "la limite est de 1 Ko" in response.content.decode()


@override_settings(CONTACT_EMAIL="aide@essaim.example")
def test_error_pages_give_the_contact_address_when_there_is_one(client):
    html = client.get("/cette-page-n-existe-pas/").content.decode()

    assert '<a href="mailto:aide@essaim.example">aide@essaim.example</a>' in html
    assert "en indiquant l'erreur 404" in html
