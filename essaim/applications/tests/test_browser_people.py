"""Pages met around an application, checked in a real browser with axe-core: the invitation as a
visitor and as the wrong account, and the advisor's dashboard of what waits for them."""

import pytest

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def call(reference_data):
    operator = OrganisationFactory(operator=True, name="SocialCOBizz")
    return CallFactory(programme=ProgrammeFactory(operator=operator), title="Appel ESSor 2027")


def test_the_invitation_explains_itself_to_a_visitor_and_to_the_wrong_account(open_page, call):
    lead = ApplicationFactory(call=call, organisation=OrganisationFactory(name="Recyclerie"))
    invitation = CoApplicantFactory(
        application=lead,
        organisation=None,
        invited_name="Terre d'ici",
        invited_email="contact@terredici.fr",
    )
    page = open_page()
    page.goto(f"{page.base_url}/candidatures/invitations/{invitation.token}/")
    assert "Recyclerie" in page.content() and "c•••@terredici.fr" in page.content()
    assert page.locator("#contenu").get_by_role("link", name="Se connecter").is_visible()
    assert_accessible(page)

    sign_in(page, UserFactory(email="autre@exemple.fr"))
    page.goto(f"{page.base_url}/candidatures/invitations/{invitation.token}/")
    assert "une autre adresse" in page.content()
    assert_accessible(page)


def test_the_advisors_dashboard_lists_what_waits(open_page, call):
    advisor = MembershipFactory(organisation=call.programme.operator, role=Role.ADVISOR).user
    ApplicationFactory(
        call=call, organisation=OrganisationFactory(name="Atelier vélo"), submitted=True
    )
    ApplicationFactory(call=call, submitted=True, answer_to_read=True)
    page = open_page()
    sign_in(page, advisor)
    assert page.get_by_role("heading", name="À traiter").is_visible()
    assert page.get_by_role("link", name="Atelier vélo").is_visible()
    assert "Compléments à lire" in page.content()
    assert_accessible(page)
