"""The call editor asks each eligibility rule's parameters in fields of their own (no JSON),
edits the call's calendar milestones, and confirms before publishing or closing a call."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.applications.models import Application
from essaim.core.models import AuditEvent
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes import services
from essaim.programmes.models import Call, CallStatus
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory
from essaim.programmes.tests.test_manage import call_post, editor_items

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def advisor(role_users, client):
    client.force_login(role_users["advisor"])
    return role_users["advisor"]


@pytest.fixture
def programme(advisor):
    return ProgrammeFactory(operator=advisor.memberships.get(role=Role.ADVISOR).organisation)


def html(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


# --- Eligibility rules: a field per parameter ------------------------------------------------


def test_each_rule_is_configured_with_fields_and_stored_as_its_params(client, advisor, programme):
    criteria = [
        {
            "label": "Siège normand",
            "rule_type": "head_office_in",
            "head_office_in__regions": ["28"],
            "head_office_in__departments": ["76"],
        },
        {"label": "Un an d'existence", "rule_type": "min_age", "min_age__years": "1"},
        {"label": "Mi-temps", "rule_type": "min_employees", "min_employees__fte": "0.5"},
        {
            "label": "Associations et SCOP",
            "rule_type": "legal_forms",
            "legal_forms__codes": ["92", "5458"],
        },
        {"label": "ESS", "rule_type": "ess_status", "ess_status__require": "ess_or_esus"},
        {"label": "Thème", "rule_type": "theme_in_call"},
        {
            "label": "Finances saines",
            "rule_type": "attestation",
            "attestation__statement": "J'atteste que la structure a des finances saines.",
            "attestation__needs_review": "on",
        },
        # Values typed for a rule, then another rule chosen: only the chosen rule's count.
        {"label": "Manuel", "rule_type": "", "min_age__years": "3"},
    ]
    response = client.post(
        reverse("programmes:call_create", args=[programme.slug]), call_post(criteria=criteria)
    )
    assert response.status_code == 302, html(response)
    call = Call.objects.get(title="Appel 2030")
    assert [(c.rule_type, c.params) for c in call.criteria.all()] == [
        ("head_office_in", {"regions": ["28"], "departments": ["76"]}),
        ("min_age", {"years": 1}),
        ("min_employees", {"fte": 0.5}),
        ("legal_forms", {"codes": ["92", "5458"]}),
        ("ess_status", {"require": "ess_or_esus"}),
        ("theme_in_call", {}),
        (
            "attestation",
            {
                "statement": "J'atteste que la structure a des finances saines.",
                "needs_review": True,
            },
        ),
        ("", {}),
    ]


def test_the_editor_has_no_json_and_offers_pickers_for_codes(client, advisor, programme):
    call = CallFactory(programme=programme, draft=True)
    page = html(client.get(reverse("programmes:call_update", args=[call.slug])))
    assert "JSON" not in page and "{&quot;" not in page
    assert "Paramètres de la règle « Siège dans un territoire »" in page
    assert '<optgroup label="Formes les plus courantes dans l\'ESS">' in page
    assert 'name="criteria-0-legal_forms__codes"' in page and "data-picker" in page
    assert "programmes/criteria.js" in page and "organisations/pickers.js" in page


def test_an_existing_criterion_loads_into_its_fields_and_saves_unchanged(
    client, advisor, programme
):
    call = CallFactory(programme=programme, draft=True)
    call.criteria.create(
        label="Siège", rule_type="head_office_in", params={"departments": ["14", "50"]}, order=1
    )
    call.criteria.create(
        label="Employeuse", rule_type="min_employees", params={"fte": 1.5}, order=2
    )
    call.criteria.create(
        label="Finances",
        rule_type="attestation",
        params={"statement": "J'atteste.", "needs_review": False},
        order=3,
    )
    url = reverse("programmes:call_update", args=[call.slug])
    page = html(client.get(url))
    assert '<option value="14" selected>' in page and '<option value="50" selected>' in page
    assert 'name="criteria-1-min_employees__fte" value="1.5"' in page
    assert "J'atteste.</textarea>" in page

    data = editor_items(call)
    data.update(
        {
            "criteria-0-head_office_in__departments": ["14", "50"],
            "criteria-1-min_employees__fte": "1.5",
            "criteria-2-attestation__statement": "J'atteste.",
        }
    )
    assert client.post(url, data).status_code == 302
    assert [c.params for c in call.criteria.all()] == [
        {"departments": ["14", "50"]},
        {"fte": 1.5},
        {"statement": "J'atteste.", "needs_review": False},
    ]
    assert "criteria" not in AuditEvent.objects.get(action="call.updated").changes


def test_a_missing_parameter_is_explained_next_to_its_field(client, advisor, programme):
    criteria = [{"label": "Statut", "rule_type": "ess_status", "ess_status__require": ""}]
    response = client.post(
        reverse("programmes:call_create", args=[programme.slug]), call_post(criteria=criteria)
    )
    page = html(response)
    assert response.status_code == 200
    error = page.index('id="id_criteria-0-ess_status__require_error"')
    assert "Ce paramètre est obligatoire pour la règle « Appartenance à l'ESS" in page[error:]
    assert not Call.objects.exists()


# --- Milestones -------------------------------------------------------------------------------


def test_the_advisor_edits_the_calls_milestones_shown_on_its_page(client, advisor, programme):
    milestones = [
        {"date": "2030-05-12", "label": "Comité de sélection"},
        {"date": "2030-04-02", "label": "Réunion d'information"},
        {"date": "", "label": ""},  # a spare row
    ]
    response = client.post(
        reverse("programmes:call_create", args=[programme.slug]),
        call_post(milestones=milestones),
    )
    assert response.status_code == 302
    call = Call.objects.get(title="Appel 2030")
    assert [(m.date, m.label) for m in call.milestones.all()] == [
        (date(2030, 4, 2), "Réunion d'information"),
        (date(2030, 5, 12), "Comité de sélection"),
    ]

    url = reverse("programmes:call_update", args=[call.slug])
    assert "Calendrier de l'appel" in html(client.get(url))
    data = editor_items(call)
    data["milestones-0-label"] = "Réunion d'information en ligne"
    data["milestones-1-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert [m.label for m in call.milestones.all()] == ["Réunion d'information en ligne"]
    event = AuditEvent.objects.get(action="call.updated")
    assert event.changes["milestones"] == {"updated": 1, "deleted": 1}

    call.criteria.create(label="Manuel")
    services.call_publish(actor=advisor, call=call)
    page = html(client.get(reverse("programmes:call_detail", args=[call.slug])))
    assert "Réunion d'information en ligne" in page


def test_a_milestone_without_date_is_refused_in_french(client, advisor, programme):
    response = client.post(
        reverse("programmes:call_create", args=[programme.slug]),
        call_post(milestones=[{"date": "", "label": "Comité"}]),
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in html(response)


def test_duplicating_a_call_keeps_its_milestones(client, advisor, programme):
    call = CallFactory(programme=programme, title="Appel DLA 2023")
    call.milestones.create(date=date(2023, 5, 12), label="Lancement")
    call.milestones.create(date=date(2023, 6, 30), label="Clôture")
    client.post(reverse("programmes:call_duplicate", args=[call.slug]))
    copy = Call.objects.get(duplicated_from=call)
    assert [(m.date, m.label) for m in copy.milestones.all()] == [
        (date(2023, 5, 12), "Lancement"),
        (date(2023, 6, 30), "Clôture"),
    ]
    assert call.milestones.count() == 2


# --- Confirmation before publishing or closing ------------------------------------------------


def test_publishing_asks_for_confirmation_first(client, advisor, programme):
    call = CallFactory(
        programme=programme,
        draft=True,
        title="Appel DLA",
        opens_at=datetime(2030, 3, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2030, 6, 30, 12, 0, tzinfo=PARIS),
    )
    call.criteria.create(label="Manuel")
    url = reverse("programmes:call_publish", args=[call.slug])

    response = client.post(url)
    page = html(response)
    assert response.status_code == 200
    assert "Publier l'appel « Appel DLA » ?" in page
    assert (
        "L'appel sera visible de tous et ouvert aux candidatures du 1er mars 2030 à 9 h au "
        "30 juin 2030 à 12 h." in page
    )
    assert 'name="confirmed" value="1"' in page
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT and not call.transitions.exists()

    response = client.post(url, {"confirmed": "1"})
    assert response.url == reverse("programmes:call_detail", args=[call.slug])
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


def test_closing_asks_for_confirmation_and_counts_the_drafts_left(client, advisor, programme):
    call = CallFactory(
        programme=programme, title="Appel DLA", closes_at=datetime(2030, 6, 30, 12, tzinfo=PARIS)
    )
    for _ in range(2):
        Application.objects.create(call=call, organisation=OrganisationFactory(), status="draft")
    url = reverse("programmes:call_close", args=[call.slug])

    page = html(client.post(url))
    assert "Clore l'appel « Appel DLA » ?" in page
    assert "même avant sa date de clôture (30 juin 2030 à 12 h)" in page
    assert "2 candidatures en brouillon ne pourront plus être déposées" in page
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED

    client.post(url, {"confirmed": "1"})
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
