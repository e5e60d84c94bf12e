import csv
from datetime import UTC, datetime, timedelta
from io import BytesIO, StringIO

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.applications.exports import (
    XLSX_CONTENT_TYPE,
    export_columns,
    export_csv_response,
    export_queryset,
    export_rows,
    export_xlsx_response,
)
from essaim.applications.models import (
    Application,
    ApplicationDocument,
    ApplicationStatus,
    CoApplicant,
)
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.models import CallQuestion, QuestionKind, Theme
from essaim.programmes.tests.factories import CallFactory

pytestmark = pytest.mark.django_db

FIXED_HEADERS = [
    "Structure",
    "SIRET",
    "Forme juridique",
    "Commune",
    "Département",
    "Région",
    "Statut",
    "Déposée le",
    "Thème",
    "Besoin",
    "Décisionnaire",
    "Fonction (décisionnaire)",
    "E-mail (décisionnaire)",
    "Référent·e opérationnel·le",
    "Fonction (référent·e)",
    "E-mail (référent·e)",
    "Disponibilité",
    "Co-candidates",
    "Éligibilité",
    "Nombre de pièces",
    "Décision : motif",
]
# After the questions: the qualification interview, by the programme's grid (ESSor's by default).
INTERVIEW_HEADERS = [
    "Entretien : recommandation",
    "Entretien : note totale",
    "Entretien : Clarté du besoin",
    "Entretien : Disponibilité du binôme",
    "Entretien : Volonté de coopérer",
    "Entretien : Maturité du projet",
    "Entretien : Adéquation avec le thème",
]
INJECTION = '=HYPERLINK("https://exemple.invalid","Cliquez")'


def question(call, order, label, kind, **kwargs):
    return CallQuestion.objects.create(call=call, order=order, label=label, kind=kind, **kwargs)


def application(call, organisation=None, **kwargs):
    kwargs.setdefault("status", ApplicationStatus.SUBMITTED)
    kwargs.setdefault("answers", {})
    return Application.objects.create(
        call=call, organisation=organisation or OrganisationFactory(), **kwargs
    )


def co_applicant(application, status, **kwargs):
    return CoApplicant.objects.create(
        application=application,
        invited_email="contact@exemple.org",
        expires_at=timezone.now() + timedelta(days=14),
        status=status,
        **kwargs,
    )


def document(application, name="statuts.pdf"):
    return ApplicationDocument.objects.create(
        application=application,
        file=f"candidatures/{name}",
        original_name=name,
        mime_type="application/pdf",
        size=1000,
    )


def rows_of(call):
    return list(export_rows(call, export_queryset(call, Application.objects.all())))


