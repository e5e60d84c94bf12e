"""Pages not on the journeys of the other browser tests, checked with axe-core: the expert's
opinion page and dashboard, the cohort settings form, the open sessions list."""

import pytest

from essaim.accounts.models import Role
from essaim.applications.models import ExpertOpinion
from essaim.applications.tests.factories import ApplicationFactory
from essaim.cohorts.models import Cohort
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.browser


def test_expert_advisor_and_member_pages_are_accessible(open_page, reference_data):
    operator = OrganisationFactory(operator=True)
    advisor = MembershipFactory(organisation=operator, role=Role.ADVISOR).user
    expert = MembershipFactory(
        organisation=OrganisationFactory(provider=True), role=Role.EXPERT
    ).user
    programme = ProgrammeFactory(operator=operator)
    programme.experts.add(expert)
    application = ApplicationFactory(call=CallFactory(programme=programme), submitted=True)
    opinion = ExpertOpinion.objects.create(
        application=application, expert=expert, question="Viable ?"
    )
    cohort = Cohort.objects.create(programme=programme, name="Cohorte 1")

    page = open_page()
    sign_in(page, expert)
    assert "Avis attendus" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=application.organisation.name, exact=False).first.click()
    page.get_by_label("Votre avis").fill("Modèle solide, binôme disponible.")
    page.get_by_role("button", name="Transmettre mon avis").click()
    assert "transmis" in page.content()
    assert_accessible(page)
    opinion.refresh_from_db()
    assert opinion.answered_at is not None

    advisor_page = open_page()
    sign_in(advisor_page, advisor)
    advisor_page.goto(f"{advisor_page.base_url}/cohortes/{cohort.pk}/modifier/")
    assert_accessible(advisor_page)
    advisor_page.goto(f"{advisor_page.base_url}/sessions/ouvertes/")
    assert_accessible(advisor_page)
