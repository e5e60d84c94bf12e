"""MFA required from advisors, in a real browser with axe-core: the invitation during the grace
period, then the activation with an authenticator app and its recovery codes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from essaim.accounts.models import Role, User
from essaim.accounts.tests.factories import PASSWORD
from essaim.accounts.tests.mfa import totp_code
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.browser


def advisor():
    organisation = OrganisationFactory(operator=True)
    return MembershipFactory(organisation=organisation, role=Role.ADVISOR).user


def test_an_advisor_is_invited_to_activate_mfa_and_can_postpone(page):
    sign_in(page, advisor())
    banner = page.get_by_role("region", name="Activez la double authentification")
    assert "sera obligatoire à partir du" in banner.inner_text()
    assert_accessible(page)
    banner.get_by_role("button", name="Me le rappeler plus tard").click()
    page.wait_for_url("**/tableau-de-bord/")
    assert page.get_by_role("region", name="Activez la double authentification").count() == 0


def test_after_the_grace_period_an_advisor_activates_an_authenticator_app(page):
    user = advisor()
    User.objects.filter(pk=user.pk).update(mfa_required_since=timezone.now() - timedelta(days=15))
    page.goto(page.base_url + "/comptes/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()

    # Sent to the set-up, which first asks for the password again, saying why.
    page.wait_for_url("**/reauthenticate/**")
    assert "la double authentification est obligatoire" in page.content()
    assert_accessible(page)
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/2fa/totp/activate/")
    assert_accessible(page)

    # Any other page leads back here until the app is activated.
    page.goto(page.base_url + "/programmes/")
    page.wait_for_url("**/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code de l'authentificateur").fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()
    page.wait_for_url("**/2fa/recovery-codes/")
    assert_accessible(page)

    page.goto(page.base_url + "/tableau-de-bord/")
    page.wait_for_url("**/tableau-de-bord/")
