import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_links(client):
    response = client.get(reverse("portal:home"))
    return {item.url_name for item in response.context["nav_items"]}


def test_visitors_see_public_navigation_and_sign_in(client):
    assert nav_links(client) == {"programmes:list", "organisations:list"}
    page = client.get(reverse("portal:home")).content.decode()
    assert "Se connecter" in page or "Connexion" in page


@pytest.mark.parametrize(
    ("role", "extra"),
    [
        ("member", {"applications:mine"}),
        ("advisor", {"programmes:manage"}),
        ("expert", set()),
        ("funder", set()),
        ("provider", set()),
        ("outsider", set()),
    ],
)
def test_signed_in_users_get_their_dashboard_and_role_links_but_not_administration(
    client, role_users, role, extra
):
    client.force_login(role_users[role])
    expected = {
        "programmes:list",
        "organisations:list",
        "portal:dashboard",
        "sessions:my_calendar",
        *extra,
    }
    assert nav_links(client) == expected


def test_administrators_also_get_administration(client, role_users):
    client.force_login(role_users["admin"])
    assert "admin:index" in nav_links(client)


@pytest.mark.parametrize(
    ("role", "label"),
    [
        ("member", "Membre d&#x27;une structure"),
        ("advisor", "Chargé·e d&#x27;accompagnement"),
        ("expert", "Expert·e"),
        ("funder", "Financeur"),
        ("provider", "Structure d&#x27;accompagnement"),
        ("admin", "Administrateur"),
    ],
)
def test_dashboard_names_the_users_roles(client, role_users, role, label):
    client.force_login(role_users[role])
    assert label in client.get(reverse("portal:dashboard")).content.decode()


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_layout_is_french_by_default_and_english_on_request(client):
    page = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="fr">' in page and "Aller au contenu" in page
    assert "logiciel libre pour les programmes" in page and "free software" not in page
    page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page and "Skip to content" in page


def test_language_can_be_switched_without_signing_in(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Skip to content" in client.get("/").content.decode()


def test_accessibility_statement_is_public_and_linked_from_every_page(client):
    assert "non conforme" in client.get(reverse("core:accessibility")).content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("core:accessibility") in home and "Accessibilité : non conforme" in home


def test_every_layout_string_has_its_french_translation():
    """English message ids must all be translated: an empty msgstr shows English to French users."""
    from django.conf import settings

    catalog = (settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text()
    entries = [
        e
        for e in catalog.split("\n\n")
        if "msgid" in e and 'msgid ""\nmsgstr ""\n"Project' not in e
    ]
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""')]
    assert not untranslated, untranslated
