import re

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.urls import reverse

from essaim.accounts.models import User
from essaim.accounts.selectors import user_roles
from essaim.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_sends_a_verification_email_and_blocks_login_until_verified(client):
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Awa",
            "last_name": "Diallo",
            "email": "Nouvelle@Exemple.fr",
            "password1": "une-phrase-solide-42",
            "password2": "une-phrase-solide-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.fr")  # stored lower-case
    assert (user.first_name, user.last_name) == ("Awa", "Diallo")
    assert str(user) == "Awa Diallo"
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1
    assert "nouvelle@exemple.fr" in mail.outbox[0].to
    assert "/comptes/confirm-email/" in mail.outbox[0].body

    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "nouvelle@exemple.fr", "password": "une-phrase-solide-42"},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_verified_user_signs_in_with_email(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")


def test_repeated_failed_logins_are_throttled(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "faux"})
        assert "incorrect" in response.content.decode()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code != 302
    assert "Trop de tentatives" in response.content.decode()


def test_password_reset_sends_a_link(client):
    user = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/comptes/password/reset/key/" in mail.outbox[0].body


def test_roles_come_from_memberships(role_users):
    assert user_roles(role_users["member"]) == {"member"}
    assert user_roles(role_users["advisor"]) == {"advisor"}
    assert user_roles(role_users["expert"]) == {"expert"}
    assert user_roles(role_users["funder"]) == {"funder"}
    assert user_roles(role_users["provider"]) == {"provider"}
    assert user_roles(role_users["admin"]) == {"admin"}
    assert user_roles(role_users["outsider"]) == set()


def test_staff_can_reach_two_factor_setup(client, role_users):
    admin = role_users["admin"]
    client.force_login(admin)
    # allauth asks for the password again before touching second factors.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "secret" in response.content.decode().lower()


def test_signup_requires_first_and_last_name(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'autocomplete="given-name"' in page and 'autocomplete="family-name"' in page
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": " ",
            "email": "sans-nom@exemple.fr",
            "password1": "une-phrase-solide-42",
            "password2": "une-phrase-solide-42",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"first_name", "last_name"}
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not User.objects.filter(email="sans-nom@exemple.fr").exists()


def test_a_user_without_a_name_is_not_shown_by_their_email_address():
    legacy = UserFactory(first_name="", last_name="", email="ancien.compte@exemple.fr")
    assert str(legacy) == f"Nom non renseigné (compte n° {legacy.pk})"
    assert "@" not in str(legacy)


def signup(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "first_name": "Awa",
            "last_name": "Diallo",
            "email": email,
            "password1": "une-phrase-solide-42",
            "password2": "une-phrase-solide-42",
        },
    )


def test_signup_does_the_same_work_for_a_known_and_a_new_address(client, monkeypatch):
    """Equal timing without measuring it: the slow step (hashing) runs once on both paths."""
    known = UserFactory()
    hasher = type(get_hasher())
    calls = []
    encode = hasher.encode

    def counting_encode(self, password, salt, *args, **kwargs):
        calls.append(password)
        return encode(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting_encode)
    responses = {}
    for kind, email in {"known": known.email, "new": "inconnue@exemple.fr"}.items():
        calls.clear()
        client.logout()
        response = signup(client, email)
        assert calls == ["une-phrase-solide-42"], kind
        page = client.get(response.url)
        # The same page but for the address typed and the CSRF tokens.
        html = re.sub(r"[A-Za-z0-9]{64}", "TOKEN", page.content.decode().replace(email, "EMAIL"))
        responses[kind] = (response.status_code, response.url, page.status_code, html)
    assert responses["known"] == responses["new"]
    assert User.objects.filter(email=known.email).count() == 1
    # Each address receives a message: "you already have an account", or the verification link.
    assert len(mail.outbox) == 2
