"""MFA is required from administrators and advisors, after a grace period counted from sign-in."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse

from essaim.accounts.models import User
from essaim.accounts.tests.factories import PASSWORD
from essaim.accounts.tests.mfa import totp_activate, totp_code

pytestmark = pytest.mark.django_db

# 1 December 2026, 9:00 in Paris: the grace period of 14 days ends on 15 December at 9:00.
FIRST_SIGN_IN = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
BANNER = "Activez la double authentification"


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    return response


def test_within_the_grace_period_an_advisor_works_and_is_invited_to_activate(client, role_users):
    advisor = role_users["advisor"]
    with time_machine.travel(FIRST_SIGN_IN, tick=False):
        sign_in(client, advisor)
    advisor.refresh_from_db()
    assert advisor.mfa_required_since == FIRST_SIGN_IN

    with time_machine.travel(FIRST_SIGN_IN + timedelta(days=13), tick=False):
        page = client.get(reverse("portal:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert BANNER in html
    assert "obligatoire à partir du 15 décembre 2026" in html
    assert reverse("mfa_activate_totp") in html


def test_the_invitation_can_be_postponed_until_the_next_sign_in(client, role_users):
    advisor = role_users["advisor"]
    with time_machine.travel(FIRST_SIGN_IN, tick=False):
        sign_in(client, advisor)
        programmes = reverse("programmes:list")
        response = client.post(reverse("accounts:mfa_banner_dismiss"), {"next": programmes})
        assert response.status_code == 302 and response.url == programmes
        assert BANNER not in client.get(reverse("portal:dashboard")).content.decode()
        # A link to another site is not followed.
        response = client.post(
            reverse("accounts:mfa_banner_dismiss"), {"next": "https://ailleurs.example/"}
        )
        assert response.url == reverse("portal:dashboard")


def test_after_the_grace_period_every_page_leads_to_the_activation(client, role_users):
    advisor = role_users["advisor"]
    with time_machine.travel(FIRST_SIGN_IN, tick=False):
        sign_in(client, advisor)

    # The session has expired by then: the advisor signs in again.
    with time_machine.travel(FIRST_SIGN_IN + timedelta(days=14, minutes=1), tick=False):
        sign_in(client, advisor)
        for url in (reverse("portal:dashboard"), reverse("programmes:list"), "/admin/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url == reverse("mfa_activate_totp"), url
        htmx = client.get(reverse("portal:dashboard"), headers={"HX-Request": "true"})
        assert htmx.headers["HX-Redirect"] == reverse("mfa_activate_totp")
        # What everyone may read stays reachable.
        assert client.get(reverse("core:accessibility")).status_code == 200
        # The set-up first asks for the password again (allauth): both pages say why.
        response = client.get(reverse("portal:dashboard"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
        assert "s'est terminé le 15 décembre 2026" in response.content.decode()
        response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    html = response.content.decode()
    assert "la double authentification est obligatoire" in html
    assert "s'est terminé le 15 décembre 2026" in html
    assert "codes de secours" in html
    advisor.refresh_from_db()
    assert advisor.mfa_required_since == FIRST_SIGN_IN  # a later sign-in does not restart it


def test_an_administrator_is_held_to_the_same_rule(client, role_users):
    admin = role_users["admin"]
    with time_machine.travel(FIRST_SIGN_IN, tick=False):
        sign_in(client, admin)
    with time_machine.travel(FIRST_SIGN_IN + timedelta(days=15), tick=False):
        sign_in(client, admin)
        response = client.get(reverse("portal:dashboard"))
    assert response.url == reverse("mfa_activate_totp")


def test_activating_the_app_gives_recovery_codes_and_lifts_the_requirement(client, role_users):
    advisor = role_users["advisor"]
    with time_machine.travel(FIRST_SIGN_IN, tick=False):
        sign_in(client, advisor)
    with time_machine.travel(FIRST_SIGN_IN + timedelta(days=20), tick=False):
        sign_in(client, advisor)
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
        secret = page.context["form"].secret
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        assert response.url == reverse("mfa_view_recovery_codes")
        assert advisor.authenticator_set.filter(type=Authenticator.Type.RECOVERY_CODES).exists()
        page = client.get(reverse("portal:dashboard"))
        overview = client.get(reverse("mfa_index")).content.decode()
    assert page.status_code == 200
    assert BANNER not in page.content.decode()
    assert "10" in overview and reverse("mfa_download_recovery_codes") in overview


def test_an_advisor_with_an_authenticator_app_is_neither_redirected_nor_invited(client, role_users):
    advisor = role_users["advisor"]
    secret = totp_activate(advisor)
    with time_machine.travel(FIRST_SIGN_IN, tick=False):
        response = sign_in(client, advisor)
        assert response.url == reverse("mfa_authenticate")
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    with time_machine.travel(FIRST_SIGN_IN + timedelta(days=30), tick=False):
        sign_in(client, advisor)
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        page = client.get(reverse("portal:dashboard"))
    assert page.status_code == 200
    assert BANNER not in page.content.decode()


def test_a_member_is_not_required_to_use_mfa(client, role_users):
    member = role_users["member"]
    with time_machine.travel(FIRST_SIGN_IN, tick=False):
        sign_in(client, member)
    with time_machine.travel(FIRST_SIGN_IN + timedelta(days=30), tick=False):
        sign_in(client, member)
        page = client.get(reverse("portal:dashboard"))
    assert page.status_code == 200
    assert BANNER not in page.content.decode()
    assert User.objects.get(pk=member.pk).mfa_required_since is None
