"""A removed document's file leaves storage only once the removal is committed: a rollback
keeps row and file together."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from essaim.applications import services as application_services
from essaim.applications.tests.factories import ApplicationFactory
from essaim.sessions import services as session_services
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Rollback(Exception):
    pass


def test_an_application_document_file_goes_after_commit(
    role_users, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    document = application_services.document_add(
        actor=role_users["member"],
        application=application,
        required_document=None,
        uploaded_file=SimpleUploadedFile("statuts.pdf", PDF),
    )
    storage, name = document.file.storage, document.file.name
    with pytest.raises(Rollback), transaction.atomic():
        application_services.document_remove(actor=role_users["member"], document=document)
        raise Rollback
    assert storage.exists(name) and application.documents.exists()
    document = application.documents.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application_services.document_remove(actor=role_users["member"], document=document)
    assert storage.exists(name)  # not before the commit
    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_a_session_document_file_goes_after_commit(role_users, django_capture_on_commit_callbacks):
    session = SessionFactory()
    document = session_services.session_document_add(
        actor=role_users["advisor"],
        session=session,
        uploaded_file=SimpleUploadedFile("support.pdf", PDF),
    )
    storage, name = document.file.storage, document.file.name
    with pytest.raises(Rollback), transaction.atomic():
        session_services.session_document_remove(actor=role_users["advisor"], document=document)
        raise Rollback
    assert storage.exists(name) and session.documents.exists()
    document = session.documents.get()
    with django_capture_on_commit_callbacks(execute=True):
        session_services.session_document_remove(actor=role_users["advisor"], document=document)
    assert not storage.exists(name) and not session.documents.exists()