def as_dicts(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def call():
    return CallFactory(slug="essor-2026")


@pytest.fixture
def questions(call):
    # Created out of order: the export follows `order`, not creation.
    return {
        "date": question(call, 6, "Date de création du projet", QuestionKind.DATE),
        "text": question(call, 1, "Nom du projet", QuestionKind.TEXT),
        "long_text": question(call, 2, "Décrivez votre projet", QuestionKind.LONG_TEXT),
        "choice": question(
            call, 3, "Stade du projet", QuestionKind.CHOICE, choices=["Idée", "Lancement"]
        ),
        "multiple_choice": question(
            call,
            4,
            "Publics visés",
            QuestionKind.MULTIPLE_CHOICE,
            choices=["Jeunes", "Seniors", "Familles"],
        ),
        "number": question(call, 5, "Nombre de bénévoles", QuestionKind.NUMBER),
        "attestation": question(call, 7, "J'atteste sur l'honneur", QuestionKind.ATTESTATION),
    }


@pytest.fixture
def answers(questions):
    q = questions
    return {
        q["text"].key: "Tiers-lieu nourricier",
        q["long_text"].key: "Une cantine solidaire.\nEt un jardin partagé.",
        q["choice"].key: "Lancement",
        q["multiple_choice"].key: ["Jeunes", "Familles"],
        q["number"].key: 12,
        q["date"].key: "2025-03-14",
        q["attestation"].key: True,
    }


# --- Columns ---------------------------------------------------------------------------------


def test_headers_are_the_fixed_columns_then_each_question_in_order(call, questions):
    headers = [header for header, _ in export_columns(call)]
    assert headers == [
        *FIXED_HEADERS,
        "Nom du projet",
        "Décrivez votre projet",
        "Stade du projet",
        "Publics visés",
        "Nombre de bénévoles",
        "Date de création du projet",
        "J'atteste sur l'honneur",
        *INTERVIEW_HEADERS,
    ]


def test_other_calls_questions_are_not_columns(call, questions):
    question(CallFactory(), 1, "Question d'un autre appel", QuestionKind.TEXT)
    headers = [header for header, _ in export_columns(call)]
    assert "Question d'un autre appel" not in headers


def test_answers_land_in_their_question_column_for_each_kind(call, answers):
    application(call, answers=answers)
    (row,) = as_dicts(rows_of(call))
    assert row["Nom du projet"] == "Tiers-lieu nourricier"
    assert row["Décrivez votre projet"] == "Une cantine solidaire.\nEt un jardin partagé."
    assert row["Stade du projet"] == "Lancement"
    assert row["Publics visés"] == "Jeunes; Familles"
    assert row["Nombre de bénévoles"] == 12
    assert row["Date de création du projet"] == "14/03/2025"
    assert row["J'atteste sur l'honneur"] == "Oui"


def test_missing_and_empty_answers_are_blank(call, questions):
    application(
        call,
        answers={questions["multiple_choice"].key: [], questions["attestation"].key: False},
    )
    (row,) = as_dicts(rows_of(call))
    assert row["Nom du projet"] == ""
    assert row["Publics visés"] == ""
    assert row["Nombre de bénévoles"] == ""
    assert row["Date de création du projet"] == ""
    assert row["J'atteste sur l'honneur"] == "Non"


def test_decimal_numbers_stay_numbers(call, questions):
    application(call, answers={questions["number"].key: 2.5})
    (row,) = as_dicts(rows_of(call))
    assert row["Nombre de bénévoles"] == 2.5


def test_fixed_columns(call):
    theme = Theme.objects.create(programme=call.programme, name="Alimentation durable")
    organisation = OrganisationFactory(name="La Cantine du Coin", siret="73282932000074")
    app = application(
        call,
        organisation,
        theme=theme,
        need="Structurer le modèle économique.",
        decision_maker_name="Awa Diallo",
        decision_maker_role="Présidente",
        decision_maker_email="awa@cantine.example",
        operational_lead_name="Jules Martin",
        operational_lead_role="Coordinateur",
        operational_lead_email="jules@cantine.example",
        availability_commitment=True,
        availability_note="Deux demi-journées par mois",
        submitted_at=datetime(2026, 1, 15, 9, 5, tzinfo=UTC),
        eligibility=[
            {"criterion": 1, "label": "Siège", "status": "pass", "reason": ""},
            {"criterion": 2, "label": "Statuts", "status": "to_check", "reason": ""},
        ],
        decision_reason="Projet mûr.",
    )
    document(app, "statuts.pdf")
    document(app, "comptes.pdf")

    (row,) = as_dicts(rows_of(call))

    assert row == {
        "Structure": "La Cantine du Coin",
        "SIRET": "73282932000074",
        "Forme juridique": "Association déclarée",
        "Commune": "Rouen",
        "Département": "Seine-Maritime (76)",
        "Région": "Normandie",
        "Statut": "Déposée",
        "Déposée le": "15/01/2026 10:05",  # UTC+1 in winter
        "Thème": "Alimentation durable",
        "Besoin": "Structurer le modèle économique.",
        "Décisionnaire": "Awa Diallo",
        "Fonction (décisionnaire)": "Présidente",
        "E-mail (décisionnaire)": "awa@cantine.example",
        "Référent·e opérationnel·le": "Jules Martin",
        "Fonction (référent·e)": "Coordinateur",
        "E-mail (référent·e)": "jules@cantine.example",
        "Disponibilité": "Oui — Deux demi-journées par mois",
        "Co-candidates": "",
        "Éligibilité": "À vérifier",
        "Nombre de pièces": 2,
        "Décision : motif": "Projet mûr.",
        **dict.fromkeys(INTERVIEW_HEADERS, ""),  # no interview yet
    }


def test_submission_time_is_paris_local_time_in_summer(call):
    application(call, submitted_at=datetime(2026, 7, 1, 8, 30, tzinfo=UTC))
    (row,) = as_dicts(rows_of(call))
    assert row["Déposée le"] == "01/07/2026 10:30"


def test_a_draft_without_theme_commune_or_submission_has_blank_cells(call):
    organisation = OrganisationFactory(head_office_commune=None, legal_form=None)
    application(call, organisation, status=ApplicationStatus.DRAFT)
    (row,) = as_dicts(rows_of(call))
    assert row["Statut"] == "Brouillon"
    for header in ("Forme juridique", "Commune", "Département", "Région", "Déposée le", "Thème"):
        assert row[header] == ""
    assert row["Éligibilité"] == ""
    assert row["Nombre de pièces"] == 0


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([], ""),
        (["pass", "pass"], "Conforme"),
        (["pass", "to_check"], "À vérifier"),
        (["to_check", "fail", "pass"], "Non conforme"),
    ],
)
def test_eligibility_is_the_worst_item(call, statuses, expected):
    application(call, eligibility=[{"label": "Critère", "status": s} for s in statuses])
    (row,) = as_dicts(rows_of(call))
    assert row["Éligibilité"] == expected


