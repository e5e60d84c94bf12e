"""/admin/ signs in through allauth: its throttling and its MFA stage apply to the admin too."""

import pytest
from django.urls import reverse

from essaim.accounts.tests.factories import PASSWORD
from essaim.accounts.tests.mfa import totp_activate, totp_code

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/?next=/admin/"


def test_the_admin_login_page_leads_to_the_site_sign_in(client):
    response = client.get(ADMIN_LOGIN)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=%2Fadmin%2F"


def admin_is_open(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_django_admin_form_no_longer_signs_in(client, role_users):
    admin = role_users["admin"]
    for password in ["faux"] * 30 + [PASSWORD]:
        response = client.post(ADMIN_LOGIN, {"username": admin.email, "password": password})
        assert response.url.startswith(reverse("account_login"))
    assert not admin_is_open(client)


def test_thirty_wrong_passwords_then_the_right_one_do_not_open_the_admin(client, role_users):
    admin = role_users["admin"]
    login_url = client.get(ADMIN_LOGIN).url
    for _ in range(30):
        client.post(login_url, {"login": admin.email, "password": "faux"})
    response = client.post(login_url, {"login": admin.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert not admin_is_open(client)


def test_an_administrator_with_an_authenticator_app_passes_the_code_stage(client, role_users):
    admin = role_users["admin"]
    secret = totp_activate(admin)
    login_url = client.get(ADMIN_LOGIN).url
    response = client.post(login_url, {"login": admin.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert not admin_is_open(client)  # the password alone does not open it

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # a wrong code is refused
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.url == "/admin/"
    assert admin_is_open(client)


def test_a_signed_in_non_staff_user_is_refused_the_admin(client, role_users):
    client.force_login(role_users["advisor"])
    assert client.get(ADMIN_LOGIN).status_code == 403
