import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.applications.models import Application, ApplicationStatus, CoApplicant, ExpertOpinion
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def file(role_users):
    """A submitted application with a document, a confirmed and an invited co-applicant."""
    operator = role_users["advisor"].organisations.get()
    call = CallFactory(programme=ProgrammeFactory(operator=operator))
    application = ApplicationFactory(
        call=call, organisation=role_users["member"].organisations.get(), submitted=True
    )
    confirmed = CoApplicantFactory(application=application, status=CoApplicant.Status.CONFIRMED)
    invited = CoApplicantFactory(application=application)
    document = application.documents.create(
        original_name="statuts.pdf", mime_type="application/pdf", size=len(PDF)
    )
    document.file.save("statuts.pdf", SimpleUploadedFile("statuts.pdf", PDF))
    return {
        "application": application,
        "document": document,
        "confirmed_member": MembershipFactory(organisation=confirmed.organisation).user,
        "invited_member": MembershipFactory(organisation=invited.organisation).user,
        "other_advisor": MembershipFactory(
            organisation=OrganisationFactory(operator=True), role=Role.ADVISOR
        ).user,
    }


def user_for(role, role_users, file):
    return file.get(role) or role_users.get(role)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member", True),
        ("confirmed_member", True),
        ("advisor", True),
        ("admin", True),
        ("invited_member", False),
        ("other_advisor", False),
        ("funder", False),
        ("expert", False),
        ("provider", False),
        ("outsider", False),
    ],
)
def test_who_sees_the_file_and_its_documents(client, role_users, file, role, allowed):
    client.force_login(user_for(role, role_users, file))
    detail = client.get(reverse("applications:detail", args=[file["application"].pk]))
    download = client.get(reverse("applications:document", args=[file["document"].pk]))
    assert detail.status_code == (200 if allowed else 404)
    assert download.status_code == (200 if allowed else 404)
    if allowed:
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content) == PDF


def test_visitors_are_sent_to_sign_in(client, file):
    response = client.get(reverse("applications:document", args=[file["document"].pk]))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_an_expert_sees_only_the_file_they_were_asked_about(client, role_users, file):
    expert = role_users["expert"]
    application = file["application"]
    application.call.programme.experts.add(expert)
    other = ApplicationFactory(call=application.call, submitted=True)
    opinion = ExpertOpinion.objects.create(
        application=application, expert=expert, question="Viable ?"
    )
    client.force_login(expert)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 200
    assert client.get(reverse("applications:detail", args=[other.pk])).status_code == 404
    page = client.get(reverse("applications:opinion", args=[opinion.pk]))
    assert page.status_code == 200
    client.post(reverse("applications:opinion", args=[opinion.pk]), {"opinion": "Modèle solide."})
    opinion.refresh_from_db()
    assert opinion.opinion == "Modèle solide."
    client.force_login(role_users["advisor"])
    assert client.get(reverse("applications:opinion", args=[opinion.pk])).status_code == 404


def test_screening_actions_are_refused_to_applicants_and_other_operators(client, role_users, file):
    url = reverse("applications:eligibility", args=[file["application"].pk])
    client.force_login(role_users["member"])
    assert client.post(url, {"eligible": "oui"}).status_code == 403
    client.force_login(file["other_advisor"])
    assert client.post(url, {"eligible": "oui"}).status_code == 404
    client.force_login(role_users["advisor"])
    assert client.post(url, {"eligible": "oui"}).status_code == 302
    file["application"].refresh_from_db()
    assert file["application"].status == ApplicationStatus.ELIGIBLE


def test_a_tampered_form_cannot_write_to_another_organisations_application(client, role_users):
    victim = ApplicationFactory()
    client.force_login(role_users["member"])
    response = client.post(
        reverse("applications:edit_step", args=[victim.pk, "besoin"]), {"need": "Piraté"}
    )
    assert response.status_code == 404
    victim.refresh_from_db()
    assert victim.need != "Piraté"


def test_a_tampered_post_cannot_skip_a_required_answer(client, role_users):
    from essaim.programmes.models import QuestionKind

    member = role_users["member"]
    call = CallFactory()
    call.questions.create(label="Budget annuel", kind=QuestionKind.NUMBER, required=True)
    application = ApplicationFactory(call=call, organisation=member.organisations.get())
    client.force_login(member)
    response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)
    assert "Budget annuel" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_same_organisation_cannot_apply_twice(client, role_users):
    member = role_users["member"]
    organisation = member.organisations.get()
    call = CallFactory()
    client.force_login(member)
    url = reverse("applications:start", args=[call.slug])
    first = client.post(url, {"organisation": organisation.pk})
    second = client.post(url, {"organisation": organisation.pk}, follow=True)
    assert Application.objects.filter(call=call, organisation=organisation).count() == 1
    assert first.url == reverse("applications:edit", args=[Application.objects.get().pk])
    assert "déjà une candidature" in second.content.decode()


