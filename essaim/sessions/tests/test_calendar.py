"""Calendars: "Mon agenda" and its private feed, a cohort's calendar and feed, revoking an
address, the programme calendar for advisors; feeds parsed back with icalendar."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from essaim.cohorts.tests.factories import CohortFactory, cohort_scenario
from essaim.programmes.tests.factories import ProgrammeFactory
from essaim.sessions import services
from essaim.sessions.models import CalendarFeed, Participant, SessionKind
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(role_users):
    return cohort_scenario(role_users)


def create(scenario, days=7, **extra):
    data = {
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier",
        "starts_at": timezone.now().replace(microsecond=0) + timedelta(days=days),
        "duration_minutes": 150,
        "location": "Caen",
        "cohort": scenario["cohort"],
        "facilitators": [scenario["expert"]],
    }
    return services.session_create(actor=scenario["advisor"], **{**data, **extra})


def feed_events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def my_feed_url(client, user):
    """The address of the user's feed, created from "Mon agenda" if they have none yet."""
    client.force_login(user)
    if not CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).exists():
        assert client.post(reverse("sessions:my_calendar_feed_create")).status_code == 302
    page = client.get(reverse("sessions:my_calendar"))
    assert page.status_code == 200
    feed = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    assert reverse("sessions:calendar_feed", args=[feed.token]) in page.content.decode()
    return reverse("sessions:calendar_feed", args=[feed.token])


def test_my_calendar_keeps_one_private_feed_and_lists_my_sessions(client, scenario):
    workshop = create(scenario, title="Atelier stratégie")
    url = my_feed_url(client, scenario["member"])
    assert my_feed_url(client, scenario["member"]) == url  # the same address on each visit
    assert CalendarFeed.objects.filter(user=scenario["member"]).count() == 1
    page = client.get(reverse("sessions:my_calendar")).content.decode()
    assert workshop.title in page and "Révoquer et créer une nouvelle adresse" in page


def test_a_user_feed_holds_the_sessions_they_attend_or_facilitate(client, scenario):
    mine = create(scenario, title="Atelier stratégie")
    outside = {"cohort": None, "kind": SessionKind.TRAINING, "context_cohort": scenario["cohort"]}
    facilitated = create(scenario, title="Co-animé", **outside)
    facilitated.facilitators.add(scenario["member"])  # e.g. a member who trains the others
    open_training = create(scenario, title="Formation ouverte", **outside)
    services.session_register(actor=scenario["other_member"], session=open_training)
    moved = create(scenario, title="Déplacé", days=9)
    services.session_update(
        actor=scenario["advisor"],
        session=moved,
        data={"starts_at": moved.starts_at + timedelta(hours=2)},
    )
    cancelled = create(scenario, title="Annulé")
    services.session_cancel(actor=scenario["advisor"], session=cancelled, reason="Grève")
    url = my_feed_url(client, scenario["member"])

    client.logout()  # calendar apps do not sign in
    events = feed_events(client, url)
    assert set(events) == {"Atelier stratégie", "Co-animé", "Déplacé", "Annulé"}
    event = events["Atelier stratégie"]
    assert event.decoded("DTSTART") == mine.starts_at
    assert event.decoded("DTEND") == mine.starts_at + timedelta(minutes=150)
    assert str(event["LOCATION"]) == "Caen"
    assert str(event["UID"]).startswith(f"session-{mine.pk}@")
    assert int(events["Déplacé"]["SEQUENCE"]) == 1
    assert events["Déplacé"].decoded("DTSTART") == moved.starts_at + timedelta(hours=2)
    assert str(events["Annulé"]["STATUS"]) == "CANCELLED"
    assert str(events["Atelier stratégie"]["STATUS"]) == "CONFIRMED"


