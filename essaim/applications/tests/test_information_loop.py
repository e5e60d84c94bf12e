"""Requests for more information: the applicant sees what was asked, edits only that, sends the
answer; the advisors are told and see it highlighted; requests add up; history in time order."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from essaim.applications import services
from essaim.applications.models import ApplicationStatus, TimelineEntry
from essaim.applications.tests.factories import ApplicationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loop(role_users, django_capture_on_commit_callbacks):
    """A submitted file of the member's organisation, on a call with two themes, run by the
    advisor's operator, on which the advisor asked to clarify the need."""
    operator = role_users["advisor"].organisations.get()
    call = CallFactory(programme=ProgrammeFactory(operator=operator))
    numerique = call.programme.themes.create(name="Numérique")
    call.programme.themes.create(name="Alimentation")
    call.themes.set(call.programme.themes.all())
    application = ApplicationFactory(
        call=call,
        organisation=role_users["member"].organisations.get(),
        submitted=True,
        theme=numerique,
        need="Mutualiser un outil.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.information_request(
            actor=role_users["advisor"],
            application=application,
            items=["need"],
            message="Précisez le calendrier du projet.",
        )
    mail.outbox.clear()
    return {"application": application, **role_users}


def step_url(application, step):
    return reverse("applications:edit_step", args=[application.pk, step])


def test_the_applicant_sees_what_was_asked_and_only_that_step_is_open(client, loop):
    application = loop["application"]
    client.force_login(loop["member"])
    page = client.get(step_url(application, "besoin")).content.decode()
    assert "Précisez le calendrier du projet." in page
    assert "À compléter : Besoin d&#x27;accompagnement." in page
    # The theme is shown read-only: the request did not reopen it.
    assert re.search(r'<select name="theme"[^>]*disabled', page)
    # Steps that were not reopened are not reachable.
    response = client.get(step_url(application, "binome"))
    assert response.url == step_url(application, "besoin")


def test_editing_the_reopened_step_saves_it_without_touching_the_rest(client, loop):
    application = loop["application"]
    client.force_login(loop["member"])
    other_theme = application.call.themes.exclude(pk=application.theme_id).get()
    # The browser posts the whole step form, including the read-only theme (here tampered with).
    response = client.post(
        step_url(application, "besoin"),
        {"need": "Mutualiser un outil d'ici juin 2027.", "theme": other_theme.pk},
    )
    assert response.status_code == 302
    assert response.url == step_url(application, "depot")
    application.refresh_from_db()
    assert application.need == "Mutualiser un outil d'ici juin 2027."
    assert application.theme.name == "Numérique"
    assert application.reopened_items == ["need"]  # not sent yet


def test_autosave_on_a_reopened_step_says_saved_but_not_sent(client, loop):
    application = loop["application"]
    client.force_login(loop["member"])
    response = client.post(
        step_url(application, "besoin"),
        {"need": "Avec un calendrier.", "theme": application.theme_id},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "pas encore transmises" in response.content.decode()


def test_autosave_names_the_fields_to_correct(client, loop):
    application = loop["application"]
    application.reopened_items = ["pair"]
    application.save(update_fields=["reopened_items"])
    client.force_login(loop["member"])
    response = client.post(
        step_url(application, "binome"),
        {"decision_maker_name": "Alice Martin", "decision_maker_email": "pas-un-email"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert "1 champ à corriger" in text
    assert "« E-mail du ou de la décisionnaire »" in text


def test_the_answer_is_sent_and_the_advisors_are_told(
    client, loop, django_capture_on_commit_callbacks
):
    application = loop["application"]
    client.force_login(loop["member"])
    client.post(
        step_url(application, "besoin"),
        {"need": "Mutualiser un outil d'ici juin 2027.", "theme": application.theme_id},
    )
    page = client.get(step_url(application, "depot")).content.decode()
    assert "Transmettre les compléments" in page
    assert "Mutualiser un outil d&#x27;ici juin 2027." in page  # what will be sent
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:information_answer", args=[application.pk]),
            {"message": "Le calendrier est précisé."},
        )
    assert response.url == reverse("applications:detail", args=[application.pk])
    application.refresh_from_db()
    assert application.reopened_items == [] and application.answer_to_read
    (email,) = mail.outbox
    assert email.to == [loop["advisor"].email]
    assert "Le calendrier est précisé." in email.body
    assert "Besoin : « Mutualiser un outil. » → « Mutualiser un outil d'ici juin 2027. »" in (
        email.body
    )
    # The file is read-only again for the applicant.
    assert client.get(step_url(application, "besoin")).status_code == 403


def test_the_advisor_sees_the_answer_highlighted_until_marked_read(client, loop):
    application = loop["application"]
    services.application_save_draft(
        actor=loop["member"], application=application, data={"need": "Calendrier : 2027."}
    )
    services.information_provide(actor=loop["member"], application=application, message="Voilà.")
    client.force_login(loop["advisor"])
    url = reverse("applications:detail", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Compléments reçus le" in page
    assert "Calendrier : 2027." in page and "Mutualiser un outil." in page
    client.post(reverse("applications:information_read", args=[application.pk]))
    assert "Compléments reçus le" not in client.get(url).content.decode()


def test_only_the_programme_team_marks_an_answer_read(client, loop):
    application = loop["application"]
    services.information_provide(actor=loop["member"], application=application)
    for role in ("member", "funder", "expert", "provider"):
        client.force_login(loop[role])
        response = client.post(reverse("applications:information_read", args=[application.pk]))
        assert response.status_code in (403, 404), role
    application.refresh_from_db()
    assert application.answer_to_read


def test_a_second_request_adds_to_the_first(client, loop, django_capture_on_commit_callbacks):
    application = loop["application"]
    with django_capture_on_commit_callbacks(execute=True):
        services.information_request(
            actor=loop["advisor"],
            application=application,
            items=["documents"],
            message="Joignez aussi vos statuts.",
        )
    application.refresh_from_db()
    assert application.reopened_items == ["need", "documents"]
    client.force_login(loop["member"])
    page = client.get(step_url(application, "besoin")).content.decode()
    first = page.index("Précisez le calendrier du projet.")
    assert first < page.index("Joignez aussi vos statuts.")
    assert client.get(step_url(application, "documents")).status_code == 200


def test_history_is_in_time_order(client, loop):
    application = loop["application"]
    services.information_provide(actor=loop["member"], application=application, message="Fait.")
    services.eligibility_confirm(actor=loop["advisor"], application=application, eligible=True)
    client.force_login(loop["advisor"])
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    history = page[page.index('id="historique"') :]
    positions = [
        history.index("Demande de compléments"),
        history.index("Compléments apportés"),
        history.index("Éligible</strong>"),
    ]
    assert positions == sorted(positions)


def test_the_advisor_page_names_every_field_once(client, loop):
    """The request form and the decision form both have a message: ids must stay unique."""
    application = loop["application"]
    application.status = ApplicationStatus.ELIGIBLE
    application.save(update_fields=["status"])
    client.force_login(loop["advisor"])
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert 'for="id_information-message"' in page


def test_the_request_is_recorded_with_what_the_items_said(loop):
    request = loop["application"].timeline.get(kind=TimelineEntry.Kind.INFORMATION_REQUESTED)
    assert request.data["before"] == {"need": {"Besoin": "Mutualiser un outil."}}
