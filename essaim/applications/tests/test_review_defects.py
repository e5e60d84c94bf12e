"""Defects found by the review of issue 8: an expiry rolled back with its refusal, and bad
parameters that answered 500 instead of a French message."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from essaim.applications import services
from essaim.applications.models import Application, CoApplicant
from essaim.applications.models import ApplicationStatus as S
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.models import Theme
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
IGNORED = "le filtre est ignoré"


# --- An expired invitation stays expired ---------------------------------------------------


@pytest.fixture
def invitation():
    partner = MembershipFactory().user
    co_applicant = CoApplicantFactory(organisation=partner.organisations.get())
    return partner, co_applicant


def test_an_invitation_answered_too_late_is_refused_and_stays_expired(invitation):
    partner, co_applicant = invitation
    too_late = co_applicant.expires_at + timedelta(minutes=1)
    with time_machine.travel(too_late), pytest.raises(ValidationError, match="a expiré"):
        services.co_applicant_respond(actor=partner, co_applicant=co_applicant, accept=True)
    # The test runs in a transaction: a write rolled back with the refusal would be gone here.
    co_applicant.refresh_from_db()
    assert co_applicant.status == CoApplicant.Status.EXPIRED
    assert co_applicant.responded_at is None


def test_the_invitation_page_says_the_invitation_expired(client, invitation):
    partner, co_applicant = invitation
    co_applicant.expires_at = timezone.now() - timedelta(minutes=1)
    co_applicant.save(update_fields=["expires_at"])
    client.force_login(partner)
    url = reverse("applications:invitation", args=[co_applicant.token])
    page = client.post(url, {"answer": "accept"}).content.decode()
    assert "Cette invitation a expiré" in page
    assert "Confirmer la co-candidature" not in page and "inviter à nouveau" in page
    co_applicant.refresh_from_db()
    assert co_applicant.status == CoApplicant.Status.EXPIRED
    # Coming back later, the page still says so rather than offering to answer.
    page = client.get(url).content.decode()
    assert "inviter à nouveau" in page and "Confirmer la co-candidature" not in page


@pytest.mark.parametrize("organisation", ["abc", "999999"])
def test_an_invitation_answered_with_a_bad_organisation_gets_a_french_message(client, organisation):
    co_applicant = CoApplicantFactory(organisation=None, invited_email="contact@terredici.fr")
    invitee = MembershipFactory(user__email="contact@terredici.fr").user
    client.force_login(invitee)
    url = reverse("applications:invitation", args=[co_applicant.token])
    response = client.post(url, {"answer": "accept", "organisation": organisation})
    assert response.status_code == 200
    assert "Choisissez une de vos structures" in response.content.decode()
    co_applicant.refresh_from_db()
    assert co_applicant.status == CoApplicant.Status.INVITED


@pytest.mark.parametrize("organisation", ["abc", "", "999999"])
def test_starting_an_application_for_a_bad_organisation_is_refused_not_crashed(
    client, role_users, organisation
):
    client.force_login(role_users["member"])
    url = reverse("applications:start", args=[CallFactory().slug])
    assert client.post(url, {"organisation": organisation}).status_code == 404
    assert not Application.objects.exists()


# --- The pipeline's filters ----------------------------------------------------------------


@pytest.fixture
def pipeline(role_users):
    advisor = role_users["advisor"]
    call = CallFactory(programme=ProgrammeFactory(operator=advisor.organisations.get()))
    theme = Theme.objects.create(programme=call.programme, name="Numérique")
    call.themes.add(theme)
    numeric = ApplicationFactory(
        call=call, submitted=True, theme=theme, organisation__name="Recyclerie du Bocage"
    )
    other = ApplicationFactory(call=call, submitted=True, organisation__name="Épicerie Solidaire")
    return advisor, call, theme, numeric, other


@pytest.mark.parametrize(
    "params, field",
    [
        ({"theme": "abc"}, "Thème"),
        ({"theme": "999999"}, "Thème"),
        ({"department": "zz"}, "Département"),
        ({"status": "n'importe"}, "Statut"),
        ({"eligibility": "1; DROP"}, "Éligibilité"),
        ({"co_applicants": "peut-être"}, "Co-candidates"),
    ],
)
def test_a_bad_filter_is_reported_in_french_and_ignored(client, pipeline, params, field):
    advisor, call, *_ = pipeline
    client.force_login(advisor)
    response = client.get(reverse("applications:pipeline", args=[call.slug]), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{field} : Ce choix ne fait pas partie de la liste : {IGNORED}." in page
    assert 'aria-invalid="true"' in page
    # Ignored, not applied: both applications are still listed.
    assert "Recyclerie du Bocage" in page and "Épicerie Solidaire" in page


def test_a_valid_filter_still_filters_next_to_a_bad_one(client, pipeline):
    advisor, call, theme, *_ = pipeline
    client.force_login(advisor)
    url = reverse("applications:pipeline", args=[call.slug])
    page = client.get(url, {"theme": theme.pk, "department": "zz"}).content.decode()
    assert "Recyclerie du Bocage" in page and "Épicerie Solidaire" not in page
    assert IGNORED in page


@pytest.mark.parametrize("number", ["abc", "0", "-1", "999"])
def test_a_bad_page_number_shows_a_page_of_the_list(client, pipeline, number):
    advisor, call, *_ = pipeline
    client.force_login(advisor)
    response = client.get(reverse("applications:pipeline", args=[call.slug]), {"page": number})
    assert response.status_code == 200
    assert "Recyclerie du Bocage" in response.content.decode()


def test_the_pages_keep_the_valid_filters_only(client, pipeline, monkeypatch):
    advisor, call, *_ = pipeline
    monkeypatch.setattr("essaim.applications.views.screening.PAGE_SIZE", 1)
    client.force_login(advisor)
    url = reverse("applications:pipeline", args=[call.slug])
    page = client.get(url, {"eligibility": "pass", "theme": "abc"}).content.decode()
    assert 'href="?eligibility=pass&amp;page=2"' in page


# --- Bulk decisions ------------------------------------------------------------------------


def _bulk(client, call, ids):
    return client.post(
        reverse("applications:bulk_decide", args=[call.slug]),
        {"applications": ids, "kind": "decline", "reason": "Hors du champ", "confirmed": "1"},
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        ("abc", "« abc » ne désigne pas une candidature de cet appel."),
        ("", "Cochez au moins une candidature dans la liste."),
    ],
)
def test_a_bulk_decision_with_a_malformed_id_is_refused_in_french(client, pipeline, bad, message):
    advisor, call, _theme, numeric, _other = pipeline
    numeric.status = S.ELIGIBLE
    numeric.save(update_fields=["status"])
    client.force_login(advisor)
    response = _bulk(client, call, [numeric.pk, bad] if bad else [])
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Hors du champ</textarea>" in page  # what was typed stays
    numeric.refresh_from_db()
    assert numeric.status == S.ELIGIBLE


def test_a_bulk_decision_cannot_reach_another_calls_or_an_undecidable_application(client, pipeline):
    advisor, call, _theme, numeric, _other = pipeline
    foreign = ApplicationFactory(eligible=True)  # another operator's call
    elsewhere = ApplicationFactory(
        eligible=True, call=CallFactory(programme=call.programme)
    )  # the same programme, another call
    client.force_login(advisor)
    for target in (foreign, elsewhere, numeric):  # numeric is only submitted: not decidable
        response = _bulk(client, call, [target.pk])
        assert response.status_code == 400
        assert "rechargez la liste" in response.content.decode()
        target.refresh_from_db()
        assert target.status in (S.ELIGIBLE, S.SUBMITTED)


# --- In a browser: the refusals are readable and the pages stay accessible ------------------


@pytest.mark.browser
def test_the_pipeline_shows_a_bad_filter_and_a_refused_bulk_decision_accessibly(page):
    operator = OrganisationFactory(operator=True)
    advisor = MembershipFactory(organisation=operator, role="advisor").user
    call = CallFactory(programme=ProgrammeFactory(operator=operator))
    ApplicationFactory(call=call, eligible=True, organisation__name="Recyclerie du Bocage")
    sign_in(page, advisor)

    page.goto(page.base_url + reverse("applications:pipeline", args=[call.slug]) + "?theme=abc")
    assert IGNORED in page.locator("#id_theme_error").inner_text()
    assert page.get_by_label("Thème").get_attribute("aria-invalid") == "true"
    assert "Recyclerie du Bocage" in page.content()
    assert_accessible(page)

    page.get_by_label("Sélectionner Recyclerie du Bocage").check()
    page.get_by_label("Motif commun").fill("Hors du champ du programme")
    # As a tampered or stale page would send it.
    page.locator("input[name=applications]").evaluate("box => { box.value = 'abc'; }")
    page.get_by_role("button", name="Appliquer à la sélection").click()
    assert "« abc » ne désigne pas une candidature de cet appel." in page.content()
    assert page.get_by_label("Motif commun").input_value() == "Hors du champ du programme"
    assert_accessible(page)
