"""An invitation past its date is no longer offered to answer, even before the daily job marks it
expired: its answer would be refused (CoApplicant.has_lapsed)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.applications.models import CoApplicant
from essaim.applications.tests.factories import CoApplicantFactory
from essaim.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def partner():
    return MembershipFactory(role=Role.MEMBER).user


@pytest.fixture
def invitations(partner):
    organisation = partner.organisations.get()
    with time_machine.travel(NOW - timedelta(days=20), tick=False):
        return {
            when: CoApplicantFactory(organisation=organisation, expires_at=NOW + offset)
            for when, offset in {
                "running": timedelta(seconds=1),
                "lapsed": timedelta(0),
                "long lapsed": -timedelta(days=3),
            }.items()
        }


@pytest.mark.parametrize("page", ["applications:mine", "portal:dashboard"])
def test_only_invitations_still_running_are_offered(client, partner, invitations, page):
    assert all(co.status == CoApplicant.Status.INVITED for co in invitations.values())
    with time_machine.travel(NOW, tick=False):
        client.force_login(partner)
        html = client.get(reverse(page)).content.decode()
    offered = {
        when
        for when, co in invitations.items()
        if reverse("applications:invitation", args=[co.token]) in html
    }
    assert offered == {"running"}


def test_the_applicants_page_says_until_when_to_answer(client, partner, invitations):
    with time_machine.travel(NOW, tick=False):
        client.force_login(partner)
        html = client.get(reverse("applications:mine")).content.decode()
    assert html.count("répondre avant le") == 1
