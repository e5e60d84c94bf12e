"""An e-mail that cannot be sent is shown to the person whose action sent it (and to nobody
else), and the page that announced the action stops saying everyone was told."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.conftest import assert_accessible, sign_in
from essaim.core.emails import email_send
from essaim.core.models import EmailFailure
from essaim.sessions.tests.factories import ParticipantFactory, SessionFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 3, 2, 10, tzinfo=PARIS)
BANNER = "Un e-mail n'a pas pu être envoyé"


@pytest.fixture
def broken_session(role_users):
    """A session whose title was stored with a line break before titles were checked: every
    e-mail about it fails (a line break cannot go in an e-mail subject)."""
    scenario = cohort_scenario(role_users)
    session = SessionFactory(
        cohort=scenario["cohort"],
        title="Atelier\ngouvernance",
        starts_at=datetime.datetime(2026, 3, 17, 14, tzinfo=PARIS),
    )
    ParticipantFactory(session=session, user=scenario["member"])
    return scenario | {"session": session}


def cancel(client, session, **kwargs):
    return client.post(
        reverse("sessions:session_cancel", args=[session.pk]),
        {"reason": "Salle inondée", "confirmed": "1"},
        **kwargs,
    )


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_failure_is_shown_to_the_person_who_triggered_it_and_not_to_others(
    client, broken_session, django_capture_on_commit_callbacks
):
    advisor, member = broken_session["advisor"], broken_session["member"]
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(client, broken_session["session"])
    assert mail.outbox == []

    page = client.get(reverse("portal:dashboard")).content.decode()
    assert BANNER in page
    assert "« [essaim] Session annulée : Atelier\ngouvernance" in page
    assert member.email in page and "le 2 mars à 10 h</li>" in page

    client.force_login(member)
    assert BANNER not in client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(broken_session["other_advisor"])
    page = client.get(reverse("core:email_failures")).content.decode()
    assert "Aucun envoi en échec" in page and member.email not in page


@pytest.mark.django_db
def test_dismissing_hides_the_alert_and_the_list_keeps_the_failure(client, role_users):
    advisor = role_users["advisor"]
    EmailFailure.objects.create(
        triggered_by=advisor, recipients="a@exemple.fr", subject="Invitation", error="SMTP: 550"
    )
    client.force_login(advisor)
    assert BANNER in client.get(reverse("portal:dashboard")).content.decode()

    response = client.post(reverse("core:email_failures"), {"next": reverse("portal:dashboard")})

    assert response.url == reverse("portal:dashboard")
    assert BANNER not in client.get(reverse("portal:dashboard")).content.decode()
    page = client.get(reverse("core:email_failures")).content.decode()
    assert "Invitation" in page and "a@exemple.fr" in page and "SMTP: 550" in page


@pytest.mark.django_db
def test_the_alert_costs_one_query_however_many_failures(
    client, role_users, django_assert_num_queries, django_assert_max_num_queries
):
    advisor = role_users["advisor"]
    client.force_login(advisor)
    url = reverse("core:accessibility")
    with django_assert_max_num_queries(10) as without:
        client.get(url)
    assert sum("core_emailfailure" in q["sql"] for q in without.captured_queries) == 1
    EmailFailure.objects.bulk_create(
        EmailFailure(triggered_by=advisor, recipients=f"{n}@ailleurs.test", subject="S", error="E")
        for n in range(8)
    )
    with django_assert_num_queries(len(without.captured_queries)):
        page = client.get(url).content.decode()
    assert "Des e-mails n'ont pas pu être envoyés" in page
    assert page.count("@ailleurs.test") == 5  # the latest five; the rest on the list page


@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOW, tick=False)
def test_the_page_no_longer_says_everyone_was_told(client, reference_data, broken_session):
    client.force_login(broken_session["advisor"])

    page = cancel(client, broken_session["session"], follow=True).content.decode()

    assert BANNER in page
    assert "alert-success" not in page
    assert (
        '<div class="alert alert-warning">Session annulée ; les participant·es ont été '
        "prévenu·es. Attention : un e-mail n&#x27;a pas pu être envoyé (détail ci-dessus).</div>"
    ) in page
    failure = EmailFailure.objects.get()
    assert failure.triggered_by == broken_session["advisor"]
    assert "BadHeaderError" in failure.error


@pytest.mark.browser
def test_the_alert_and_the_list_page_are_accessible(page, role_users):
    member = role_users["member"]
    EmailFailure.objects.create(
        triggered_by=member,
        recipients="partenaire@ailleurs.test",
        subject="[essaim] Invitation à co-candidater",
        error="SMTPRecipientsRefused: 550",
    )
    sign_in(page, member)
    alert = page.get_by_role("alert").filter(has_text="Un e-mail n'a pas pu être envoyé")
    assert "partenaire@ailleurs.test" in alert.inner_text()
    assert_accessible(page)

    alert.get_by_role("link", name="Voir tous les envois en échec").click()
    assert page.get_by_role("heading", level=1).inner_text() == "E-mails non envoyés"
    assert_accessible(page)

    page.get_by_role("button", name="J'ai compris, masquer").click()
    assert page.get_by_role("cell", name="SMTPRecipientsRefused: 550").is_visible()
    assert page.get_by_role("alert").filter(has_text="pas pu être envoyé").count() == 0


@pytest.mark.django_db
def test_a_failure_outside_a_request_goes_to_the_administrators(
    client, role_users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # a cron job: nobody signed in
        email_send(
            to=["a@ailleurs.test"],
            subject="Rappel :\nAtelier",
            template="sessions/emails/session_cancelled.txt",
            context={"session": SessionFactory(), "when": NOW, "reason": "Salle inondée"},
        )
    assert EmailFailure.objects.get().triggered_by is None
    client.force_login(role_users["admin"])
    assert BANNER not in client.get(reverse("portal:dashboard")).content.decode()
    changelist = client.get(reverse("admin:core_emailfailure_changelist")).content.decode()
    assert "a@ailleurs.test" in changelist


# Session, user, roles, MFA check, the page's list, the banner's unseen ones.
FAILURES_PAGE_QUERIES = 6


@pytest.mark.django_db
def test_the_failures_page_takes_a_fixed_number_of_queries(
    client, role_users, django_assert_num_queries
):
    advisor = role_users["advisor"]
    client.force_login(advisor)
    url = reverse("core:email_failures")
    EmailFailure.objects.create(triggered_by=advisor, recipients="a@ailleurs.test", subject="S")
    with django_assert_num_queries(FAILURES_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    EmailFailure.objects.bulk_create(
        EmailFailure(triggered_by=advisor, recipients=f"{n}@ailleurs.test", subject="S", error="E")
        for n in range(150)
    )
    with django_assert_num_queries(FAILURES_PAGE_QUERIES):
        page = client.get(url).content.decode()
    assert page.count("@ailleurs.test</td>") == 100  # the latest hundred
