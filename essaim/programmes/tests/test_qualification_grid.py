"""The qualification grid is the programme's: ESSor's five criteria by default, edited in the
programme editor, used by the interview form, its service, the file page and the exports."""

import csv
import io
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.applications import services
from essaim.applications.models import ApplicationStatus, Interview
from essaim.applications.tests.factories import ApplicationFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.core.tests.html_forms import form_values
from essaim.demo import facts as demo_facts
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.models import (
    DEFAULT_QUALIFICATION_GRID,
    Programme,
    validate_qualification_grid,
)
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 6, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))
ESSOR_LABELS = [label for _, label in DEFAULT_QUALIFICATION_GRID]
DLA_GRID = [
    {"key": "cooperation_maturity", "label": "Maturité du projet de coopération"},
    {"key": "representatives_availability", "label": "Disponibilité des deux représentant·es"},
]


@pytest.fixture(autouse=True)
def frozen(request):
    # Browser tests keep the real clock: Chromium has its own (see essaim/conftest.py).
    if request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def advisor(client, role_users):
    client.force_login(role_users["advisor"])
    return role_users["advisor"]


@pytest.fixture
def programme(advisor):
    return ProgrammeFactory(operator=advisor.memberships.get(role=Role.ADVISOR).organisation)


def interviewed(programme, **interview):
    """A file whose qualification interview took place yesterday."""
    application = ApplicationFactory(
        call=CallFactory(programme=programme),
        status=ApplicationStatus.INTERVIEW_SCHEDULED,
        submitted_at=NOW - timedelta(days=10),
        organisation__name="Recyclerie du Bocage",
    )
    Interview.objects.create(
        application=application, scheduled_at=NOW - timedelta(days=1), **interview
    )
    return application


def editor_post(client, programme, grid_text: str):
    url = reverse("programmes:update", args=[programme.slug])
    data = form_values(client.get(url).content.decode(), containing="qualification_grid")
    data["qualification_grid"] = grid_text
    return client.post(url, data)


# --- The programme's configuration ----------------------------------------------------------


def test_a_programme_starts_with_essors_grid(programme):
    assert [c["label"] for c in programme.qualification_grid] == ESSOR_LABELS


def test_the_editor_shows_the_grid_and_saves_it_unchanged(client, programme):
    url = reverse("programmes:update", args=[programme.slug])
    page = client.get(url).content.decode()
    assert "Critères de l&#x27;entretien de qualification" in page
    assert "\n".join(ESSOR_LABELS) in page
    assert client.post(url, form_values(page, containing="qualification_grid")).status_code == 302
    programme.refresh_from_db()
    assert programme.qualification_grid == Programme().qualification_grid


def test_an_advisor_changes_the_grid_and_kept_criteria_keep_their_key(client, programme):
    response = editor_post(
        client, programme, "Clarté du besoin\n\n  Maturité du projet de coopération  \n"
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.qualification_grid == [
        {"key": "need_clarity", "label": "Clarté du besoin"},
        {"key": "maturite_du_projet_de_cooperation", "label": "Maturité du projet de coopération"},
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("\n".join(f"Critère {n}" for n in range(1, 12)), "Gardez 10 critères au plus"),
        ("Clarté du besoin\nclarté du besoin", "figure deux fois"),
        ("Clarté\u200b du besoin", "une seule ligne"),
        ("x" * 121, "120 caractères au plus"),
    ],
)
def test_a_bad_grid_is_refused_next_to_its_field(client, programme, text, message):
    response = editor_post(client, programme, text)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and 'id="id_qualification_grid_error"' in page
    programme.refresh_from_db()
    assert [c["label"] for c in programme.qualification_grid] == ESSOR_LABELS


def test_an_emptied_grid_goes_back_to_essors(client, programme):
    programme.qualification_grid = DLA_GRID
    programme.save(update_fields=["qualification_grid"])
    assert editor_post(client, programme, "  \n").status_code == 302
    programme.refresh_from_db()
    assert [c["label"] for c in programme.qualification_grid] == ESSOR_LABELS


def test_the_model_refuses_an_empty_or_malformed_grid():
    for grid in ([], [{"key": "a"}], [{"key": "a", "label": "A"}] * 2, "Clarté"):
        with pytest.raises(ValidationError):
            validate_qualification_grid(grid)
    validate_qualification_grid(demo_facts.DLA_PDL["qualification_grid"])


# --- The interview follows its programme's grid ---------------------------------------------


def test_the_interview_form_shows_the_programmes_criteria(client, programme):
    programme.qualification_grid = DLA_GRID
    programme.save(update_fields=["qualification_grid"])
    application = interviewed(programme)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Maturité du projet de coopération" in page
    assert "Disponibilité des deux représentant·es" in page
    assert "Clarté du besoin" not in page


