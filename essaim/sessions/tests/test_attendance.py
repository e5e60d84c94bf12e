"""Attendance, the proof of support: signing one's own presence within the window, marking by
the facilitator, the PDF sheet, hours of support and attendance rates (query-bounded)."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.core.models import AuditEvent
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.sessions import services
from essaim.sessions.models import Attendance, Participant, Session, SessionKind
from essaim.sessions.selectors import (
    attendance_rate,
    cohort_attendance_rates,
    hours_by_organisation,
    hours_by_programme,
)
from essaim.sessions.services import attendance as attendance_services
from essaim.sessions.tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(role_users):
    return cohort_scenario(role_users)


def session_at(scenario, starts_at, **extra):
    data = {
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier gouvernance",
        "starts_at": starts_at,
        "duration_minutes": 120,
        "location": "Maison des associations, Bayeux",
        "cohort": scenario["cohort"],
        "facilitators": [scenario["expert"]],
    }
    return services.session_create(actor=scenario["advisor"], **{**data, **extra})


def sign(client, user, session, *, as_user=None):
    client.force_login(user)
    return client.post(
        reverse("sessions:attendance_sign", args=[session.pk]),
        {"user": (as_user or user).pk},
        follow=True,
    )


# --- Signing one's own presence -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_in", "allowed"),
    [
        (timedelta(minutes=45), False),  # before the window opens (30 min before the start)
        (timedelta(minutes=25), True),  # the window has opened
        (timedelta(0), True),
        (-timedelta(minutes=140), True),  # 2 h session: 20 min after the end
        (-timedelta(minutes=160), False),  # more than 30 min after the end
        (timedelta(days=3), False),
    ],
)
def test_a_participant_signs_only_during_the_session_window(client, scenario, starts_in, allowed):
    session = session_at(scenario, timezone.now() + starts_in)
    page = sign(client, scenario["member"], session).content.decode()
    signed = Attendance.objects.filter(session=session, user=scenario["member"])
    if allowed:
        assert "votre présence est enregistrée" in page
        attendance = signed.get()
        assert attendance.method == Attendance.Method.SELF
        assert attendance.organisation == scenario["member_organisation"]
        assert AuditEvent.objects.filter(action="attendance.signed").count() == 1
    else:
        assert "L&#x27;émargement en ligne est ouvert le" in page
        assert not signed.exists()


def test_nobody_signs_for_someone_else(client, scenario):
    session = session_at(scenario, timezone.now())
    page = sign(client, scenario["member"], session, as_user=scenario["peer"]).content.decode()
    assert "Vous ne pouvez signer que pour vous-même" in page
    assert not Attendance.objects.exists()
    # Not even the facilitator through the participant's form.
    page = sign(client, scenario["expert"], session, as_user=scenario["peer"]).content.decode()
    assert "Vous ne pouvez signer que pour vous-même" in page
    assert not Attendance.objects.exists()


def test_only_expected_participants_sign_and_only_once(client, scenario):
    session = session_at(scenario, timezone.now())
    page = sign(client, scenario["advisor"], session).content.decode()
    assert "pas inscrit·e parmi les participant·es attendu·es" in page
    assert sign(client, scenario["other_member"], session).status_code == 404  # cannot see it
    sign(client, scenario["peer"], session)
    page = sign(client, scenario["peer"], session).content.decode()
    assert "Votre présence est déjà enregistrée" in page
    assert Attendance.objects.filter(user=scenario["peer"]).count() == 1


def test_the_session_page_offers_the_signature_button_only_in_the_window(client, scenario):
    now = session_at(scenario, timezone.now())
    later = session_at(scenario, timezone.now() + timedelta(days=2))
    client.force_login(scenario["member"])
    assert (
        "Je signe ma présence"
        in client.get(reverse("sessions:session_detail", args=[now.pk])).content.decode()
    )
    page = client.get(reverse("sessions:session_detail", args=[later.pk])).content.decode()
    assert "Je signe ma présence" not in page and "pendant la session" in page


# --- Marking by the facilitator -------------------------------------------------------------------


def mark(client, user, session, person, present=True):
    client.force_login(user)
    return client.post(
        reverse("sessions:attendance_mark", args=[session.pk]),
        {"user": person.pk, "present": "1" if present else "0"},
        follow=True,
    )


def test_the_facilitator_marks_and_unmarks_the_same_day(client, scenario):
    session = session_at(scenario, timezone.now() - timedelta(minutes=30))
    page = mark(client, scenario["expert"], session, scenario["peer"]).content.decode()
    attendance = Attendance.objects.get(user=scenario["peer"])
    assert attendance.method == Attendance.Method.FACILITATOR
    assert attendance.recorded_by == scenario["expert"]
    assert "pointé par l&#x27;animation" in page.lower() or "pointée par l&#x27;animation" in page
    mark(client, scenario["expert"], session, scenario["peer"], present=False)
    assert not Attendance.objects.filter(user=scenario["peer"]).exists()
    assert AuditEvent.objects.filter(action="attendance.unmarked").exists()

    # A mark from a previous day stays; a signature by the person themselves always stays.
    mark(client, scenario["advisor"], session, scenario["peer"])
    Attendance.objects.filter(user=scenario["peer"]).update(
        signed_at=timezone.now() - timedelta(days=1)
    )
    page = mark(client, scenario["advisor"], session, scenario["peer"], False).content.decode()
    assert "que le jour même" in page
    sign(client, scenario["member"], session)
    page = mark(client, scenario["advisor"], session, scenario["member"], False).content.decode()
    assert "sa signature ne peut pas être retirée" in page
    assert Attendance.objects.count() == 2


def test_marking_is_for_managers_and_for_participants(client, scenario):
    session = session_at(scenario, timezone.now())
    url = reverse("sessions:attendance_mark", args=[session.pk])
    client.force_login(scenario["member"])
    assert client.post(url, {"user": scenario["peer"].pk, "present": "1"}).status_code == 403
    client.force_login(scenario["other_advisor"])
    assert client.post(url, {"user": scenario["peer"].pk, "present": "1"}).status_code == 404
    page = mark(client, scenario["advisor"], session, scenario["other_member"]).content.decode()
    assert "pas inscrite à la session" in page
    early = session_at(scenario, timezone.now() + timedelta(days=1))
    page = mark(client, scenario["advisor"], early, scenario["peer"]).content.decode()
    assert "Le pointage s&#x27;ouvre le" in page
    assert not Attendance.objects.exists()


# --- The PDF sheet --------------------------------------------------------------------------------


@pytest.fixture
def pdf_ready():
    try:
        attendance_services.weasyprint_html()
    except attendance_services.PdfUnavailable as error:
        pytest.skip(
            "WeasyPrint ne peut pas se charger (bibliothèques Pango absentes : "
            f"`make browser-deps` les installe en root) : {error}"
        )


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # table cells wrap: compare words, not lines


def test_the_attendance_sheet_lists_the_expected_people_and_who_signed(client, scenario, pdf_ready):
    session = session_at(scenario, timezone.now())
    sign(client, scenario["peer"], session)
    url = reverse("sessions:attendance_sheet", args=[session.pk])
    client.force_login(scenario["expert"])  # the facilitator
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for person in (scenario["member"], scenario["peer"], scenario["peer_bis"]):
        assert person.get_full_name() in text
    assert "Recyclerie du Bessin" in text and "Atelier gouvernance" in text
    assert "ESSor Normandie" in text and scenario["programme"].operator.name in text
    assert "Région Normandie (FEDER)" in text
    assert "Cofinancé par l'Union européenne" in text
    assert "Signé sur la plateforme le" in text
    signed_at = timezone.localtime(Attendance.objects.get().signed_at)
    assert f"{signed_at:%Hh%M}" in text
    assert text.count("Signé sur la plateforme") == 1


def test_the_eu_mention_appears_only_for_eu_funders(client, role_users, pdf_ready):
    scenario = cohort_scenario(role_users, funder_name="Fondation de France", eu_cofunding=False)
    session = session_at(scenario, timezone.now() + timedelta(days=2))
    client.force_login(scenario["advisor"])
    text = pdf_text(client.get(reverse("sessions:attendance_sheet", args=[session.pk])).content)
    assert "Fondation de France" in text and "Union européenne" not in text
    scenario["programme"].funders.add(
        OrganisationFactory(funder=True, name="Fonds social européen", eu_cofunding=True)
    )
    text = pdf_text(client.get(reverse("sessions:attendance_sheet", args=[session.pk])).content)
    assert "Cofinancé par l'Union européenne" in text


def test_the_sheet_is_for_managers(client, scenario):
    session = session_at(scenario, timezone.now())
    url = reverse("sessions:attendance_sheet", args=[session.pk])
    for role, status in [("member", 403), ("funder", 404), ("other_advisor", 404)]:
        client.force_login(scenario[role])
        assert client.get(url).status_code == status


def test_without_weasyprint_the_sheet_says_so(client, scenario, monkeypatch):
    def unavailable():
        raise attendance_services.PdfUnavailable("libpango-1.0-0 absent")

    monkeypatch.setattr(attendance_services, "weasyprint_html", unavailable)
    session = session_at(scenario, timezone.now())
    client.force_login(scenario["advisor"])
    response = client.get(reverse("sessions:attendance_sheet", args=[session.pk]))
    assert response.status_code == 503 and "WeasyPrint" in response.content.decode()


# --- Hours of support and attendance rates --------------------------------------------------------


def attend(session, user, organisation):
    return Attendance.objects.create(
        session=session, user=user, organisation=organisation, method=Attendance.Method.SELF
    )


def add_session(scenario, minutes, people=(), **extra):
    session = SessionFactory(cohort=scenario["cohort"], duration_minutes=minutes, **extra)
    for user, organisation in people:
        Participant.objects.create(session=session, user=user, organisation=organisation)
        attend(session, user, organisation)
    return session


def test_hours_count_each_session_once_per_organisation(scenario):
    member_org, second = scenario["member_organisation"], scenario["second"]
    member, peer, peer_bis = scenario["member"], scenario["peer"], scenario["peer_bis"]
    add_session(scenario, 180, [(member, member_org), (peer, second), (peer_bis, second)])
    add_session(scenario, 90, [(peer, second)])
    cancelled = add_session(scenario, 600, [(member, member_org)])
    services.session_cancel(actor=scenario["advisor"], session=cancelled, reason="Salle fermée")
    expected_only = SessionFactory(cohort=scenario["cohort"], duration_minutes=60)
    Participant.objects.create(session=expected_only, user=member, organisation=member_org)
    elsewhere = SessionFactory(duration_minutes=1000)  # another cohort: not in the queryset
    attend(elsewhere, peer, second)

    rows = {o.name: o for o in hours_by_organisation(scenario["cohort"].sessions.all())}
    assert set(rows) == {member_org.name, second.name}
    assert (rows[member_org.name].support_sessions, rows[member_org.name].support_minutes) == (
        1,
        180,
    )
    assert (rows[second.name].support_sessions, rows[second.name].support_minutes) == (2, 270)

    programmes = hours_by_programme(Session.objects.all())
    essor = next(p for p in programmes if p.name == "ESSor Normandie")
    assert essor.organisations == 2 and essor.minutes == 180 + 270 and essor.hours == 7.5
    assert sum(p.minutes for p in programmes) == 180 + 270 + 1000


def test_attendance_rates_per_session(scenario):
    member_org, second = scenario["member_organisation"], scenario["second"]
    full = session_at(scenario, timezone.now() - timedelta(days=2))
    for person, organisation in [(scenario["member"], member_org), (scenario["peer"], second)]:
        attend(full, person, organisation)
    empty = session_at(scenario, timezone.now() - timedelta(days=1))
    rate = attendance_rate(full)
    assert (rate.expected, rate.present, rate.percent) == (3, 2, 67)
    assert attendance_rate(SessionFactory(cohort=None, kind=SessionKind.TRAINING)).rate is None
    rows = cohort_attendance_rates(scenario["cohort"])
    assert [(r.session, r.expected, r.present) for r in rows] == [(full, 3, 2), (empty, 3, 0)]


def grow(scenario, n):
    """n more sessions, each with two people of two organisations present."""
    for _ in range(n):
        person = MembershipFactory(organisation=OrganisationFactory())
        add_session(
            scenario,
            120,
            [(person.user, person.organisation), (scenario["peer"], scenario["second"])],
        )


def test_hours_and_rates_take_a_constant_number_of_queries(scenario, django_assert_num_queries):
    sessions = scenario["cohort"].sessions.all()
    grow(scenario, 2)
    with django_assert_num_queries(1):
        small = list(hours_by_organisation(sessions))
    with django_assert_num_queries(1):
        small_rates = cohort_attendance_rates(scenario["cohort"])
    with django_assert_num_queries(2):  # the pairs, then the programmes' names
        hours_by_programme(sessions)
    grow(scenario, 8)
    with django_assert_num_queries(1):
        large = list(hours_by_organisation(sessions))
    with django_assert_num_queries(1):
        large_rates = cohort_attendance_rates(scenario["cohort"])
    with django_assert_num_queries(2):
        hours_by_programme(sessions)
    first = sessions.first()
    with django_assert_num_queries(1):
        attendance_rate(first)
    assert (len(small), len(large)) == (3, 11)
    assert (len(small_rates), len(large_rates)) == (2, 10)
    second = next(o for o in large if o.pk == scenario["second"].pk)
    assert second.support_sessions == 10 and second.support_minutes == 1200
