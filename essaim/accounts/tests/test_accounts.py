import pytest
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
            "email": "Nouvelle@Exemple.fr",
            "password1": "une-phrase-solide-42",
            "password2": "une-phrase-solide-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.fr")  # stored lower-case
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
    assert response.url == reverse("core:dashboard")


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
