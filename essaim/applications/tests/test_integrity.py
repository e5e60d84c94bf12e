"""Rules enforced where they matter: places, locked documents, interview dates, confirmations."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from essaim.applications import services
from essaim.applications.models import ApplicationStatus as S
from essaim.applications.tests.factories import ApplicationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def full_call(role_users):
    """The DLA case: at most 5 places, 5 admitted, 2 more qualified files."""
    operator = role_users["advisor"].organisations.get()
    call = CallFactory(programme=ProgrammeFactory(operator=operator), capacity=5)
    ApplicationFactory.create_batch(5, call=call, status=S.ADMITTED)
    waiting = ApplicationFactory.create_batch(2, call=call, eligible=True)
    return call, waiting


def test_admitting_beyond_the_places_needs_a_reason(role_users, full_call):
    call, (sixth, _) = full_call
    with pytest.raises(ValidationError, match="5 places"):
        services.application_decide(
            actor=role_users["advisor"], application=sixth, kind="admit", reason="Bon dossier"
        )
    services.application_decide(
        actor=role_users["advisor"],
        application=sixth,
        kind="admit",
        reason="Bon dossier",
        capacity_override="Le financeur a validé une place de plus",
    )
    transition = sixth.transitions.get(to_status=S.ADMITTED)
    assert "Le financeur a validé une place de plus" in transition.reason


def test_bulk_admission_beyond_the_places_changes_nothing(client, role_users, full_call):
    call, waiting = full_call
    client.force_login(role_users["advisor"])
    url = reverse("applications:bulk_decide", args=[call.slug])
    data = {
        "applications": [a.pk for a in waiting],
        "kind": "admit",
        "reason": "Dossiers solides",
        "confirmed": "1",
    }
    response = client.post(url, data, follow=True)
    assert "5 places" in response.content.decode()
    assert call.applications.filter(status=S.ADMITTED).count() == 5


def test_bulk_decisions_are_offered_only_where_they_apply(client, role_users, full_call):
    call, waiting = full_call
    submitted = ApplicationFactory(call=call, submitted=True)
    client.force_login(role_users["advisor"])
    page = client.get(reverse("applications:pipeline", args=[call.slug])).content.decode()
    assert f'value="{waiting[0].pk}" id="sel-' in page
    assert f'value="{submitted.pk}" id="sel-' not in page
    assert "Places de l'appel : 5 admises sur 5." in page


def test_a_decision_asks_for_confirmation_and_says_who_is_told(client, role_users, full_call):
    _call, (application, _) = full_call
    client.force_login(role_users["advisor"])
    url = reverse("applications:decide", args=[application.pk])
    data = {"kind": "decline", "reason": "Besoin hors du champ du programme"}
    page = client.post(url, data).content.decode()
    assert "Refuser la candidature de" in page
    assert application.decision_maker_email in page
    application.refresh_from_db()
    assert application.status == S.ELIGIBLE  # nothing happened yet
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.status == S.DECLINED


def test_documents_are_locked_once_admitted_and_reopenable(role_users):
    application = ApplicationFactory(status=S.ADMITTED)
    upload = SimpleUploadedFile("statuts.pdf", PDF)
    with pytest.raises(ValidationError, match="plus modifiables"):
        services.document_add(
            actor=role_users["member"],
            application=application,
            required_document=None,
            uploaded_file=upload,
        )
    services.information_request(
        actor=role_users["advisor"],
        application=application,
        items=["documents"],
        message="Joignez vos statuts à jour.",
    )
    application.refresh_from_db()
    document = services.document_add(
        actor=role_users["member"],
        application=application,
        required_document=None,
        uploaded_file=SimpleUploadedFile("statuts.pdf", PDF),
    )
    assert document.pk


def test_a_draft_on_a_closed_call_cannot_change_its_documents(role_users):
    application = ApplicationFactory(call=CallFactory(closed=True))
    with pytest.raises(ValidationError, match="appel est clos"):
        services.document_add(
            actor=role_users["member"],
            application=application,
            required_document=None,
            uploaded_file=SimpleUploadedFile("statuts.pdf", PDF),
        )


def test_a_decision_closes_pending_requests(role_users):
    application = ApplicationFactory(eligible=True)
    services.information_request(
        actor=role_users["advisor"], application=application, items=["need"], message="Précisez."
    )
    services.application_decide(
        actor=role_users["advisor"], application=application, kind="decline", reason="Hors champ"
    )
    application.refresh_from_db()
    assert application.reopened_items == [] and not application.is_editable_by_applicant


def test_an_interview_cannot_be_scheduled_in_the_past(role_users):
    application = ApplicationFactory(eligible=True)
    with pytest.raises(ValidationError, match="dans le futur"):
        services.interview_schedule(
            actor=role_users["advisor"],
            application=application,
            scheduled_at=timezone.now() - timedelta(hours=2),
            location="Caen",
        )
    assert application.status == S.ELIGIBLE


def test_withdrawing_asks_first_then_tells_the_advisors(
    client, role_users, django_capture_on_commit_callbacks
):
    from django.core import mail

    operator = role_users["advisor"].organisations.get()
    application = ApplicationFactory(
        call=CallFactory(programme=ProgrammeFactory(operator=operator)),
        organisation=role_users["member"].organisations.get(),
        submitted=True,
    )
    client.force_login(role_users["member"])
    url = reverse("applications:withdraw", args=[application.pk])
    page = client.post(url, {"reason": "Projet reporté"}).content.decode()
    assert "Retirer la candidature ?" in page and "informée par e-mail" in page
    assert 'name="reason" value="Projet reporté"' in page  # carried over to the confirmation
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Projet reporté", "confirmed": "1"})
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert [m.to for m in mail.outbox] == [[role_users["advisor"].email]]
    assert "Projet reporté" in mail.outbox[0].body