def test_a_member_cannot_apply_for_an_organisation_they_do_not_belong_to(client, role_users):
    client.force_login(role_users["member"])
    stranger = OrganisationFactory()
    response = client.post(
        reverse("applications:start", args=[CallFactory().slug]), {"organisation": stranger.pk}
    )
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_autosave_keeps_valid_fields_and_reports_errors(client, role_users):
    member = role_users["member"]
    application = ApplicationFactory(
        organisation=member.organisations.get(), decision_maker_email=""
    )
    client.force_login(member)
    response = client.post(
        reverse("applications:edit_step", args=[application.pk, "binome"]),
        {"decision_maker_name": "Nadia Benali", "decision_maker_email": "pas-un-email"},
        HTTP_HX_REQUEST="true",
    )
    assert "1 champ à corriger" in response.content.decode()
    application.refresh_from_db()
    assert application.decision_maker_name == "Nadia Benali"
    assert application.decision_maker_email == ""


def test_an_invalid_co_applicant_siret_is_explained(client, role_users):
    member = role_users["member"]
    application = ApplicationFactory(organisation=member.organisations.get())
    client.force_login(member)
    response = client.post(
        reverse("applications:co_applicant_invite", args=[application.pk]),
        {"search": "73282932000079"},
    )
    assert response.status_code == 400
    assert "clé de contrôle" in response.content.decode()
    assert 'value="73282932000079"' in response.content.decode()


# Session, user, memberships (one read for roles and organisations), MFA check, the call, the
# filter form's themes and departments, counts per status, the page of files, its count, places
# taken.
PIPELINE_QUERIES = 11


def test_pipeline_runs_a_fixed_number_of_queries_for_one_or_a_thousand_applications(
    client, role_users, django_assert_num_queries
):
    advisor = role_users["advisor"]
    call = CallFactory(programme=ProgrammeFactory(operator=advisor.organisations.get()))
    ApplicationFactory(call=call, submitted=True)
    client.force_login(advisor)
    url = reverse("applications:pipeline", args=[call.slug])
    with django_assert_num_queries(PIPELINE_QUERIES):
        assert client.get(url).status_code == 200
    organisations = OrganisationFactory.create_batch(999)
    Application.objects.bulk_create(
        [
            Application(
                call=call,
                organisation=o,
                status=ApplicationStatus.SUBMITTED,
                eligibility_summary="pass",
            )
            for o in organisations
        ]
    )
    with django_assert_num_queries(PIPELINE_QUERIES):
        response = client.get(url)
    assert "1000 candidatures" in response.content.decode()
    with django_assert_num_queries(PIPELINE_QUERIES):
        client.get(url, {"status": "submitted", "eligibility": "pass", "co_applicants": "sans"})


def test_pipeline_is_refused_to_other_roles(client, role_users):
    call = CallFactory(
        programme=ProgrammeFactory(operator=role_users["advisor"].organisations.get())
    )
    for role in ("member", "expert", "funder", "provider", "outsider"):
        client.force_login(role_users[role])
        assert client.get(reverse("applications:pipeline", args=[call.slug])).status_code == 404
        assert (
            client.get(reverse("applications:export", args=[call.slug, "csv"])).status_code == 404
        )


def test_export_lists_submitted_applications_only(client, role_users):
    advisor = role_users["advisor"]
    call = CallFactory(programme=ProgrammeFactory(operator=advisor.organisations.get()))
    ApplicationFactory(call=call, submitted=True, organisation=OrganisationFactory(name="Déposée"))
    ApplicationFactory(call=call, organisation=OrganisationFactory(name="Brouillon"))
    client.force_login(advisor)
    content = client.get(reverse("applications:export", args=[call.slug, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "Déposée" in content and "Brouillon" not in content


@pytest.mark.parametrize(
    "role", ["confirmed_member", "other_advisor", "funder", "expert", "outsider"]
)
def test_applicant_actions_are_refused_to_everyone_but_the_applicant(
    client, role_users, file, role
):
    application, document = file["application"], file["document"]
    application.reopened_items = ["documents"]
    application.save(update_fields=["reopened_items"])
    client.force_login(user_for(role, role_users, file))
    for url in (
        reverse("applications:information_answer", args=[application.pk]),
        reverse("applications:document_delete", args=[application.pk, document.pk]),
        reverse("applications:withdraw", args=[application.pk]),
    ):
        assert client.post(url, {"message": "Piraté", "confirmed": "1"}).status_code in (
            403,
            404,
        ), url
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.reopened_items == ["documents"] and application.documents.exists()


@pytest.mark.parametrize("role", ["member", "other_advisor", "funder", "expert", "outsider"])
def test_bulk_decisions_are_refused_to_all_but_the_operators_advisors(
    client, role_users, file, role
):
    application = file["application"]
    application.status = ApplicationStatus.ELIGIBLE
    application.save(update_fields=["status"])
    client.force_login(user_for(role, role_users, file))
    url = reverse("applications:bulk_decide", args=[application.call.slug])
    data = {
        "applications": [application.pk],
        "kind": "decline",
        "reason": "Piraté",
        "confirmed": "1",
    }
    assert client.post(url, data).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ELIGIBLE
    client.force_login(role_users["advisor"])
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
