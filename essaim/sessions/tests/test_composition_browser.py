"""From the 12 admitted demo applications to cohorts and signed attendance, in a real browser:
compose, move one organisation, accept, plan a fortnightly series, open a session, sign as a
participant; the PDF sheet and the .ics feed are parsed back. axe-core checks every page."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from essaim.accounts.models import User
from essaim.cohorts.models import Cohort, CompositionRun
from essaim.conftest import assert_accessible, sign_in
from essaim.demo.loader import DEMO_PASSWORD
from essaim.organisations.tests.factories import MembershipFactory
from essaim.sessions import services as session_services
from essaim.sessions.models import Session, SessionKind
from essaim.sessions.services import attendance as attendance_services

pytestmark = pytest.mark.browser


def test_compose_the_demo_cohorts_plan_sessions_and_sign(open_page, reference_data):
    call_command("load_demo", stdout=io.StringIO())
    advisor = User.objects.get(email="conseillere@demo.essaim.fr")
    page = open_page()
    sign_in(page, advisor, DEMO_PASSWORD)

    # Compose: 12 admitted organisations, cohorts of 5 to 7.
    page.goto(f"{page.base_url}/cohortes/appels/essor-demande-integration/composer/")
    assert "12 structures admises à répartir" in page.content()
    assert_accessible(page)
    page.get_by_label("Taille maximale d'une cohorte").fill("7")
    page.get_by_role("button", name="Proposer des cohortes").click()
    page.wait_for_url("**/cohortes/compositions/*/")
    assert_accessible(page)
    run = CompositionRun.objects.get()
    proposed = sorted(run.result["cohorts"], key=lambda c: len(c["members"]))
    assert sum(len(c["members"]) for c in proposed) == 12 and len(proposed) == 2
    assert page.get_by_text("Paires les plus fortes").first.is_visible()

    # Move one organisation from the larger cohort to the other: the score changes on the page.
    small, large = proposed[0]["index"], proposed[-1]["index"]
    first = page.locator(f"#board section[aria-labelledby=cohorte-{large}] form").first
    first.get_by_role("combobox").select_option(str(small))
    first.get_by_role("button").click()
    page.get_by_role("status").filter(has_text="rejoint la cohorte").wait_for()
    assert "Composition modifiée à la main" in page.locator("#board").inner_text()
    run.refresh_from_db()
    sizes = sorted(list(run.assignment.values()).count(i) for i in (0, 1))
    assert sizes == sorted([len(proposed[0]["members"]) + 1, len(proposed[-1]["members"]) - 1])
    assert_accessible(page)

    page.get_by_role("button", name="Accepter et créer les cohortes").click()
    assert "12 structures seront réparties en 2 cohortes" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Accepter et créer les cohortes").click()
    page.wait_for_url("**/cohortes/programmes/essor/")
    assert "2 cohortes créées" in page.content()
    assert_accessible(page)
    cohort = Cohort.objects.filter(composition_run=run).order_by("name").first()
    assert cohort.memberships.count() in sizes

    # Plan a fortnightly series for the first new cohort.
    page.get_by_role("link", name=cohort.name).click()
    assert_accessible(page)
    page.get_by_role("link", name="Planifier des sessions").click()
    start = timezone.localdate() + timezone.timedelta(days=1)
    page.get_by_label("Titre").fill("Atelier de co-construction")
    page.get_by_label("À partir du").fill(start.isoformat())
    page.get_by_label("Nombre de séances").fill("4")
    page.get_by_label("Lieu").fill("Caen, tiers-lieu")
    page.get_by_role("button", name="Proposer les dates").click()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer les séances gardées").click()
    page.wait_for_url(f"**/agenda/cohortes/{cohort.pk}/")
    series = list(Session.objects.filter(cohort=cohort).order_by("starts_at"))
    assert len(series) == 4
    gaps = {
        (b.starts_at.date() - a.starts_at.date()).days
        for a, b in zip(series, series[1:], strict=False)
    }
    assert gaps <= {14, 15, 16}  # every two weeks, a day later when a public holiday is skipped

    # The cohort's feed, created by its advisor, is readable by a calendar app and lists the series.
    page.get_by_role("button", name="Créer l'adresse d'agenda de la cohorte").click()
    assert_accessible(page)
    feed_url = re.search(r"https?://[^\"'<\s]+\.ics", page.content()).group(0)
    response = page.request.get(feed_url)
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    assert len(events) == 4 and "Atelier de co-construction" in str(events[0]["summary"])

    # A session happening now, and a participant of a member organisation who signs.
    organisation = cohort.memberships.first().organisation
    participant = MembershipFactory(organisation=organisation, user__first_name="Sacha").user
    now = session_services.session_create(
        actor=advisor,
        kind=SessionKind.WORKSHOP,
        title="Atelier du jour",
        starts_at=timezone.now(),
        duration_minutes=120,
        location="Caen",
        cohort=cohort,
        facilitators=[advisor],
    )
    other = open_page()
    sign_in(other, participant)
    other.goto(f"{other.base_url}/sessions/{now.pk}/")
    assert_accessible(other)
    other.get_by_role("button", name="Je signe ma présence").click()
    assert "votre présence est enregistrée" in other.content()

    # The attendance sheet names the participant and the European co-funding.
    pdf = page.request.get(f"{page.base_url}/sessions/{now.pk}/feuille-emargement.pdf")
    try:
        attendance_services.weasyprint_html()
    except attendance_services.PdfUnavailable:
        pytest.skip("WeasyPrint ne peut pas se charger ici (Pango absent) : PDF non vérifié.")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    text = " ".join(text.split())  # table cells wrap long names
    assert participant.get_full_name() in text and organisation.name in text
    assert "Union européenne" in text
