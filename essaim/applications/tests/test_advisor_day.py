"""The advisor's day: e-mails for the events that need them and a dashboard of what waits."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from essaim.applications import services
from essaim.applications.models import ApplicationStatus as S
from essaim.applications.models import ExpertOpinion, Interview
from essaim.applications.tests.factories import ApplicationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(timezone.datetime(2026, 11, 16, 9, 0))


@pytest.fixture
def call(role_users):
    operator = role_users["advisor"].organisations.get()
    return CallFactory(programme=ProgrammeFactory(operator=operator))


def test_a_new_application_is_told_to_the_advisors(
    role_users, call, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        call=call, organisation=role_users["member"].organisations.get()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(actor=role_users["member"], application=application)
    to_advisor = [m for m in mail.outbox if role_users["advisor"].email in m.to]
    assert [m.subject for m in to_advisor] == [
        f"[essaim] Nouvelle candidature : {application.organisation.name}"
    ]


def test_a_returned_opinion_is_told_to_who_asked(
    role_users, call, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(call=call, submitted=True)
    expert = role_users["expert"]
    call.programme.experts.add(expert)
    opinion = services.opinion_request(
        actor=role_users["advisor"], application=application, expert=expert, question="Viable ?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_give(actor=expert, opinion=opinion, text="Oui, avec un prêt d'honneur.")
    (email,) = [m for m in mail.outbox if "Avis rendu" in m.subject]
    assert email.to == [role_users["advisor"].email] and "Viable ?" in email.body


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_lists_what_waits_for_the_advisor(client, role_users, call):
    submitted = ApplicationFactory(call=call, submitted=True)
    answered = ApplicationFactory(call=call, submitted=True, answer_to_read=True)
    upcoming = ApplicationFactory(call=call, status=S.INTERVIEW_SCHEDULED)
    Interview.objects.create(
        application=upcoming, scheduled_at=NOW + timedelta(days=2), location="Caen"
    )
    held = ApplicationFactory(call=call, status=S.INTERVIEW_SCHEDULED)
    Interview.objects.create(
        application=held, scheduled_at=NOW - timedelta(days=1), location="Caen"
    )
    qualified = ApplicationFactory(call=call, status=S.QUALIFIED)
    ExpertOpinion.objects.create(
        application=qualified,
        expert=role_users["expert"],
        question="?",
        opinion="Solide.",
        answered_at=NOW,
    )
    elsewhere = ApplicationFactory(submitted=True)  # another operator's file
    client.force_login(role_users["advisor"])
    page = client.get(reverse("portal:dashboard")).content.decode()
    section = page[page.index('id="a-traiter"') :]
    section = section[: section.index("</section>")]
    for title, application in [
        ("Dossiers à examiner", submitted),
        ("Compléments à lire", answered),
        ("Entretiens à venir", upcoming),
        ("Grilles d&#x27;entretien à remplir", held),
        ("Décisions à prendre", qualified),
    ]:
        assert title in section or title.replace("&#x27;", "'") in section
        assert reverse("applications:detail", args=[application.pk]) in section
    assert "mercredi 18 novembre 2026 à 9 h" in section
    assert "Avis d'experts reçus" in section
    assert reverse("applications:detail", args=[elsewhere.pk]) not in section


# Session, user, memberships (one read for roles and organisations), MFA check, managed
# programmes, the worklist counts (one aggregate), its two non-empty lists, returned opinions,
# failed e-mails, organisations, invitations, pending opinions, cohorts.
DASHBOARD_QUERIES = 14


@pytest.mark.parametrize("files", [1, 12])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, role_users, call, django_assert_num_queries, files
):
    ApplicationFactory.create_batch(files, call=call, submitted=True)
    ApplicationFactory.create_batch(files, call=call, status=S.QUALIFIED)
    client.force_login(role_users["advisor"])
    client.get(reverse("portal:dashboard"))  # warm the session
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(reverse("portal:dashboard"))


def test_people_who_run_no_programme_have_no_worklist(client, role_users):
    for role in ("member", "expert", "funder", "provider", "outsider"):
        client.force_login(role_users[role])
        assert 'id="a-traiter"' not in client.get(reverse("portal:dashboard")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_interviews_are_in_the_advisors_agenda(client, role_users, call):
    application = ApplicationFactory(call=call, status=S.INTERVIEW_SCHEDULED)
    Interview.objects.create(
        application=application, scheduled_at=NOW + timedelta(days=3, hours=5), location="Caen"
    )
    client.force_login(role_users["advisor"])
    page = client.get(reverse("sessions:my_calendar")).content.decode()
    assert "Entretiens de qualification" in page
    assert "jeudi 19 novembre 2026 à 14 h" in page and application.organisation.name in page
    client.force_login(role_users["member"])
    assert (
        "Entretiens de qualification"
        not in client.get(reverse("sessions:my_calendar")).content.decode()
    )