def test_the_feed_and_the_invitation_share_the_event_uid(
    client, scenario, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = create(scenario)
    invitation = next(m for m in mail.outbox if m.to == [scenario["member"].email])
    _name, content, _mime = invitation.attachments[0]
    invited = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    url = my_feed_url(client, scenario["member"])
    assert str(feed_events(client, url)[session.title]["UID"]) == str(invited["UID"])


def test_revoking_replaces_the_address_and_the_old_one_answers_404(client, scenario):
    create(scenario)
    old = my_feed_url(client, scenario["member"])
    response = client.post(reverse("sessions:my_calendar_renew"), follow=True)
    assert "l&#x27;ancienne ne fonctionne plus" in response.content.decode()
    new = my_feed_url(client, scenario["member"])
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unknown_or_tampered_token_answers_404(client, scenario):
    url = my_feed_url(client, scenario["member"])
    token = url.rsplit("/", 1)[-1].removesuffix(".ics")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    client.logout()
    assert client.get(reverse("sessions:calendar_feed", args=[tampered])).status_code == 404
    assert client.get(reverse("sessions:calendar_feed", args=["inconnu"])).status_code == 404
    assert client.post(url).status_code == 405
    scenario["member"].is_active = False
    scenario["member"].save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("member", 200),
        ("peer", 200),
        ("expert", 200),
        ("advisor", 200),
        ("admin", 200),
        ("other_member", 404),
        ("other_advisor", 404),
        ("funder", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_the_cohort_calendar(client, scenario, role, status):
    create(scenario, title="Atelier de la cohorte")
    client.force_login(scenario[role])
    response = client.get(reverse("sessions:cohort_calendar", args=[scenario["cohort"].pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Atelier de la cohorte" in page
        can_plan = role in ("advisor", "admin")
        assert (reverse("sessions:session_plan", args=[scenario["cohort"].pk]) in page) is can_plan
        # The cohort's feed is its managers'; the others are sent to their own agenda.
        assert ("S'abonner depuis une application d'agenda" in page) is can_plan
        assert ("votre agenda personnel" in page) is not can_plan


def test_the_cohort_feed_holds_the_cohort_sessions_and_managers_renew_it(client, scenario):
    create(scenario, title="Séance 1")
    create(scenario, title="Séance 2", days=21)
    SessionFactory(title="Autre cohorte")
    client.force_login(scenario["advisor"])
    client.post(reverse("sessions:cohort_calendar_feed_create", args=[scenario["cohort"].pk]))
    feed = CalendarFeed.objects.get(cohort=scenario["cohort"])
    url = reverse("sessions:calendar_feed", args=[feed.token])
    renew = reverse("sessions:cohort_calendar_renew", args=[scenario["cohort"].pk])
    client.force_login(scenario["member"])
    assert client.post(renew).status_code == 403
    client.logout()
    events = feed_events(client, url)
    assert set(events) == {"Séance 1", "Séance 2"}
    assert "Cohorte Bessin" in str(events["Séance 1"]["DESCRIPTION"])

    client.force_login(scenario["advisor"])
    assert client.post(renew).status_code == 302
    assert client.get(url).status_code == 404
    assert (
        CalendarFeed.objects.filter(cohort=scenario["cohort"], revoked_at__isnull=True).count() == 1
    )


# --- Programme calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("advisor", 200),
        ("admin", 200),
        ("member", 403),
        ("expert", 403),
        ("other_advisor", 403),  # sees the (published) programme, does not run it
        ("funder", 403),
    ],
)
def test_who_sees_the_programme_calendar(client, scenario, role, status):
    create(scenario, title="Atelier du programme")
    client.force_login(scenario[role])
    url = reverse("sessions:programme_calendar", args=[scenario["programme"].slug])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert "Atelier du programme" in response.content.decode()


def test_a_draft_programme_of_another_operator_is_not_found(client, scenario):
    draft = ProgrammeFactory(is_published=False)
    client.force_login(scenario["advisor"])
    url = reverse("sessions:programme_calendar", args=[draft.slug])
    assert client.get(url).status_code == 404


def test_the_programme_calendar_groups_sessions_by_month_with_their_links(client, scenario):
    soon = create(scenario, title="Atelier proche", days=3)
    later = create(scenario, title="Atelier du mois suivant", days=40)  # within eight weeks
    individual = create(
        scenario,
        title="Diagnostic",
        cohort=None,
        organisation=scenario["second"],
        kind=SessionKind.INDIVIDUAL_DIAGNOSIS,
        context_cohort=scenario["cohort"],
    )
    past = create(scenario, title="Atelier passé", days=-20)  # last month or this one
    elsewhere = SessionFactory(title="Autre programme")
    client.force_login(scenario["advisor"])
    url = reverse("sessions:programme_calendar", args=[scenario["programme"].slug])
    response = client.get(url)
    page = response.content.decode()
    for session in (soon, later, individual):
        assert reverse("sessions:session_detail", args=[session.pk]) in page
    assert past.title not in page and elsewhere.title not in page
    labels = [label for label, _sessions in response.context["months"]]
    assert len(labels) >= 2 and labels[0][0].isupper()
    assert "Atelier passé" in client.get(url + "?passees=1").content.decode()
    assert reverse("sessions:cohort_calendar", args=[scenario["cohort"].pk]) in page
    assert reverse("sessions:session_plan", args=[scenario["cohort"].pk]) in page


def test_calendar_pages_take_a_constant_number_of_queries(
    client, scenario, django_assert_num_queries
):
    def grow(n):
        for _ in range(n):
            cohort = CohortFactory(programme=scenario["programme"])
            session = SessionFactory(cohort=cohort)
            session.facilitators.add(scenario["advisor"], scenario["expert"])
            Participant.objects.create(session=session, user=scenario["member"])

    client.force_login(scenario["advisor"])
    client.post(reverse("sessions:my_calendar_feed_create"))
    month = f"?depuis={timezone.localtime(timezone.now() + timedelta(days=7)):%Y-%m}"
    programme = reverse("sessions:programme_calendar", args=[scenario["programme"].slug])
    agenda = reverse("sessions:my_calendar")
    urls = [programme, agenda, programme + month, agenda + month]
    # Session, user, memberships, MFA device and failed e-mails on every page, then each page's
    # own reads (the sessions with their cohort and organisation in one); neither grows with the
    # sessions, nor with the months asked for.
    counts = dict(zip(urls, [8, 9, 8, 9], strict=True))
    grow(2)
    for url in urls:
        client.get(url)  # warms what the first visit loads once
    for n in (0, 10):
        grow(n)
        for url in urls:
            with django_assert_num_queries(counts[url]):
                assert client.get(url).status_code == 200
    client.force_login(scenario["member"])
    feed_url = my_feed_url(client, scenario["member"])
    client.logout()
    with django_assert_num_queries(3):
        assert len(feed_events(client, feed_url)) == 12


def test_addresses_from_before_the_move_redirect_to_the_new_ones(client, role_users):
    """Calendar apps subscribed to /cohortes/agenda/flux/… and links in e-mails already sent
    still work after sessions moved under /sessions/ and /agenda/."""
    scenario = cohort_scenario(role_users)
    session = SessionFactory(cohort=scenario["cohort"])
    feed = services.calendar_feed_create(actor=scenario["member"], user=scenario["member"])
    old_feed = client.get(f"/cohortes/agenda/flux/{feed.token}.ics")
    assert old_feed.status_code == 301
    assert old_feed.url == reverse("sessions:calendar_feed", args=[feed.token])
    assert client.get(old_feed.url).status_code == 200  # no sign-in: the token is the key
    client.force_login(scenario["advisor"])
    old_page = client.get(f"/cohortes/sessions/{session.pk}/")
    assert old_page.status_code == 301
    assert old_page.url == reverse("sessions:session_detail", args=[session.pk])
