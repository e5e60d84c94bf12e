"""The accessibility statement follows the RGAA model: an honest status (no audit yet), its date,
the known issues, derogations, the test environment, a contact and the Défenseur des droits."""

from django.test import override_settings
from django.urls import reverse


@override_settings(CONTACT_EMAIL="accessibilite@essaim.example")
def test_the_statement_says_non_compliant_without_an_audit_and_how_to_get_help(client):
    page = client.get(reverse("core:accessibility")).content.decode()

    assert "<strong>non conforme</strong>" in page
    assert "partiellement conforme" not in page
    assert "aucun audit" in page
    assert 'établie le <time datetime="2026-12-02">2 décembre 2026</time>' in page
    for heading in (
        "Non-conformités connues",
        "Dérogations pour charge disproportionnée",
        "Environnement de test",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert heading in page
    assert "Chromium" in page and "axe-core" in page
    assert 'href="mailto:accessibilite@essaim.example"' in page
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in page
    assert 'href="https://www.defenseurdesdroits.fr/saisir/delegues"' in page
    assert "Libre réponse 71120" in page and "75342 Paris CEDEX 07" in page


@override_settings(CONTACT_EMAIL="")
def test_without_a_contact_address_the_statement_sends_people_to_their_operator(client):
    page = client.get(reverse("core:accessibility")).content.decode()
    assert "mailto:" not in page
    assert "l'équipe de l'opérateur qui vous accompagne" in page