def test_confirmed_co_applicants_are_listed_and_others_are_not(call):
    app = application(call)
    co_applicant(
        app,
        CoApplicant.Status.CONFIRMED,
        organisation=OrganisationFactory(name="Jardins de Cocagne"),
    )
    co_applicant(app, CoApplicant.Status.CONFIRMED, invited_name="Épicerie du Lac")
    co_applicant(
        app, CoApplicant.Status.INVITED, organisation=OrganisationFactory(name="Pas encore")
    )
    co_applicant(app, CoApplicant.Status.DECLINED, invited_name="A décliné")

    (row,) = as_dicts(rows_of(call))

    assert row["Co-candidates"] == "Jardins de Cocagne; Épicerie du Lac"


def test_queryset_keeps_the_calls_applications_ordered_by_organisation_name(call):
    application(call, OrganisationFactory(name="Zèbre solidaire"))
    application(call, OrganisationFactory(name="Abeille coopérative"))
    application(CallFactory(), OrganisationFactory(name="Autre appel"))

    names = [row["Structure"] for row in as_dicts(rows_of(call))]

    assert names == ["Abeille coopérative", "Zèbre solidaire"]


# --- CSV -------------------------------------------------------------------------------------


def parse_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_csv_is_an_attachment_for_french_excel(call, answers):
    application(call, answers=answers)
    response = export_csv_response(call, export_queryset(call, Application.objects.all()))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="candidatures-essor-2026-{today:%Y%m%d}.csv"'
    )
    assert response.content.startswith("\ufeff".encode())


def test_csv_parses_back_with_the_same_values(call, answers, questions):
    application(call, OrganisationFactory(name="Abeille"), answers=answers)
    application(call, OrganisationFactory(name="Bourdon"), answers={questions["number"].key: 2.5})
    expected = [[str(value) for value in row] for row in rows_of(call)]
    expected[2][expected[0].index("Nombre de bénévoles")] = "2,5"  # French decimal comma

    rows = parse_csv(export_csv_response(call, Application.objects.all()))

    assert rows == expected
    assert as_dicts(rows)[0]["Publics visés"] == "Jeunes; Familles"
    assert as_dicts(rows)[0]["Décrivez votre projet"] == (
        "Une cantine solidaire.\nEt un jardin partagé."
    )


