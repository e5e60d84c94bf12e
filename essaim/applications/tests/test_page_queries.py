"""The file's page takes the same number of queries whatever the file holds (co-applicants,
documents, history, opinions): it is read by advisors all day, and by the applicant."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from essaim.accounts.tests.factories import UserFactory
from essaim.applications.models import (
    ApplicationDocument,
    CoApplicant,
    ExpertOpinion,
    TimelineEntry,
)
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

# Session, user, memberships, MFA device; the file (with its call and organisation), its
# co-applicants, documents, transitions, timeline, opinions and their experts, suggested
# programmes, the call's questions, documents, criteria and themes, the interview; failed
# e-mails. The advisor's page adds the places taken and the experts to ask.
ADVISOR_PAGE = 20
APPLICANT_PAGE = 17


@pytest.fixture
def file(role_users):
    advisor = role_users["advisor"]
    call = CallFactory(programme=ProgrammeFactory(operator=advisor.organisations.get()))
    application = ApplicationFactory(
        call=call, organisation=role_users["member"].organisations.get(), submitted=True
    )
    return application


def grow(application, advisor, n):
    for i in range(n):
        CoApplicantFactory(
            application=application,
            organisation=OrganisationFactory(),
            status=CoApplicant.Status.CONFIRMED,
        )
        document = ApplicationDocument(
            application=application, original_name=f"budget-{i}.pdf", size=4
        )
        document.file.save(f"budget-{i}.pdf", ContentFile(b"%PDF"))
        ExpertOpinion.objects.create(
            application=application, expert=UserFactory(), requested_by=advisor, question="?"
        )
        TimelineEntry.objects.create(
            application=application, kind=TimelineEntry.Kind.NOTE, actor=advisor, text=f"Note {i}"
        )


@pytest.mark.parametrize("viewer", ["advisor", "member"])
def test_the_file_page_takes_a_fixed_number_of_queries(
    client, role_users, file, django_assert_num_queries, viewer
):
    client.force_login(role_users[viewer])
    url = reverse("applications:detail", args=[file.pk])
    grow(file, role_users["advisor"], 1)
    expected = {"advisor": ADVISOR_PAGE, "member": APPLICANT_PAGE}[viewer]
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow(file, role_users["advisor"], 6)
    with django_assert_num_queries(expected):
        page = client.get(url).content.decode()
    assert page.count("budget-") >= 7  # every document listed