def test_the_advisor_records_the_programmes_grid_and_the_file_shows_it(client, programme):
    programme.qualification_grid = DLA_GRID
    programme.save(update_fields=["qualification_grid"])
    application = interviewed(programme)
    response = client.post(
        reverse("applications:interview_record", args=[application.pk]),
        {
            "cooperation_maturity_score": "3",
            "cooperation_maturity_comment": "Deux structures déjà proches.",
            "representatives_availability_score": "2",
            "recommendation": "admit",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Grille de qualification enregistrée" in page
    assert "Note totale : 5 / 8" in page
    assert "Deux structures déjà proches." in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.QUALIFIED


def test_the_service_refuses_scores_of_another_grid(advisor, programme):
    programme.qualification_grid = DLA_GRID
    programme.save(update_fields=["qualification_grid"])
    interview = interviewed(programme).interview
    essor_scores = {key: {"score": 3, "comment": ""} for key, _ in DEFAULT_QUALIFICATION_GRID}
    with pytest.raises(ValidationError, match="de 1 à 4"):
        services.interview_record(
            actor=advisor, interview=interview, scores=essor_scores, recommendation="admit"
        )
    with pytest.raises(ValidationError, match="de 1 à 4"):
        services.interview_record(
            actor=advisor,
            interview=interview,
            scores={c["key"]: {"score": "abc"} for c in DLA_GRID},
            recommendation="admit",
        )


def test_recorded_scores_keep_their_labels_when_the_grid_changes(client, programme):
    """An interview noted before the change keeps its criteria: named as recorded, or by key."""
    application = interviewed(
        programme,
        scores={
            "need_clarity": {"score": 4, "comment": ""},
            "old_criterion": {"score": 2, "comment": "", "label": "Ancrage territorial"},
            "legacy_key": {"score": 1, "comment": ""},
        },
        recommendation="admit",
        completed_at=NOW,
    )
    programme.qualification_grid = [
        {"key": "need_clarity", "label": "Besoin exprimé"},
        *DLA_GRID,
    ]
    programme.save(update_fields=["qualification_grid"])
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Note totale : 7 / 12" in page
    for label in ("Besoin exprimé", "Ancrage territorial", "legacy_key"):
        assert f'<th scope="row">{label}</th>' in page


def test_the_export_has_a_column_per_criterion_of_the_grid(client, programme):
    programme.qualification_grid = DLA_GRID
    programme.save(update_fields=["qualification_grid"])
    application = interviewed(
        programme,
        scores={
            "cooperation_maturity": {"score": 4, "comment": ""},
            "representatives_availability": {"score": 3, "comment": ""},
        },
        recommendation="admit",
        completed_at=NOW,
    )
    url = reverse("applications:export", args=[application.call.slug, "csv"])
    content = client.get(url).content.decode("utf-8-sig")
    (row,) = csv.DictReader(StringIO(content), delimiter=";")
    assert row["Entretien : Maturité du projet de coopération"] == "4"
    assert row["Entretien : Disponibilité des deux représentant·es"] == "3"
    assert row["Entretien : note totale"] == "7"
    assert row["Entretien : recommandation"] == "Admettre"
    assert "Entretien : Clarté du besoin" not in row


def test_the_demo_keeps_essors_grid_and_gives_the_dla_its_own():
    call_command("load_demo", stdout=io.StringIO())
    essor = Programme.objects.get(slug=demo_facts.ESSOR["slug"])
    dla = Programme.objects.get(slug=demo_facts.DLA_PDL["slug"])
    assert [c["label"] for c in essor.qualification_grid] == ESSOR_LABELS
    labels = [c["label"] for c in dla.qualification_grid]
    assert "Maturité du projet de coopération" in labels
    assert "Disponibilité des deux représentant·es" in labels
    assert "Clarté du besoin" not in labels


@pytest.mark.browser
def test_an_advisor_edits_the_grid_in_a_browser(page):
    operator = OrganisationFactory(operator=True)
    advisor = MembershipFactory(organisation=operator, role=Role.ADVISOR).user
    programme = ProgrammeFactory(operator=operator)
    sign_in(page, advisor)
    page.goto(page.base_url + reverse("programmes:update", args=[programme.slug]))
    field = page.get_by_label("Critères de l'entretien de qualification")
    assert field.input_value() == "\n".join(ESSOR_LABELS)
    field.fill("Maturité du projet de coopération\nmaturité du projet de coopération")
    page.get_by_role("button", name="Enregistrer").click()
    assert "figure deux fois" in page.locator("#id_qualification_grid_error").inner_text()
    assert_accessible(page)
    field.fill("Maturité du projet de coopération\nDisponibilité des deux représentant·es")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/programmes/gestion/")
    programme.refresh_from_db()
    assert [c["label"] for c in programme.qualification_grid] == [c["label"] for c in DLA_GRID]