@pytest.mark.parametrize("text", [INJECTION, "+33 6 00 00 00 00", "-2+3", "@SUM(A1)", "\t=1"])
def test_csv_neutralises_formulas(call, questions, text):
    application(
        call,
        OrganisationFactory(name="=1+1"),
        need=text,
        answers={questions["text"].key: text},
    )

    (row,) = as_dicts(parse_csv(export_csv_response(call, Application.objects.all())))

    assert row["Structure"] == "'=1+1"
    assert row["Besoin"] == f"'{text}"
    assert row["Nom du projet"] == f"'{text}"


def test_csv_leaves_negative_numbers_and_ordinary_text_alone(call, questions):
    application(call, need="Un besoin", answers={questions["number"].key: -3})
    (row,) = as_dicts(parse_csv(export_csv_response(call, Application.objects.all())))
    assert row["Besoin"] == "Un besoin"
    assert row["Nombre de bénévoles"] == "-3"


# --- XLSX ------------------------------------------------------------------------------------


def load_sheet(response):
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Candidatures"]
    return workbook["Candidatures"]


def test_xlsx_is_an_attachment(call):
    application(call)
    response = export_xlsx_response(call, Application.objects.all())

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="candidatures-essor-2026-{today:%Y%m%d}.xlsx"'
    )


def test_xlsx_loads_back_with_the_same_values(call, answers, questions):
    application(call, OrganisationFactory(name="Abeille"), answers=answers)
    application(call, OrganisationFactory(name="Bourdon"), answers={questions["number"].key: 2.5})
    expected = [[None if value == "" else value for value in row] for row in rows_of(call)]

    sheet = load_sheet(export_xlsx_response(call, Application.objects.all()))

    assert [list(row) for row in sheet.iter_rows(values_only=True)] == expected
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=2, column=expected[0].index("Nombre de bénévoles") + 1).data_type == "n"
    widths = [sheet.column_dimensions[letter].width for letter in ("A", "B", "J")]
    assert all(8 <= width <= 60 for width in widths)


def test_xlsx_writes_formulas_as_plain_text(call, questions):
    application(
        call,
        OrganisationFactory(name="=1+1"),
        need=INJECTION,
        answers={questions["text"].key: "@SUM(A1)"},
    )

    sheet = load_sheet(export_xlsx_response(call, Application.objects.all()))

    header = [cell.value for cell in sheet[1]]
    for column, text in (
        ("Structure", "=1+1"),
        ("Besoin", INJECTION),
        ("Nom du projet", "@SUM(A1)"),
    ):
        cell = sheet.cell(row=2, column=header.index(column) + 1)
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix


# --- Queries ---------------------------------------------------------------------------------


def populate(call, questions, count):
    for _ in range(count):
        app = application(
            call,
            theme=Theme.objects.get_or_create(programme=call.programme, name="Coopération")[0],
            answers={questions["multiple_choice"].key: ["Jeunes"]},
        )
        co_applicant(app, CoApplicant.Status.CONFIRMED, organisation=OrganisationFactory())
        co_applicant(app, CoApplicant.Status.INVITED, invited_name="Invitée")
        document(app)


def test_the_rows_take_three_queries_for_four_or_thirty_one_applications(
    call, questions, django_assert_num_queries
):
    populate(call, questions, 3)
    with django_assert_num_queries(3):  # questions, applications, co-applicants
        assert len(rows_of(call)) == 4
    populate(call, questions, 27)
    with django_assert_num_queries(3):
        assert len(rows_of(call)) == 31


# Session, user, memberships, MFA check, the call, then the export's own three (questions,
# applications, co-applicants).
EXPORT_QUERIES = 8


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_download_takes_a_fixed_number_of_queries(
    client, role_users, questions, django_assert_num_queries, fmt
):
    advisor = role_users["advisor"]
    call = questions["text"].call
    call.programme.operator = advisor.organisations.get()
    call.programme.save(update_fields=["operator"])
    client.force_login(advisor)
    url = reverse("applications:export", args=[call.slug, fmt])
    populate(call, questions, 1)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get(url).status_code == 200
    populate(call, questions, 29)
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
