"""Export of a call's applications for advisors, as CSV (French Excel) or XLSX.

The view checks who may export and which applications they may see; this module only turns
those applications into rows. Pass the queryset through `export_queryset` so that the export
runs a constant number of queries, whatever the number of applications.
"""

import csv
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from essaim.applications.models import Application, CoApplicant
from essaim.programmes.eligibility import FAIL, PASS, STATUS_LABELS, TO_CHECK
from essaim.programmes.models import QuestionKind

PARIS = ZoneInfo("Europe/Paris")
DOCUMENT_COUNT = "export_document_count"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Candidatures"
# Spreadsheets read a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH = 8, 60

Column = tuple[str, Callable[[Application], object]]


# --- Columns ---------------------------------------------------------------------------------


def _organisation_attr(*path: str) -> Callable[[Application], str]:
    def value(application: Application) -> str:
        obj = application.organisation
        for name in path:
            obj = getattr(obj, name, None)
            if obj is None:
                return ""
        return obj

    return value


def _submitted_at(application: Application) -> str:
    if application.submitted_at is None:
        return ""
    return timezone.localtime(application.submitted_at, PARIS).strftime("%d/%m/%Y %H:%M")


def _availability(application: Application) -> str:
    commitment = "Oui" if application.availability_commitment else "Non"
    note = application.availability_note.strip()
    return f"{commitment} — {note}" if note else commitment


def _co_applicants(application: Application) -> str:
    # Filtered in Python so that the prefetched co-applicants of export_queryset are used.
    return "; ".join(
        co_applicant.display_name
        for co_applicant in application.co_applicants.all()
        if co_applicant.status == CoApplicant.Status.CONFIRMED
    )


def _eligibility(application: Application) -> str:
    statuses = {
        item.get("status") for item in application.eligibility or [] if isinstance(item, dict)
    }
    if not statuses:
        return ""
    if FAIL in statuses:
        return STATUS_LABELS[FAIL]
    if statuses <= {PASS}:
        return STATUS_LABELS[PASS]
    return STATUS_LABELS[TO_CHECK]  # "to_check", or a status this export does not know


def _document_count(application: Application) -> int:
    count = getattr(application, DOCUMENT_COUNT, None)
    return application.documents.count() if count is None else count


def _number(value: str) -> int | float | str:
    try:
        number = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def _date(value: str) -> str:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value).date()
        except ValueError:
            return value
    return parsed.strftime("%d/%m/%Y")


def format_answer(value, kind: str):
    """An answer of `Application.answers` as a spreadsheet value: text, a number or ""."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ""
    if isinstance(value, list | tuple):
        parts = (format_answer(item, kind) for item in value)
        return "; ".join(str(part) for part in parts if part != "")
    if isinstance(value, str):
        if kind == QuestionKind.DATE:
            return _date(value)
        if kind == QuestionKind.NUMBER:
            return _number(value)
        return value
    return str(value)


def _answer(question) -> Callable[[Application], object]:
    key, kind = question.key, question.kind

    def value(application: Application):
        return format_answer((application.answers or {}).get(key), kind)

    return value


def _interview(application: Application):
    # The reverse one-to-one raises an AttributeError subclass when there is no interview.
    interview = getattr(application, "interview", None)
    return interview if interview is not None and interview.completed_at else None


def _recommendation(application: Application) -> str:
    interview = _interview(application)
    return interview.get_recommendation_display() if interview else ""


def _total_score(application: Application) -> int | str:
    interview = _interview(application)
    return interview.total_score if interview else ""


def _score(key: str) -> Callable[[Application], object]:
    def value(application: Application):
        interview = _interview(application)
        score = interview.scores.get(key, {}) if interview else {}
        return score.get("score", "") if isinstance(score, dict) else ""

    return value


def _interview_columns(call) -> list[Column]:
    """The qualification interview: its recommendation, total and a column per criterion of the
    programme's grid."""
    grid = call.programme.qualification_grid
    return [
        ("Entretien : recommandation", _recommendation),
        ("Entretien : note totale", _total_score),
        *((f"Entretien : {c['label']}", _score(c["key"])) for c in grid),
    ]


def export_columns(call) -> list[Column]:
    """(header, value of an application) per column: the fixed ones, the call's questions, then
    the qualification interview."""
    fixed: list[Column] = [
        ("Structure", _organisation_attr("name")),
        ("SIRET", _organisation_attr("siret")),
        ("Forme juridique", _organisation_attr("legal_form", "label")),
        ("Commune", _organisation_attr("head_office_commune", "name")),
        ("Département", lambda a: str(a.organisation.department or "")),
        ("Région", lambda a: str(a.organisation.region or "")),
        ("Statut", lambda a: a.get_status_display()),
        ("Déposée le", _submitted_at),
        ("Thème", lambda a: a.theme.name if a.theme_id else ""),
        ("Besoin", lambda a: a.need),
        ("Décisionnaire", lambda a: a.decision_maker_name),
        ("Fonction (décisionnaire)", lambda a: a.decision_maker_role),
        ("E-mail (décisionnaire)", lambda a: a.decision_maker_email),
        ("Référent·e opérationnel·le", lambda a: a.operational_lead_name),
        ("Fonction (référent·e)", lambda a: a.operational_lead_role),
        ("E-mail (référent·e)", lambda a: a.operational_lead_email),
        ("Disponibilité", _availability),
        ("Co-candidates", _co_applicants),
        ("Éligibilité", _eligibility),
        ("Nombre de pièces", _document_count),
        ("Décision : motif", lambda a: a.decision_reason),
    ]
    questions = [(question.label, _answer(question)) for question in call.questions.all()]
    return fixed + questions + _interview_columns(call)


# --- Rows ------------------------------------------------------------------------------------


def export_queryset(call, applications_queryset: QuerySet) -> QuerySet:
    """The applications of `call` among those given, with everything the rows read, by name."""
    if DOCUMENT_COUNT in applications_queryset.query.annotations:
        return applications_queryset  # already prepared
    return (
        applications_queryset.filter(call=call)
        .select_related(
            "organisation__head_office_commune__department__region",
            "organisation__legal_form",
            "theme",
            "interview",
        )
        .prefetch_related(
            Prefetch("co_applicants", queryset=CoApplicant.objects.select_related("organisation"))
        )
        .annotate(**{DOCUMENT_COUNT: Count("documents", distinct=True)})
        .order_by("organisation__name", "pk")
    )


def export_rows(call, applications: Iterable[Application]) -> Iterator[list]:
    """The header row, then one row per application."""
    if isinstance(applications, QuerySet):
        applications = export_queryset(call, applications)
    columns = export_columns(call)
    yield [header for header, _ in columns]
    for application in applications:
        yield [value(application) for _, value in columns]


# --- Files -----------------------------------------------------------------------------------


def export_filename(call, extension: str) -> str:
    return f"candidatures-{call.slug}-{timezone.localdate(timezone=PARIS):%Y%m%d}.{extension}"


def _is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")  # French Excel reads "12,5", not "12.5"
    text = str(value)
    # A leading apostrophe makes Excel/LibreOffice show the text instead of running a formula.
    return f"'{text}" if _is_formula_like(text) else text


def export_csv_response(call, applications) -> HttpResponse:
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{export_filename(call, "csv")}"'},
    )
    response.write("\ufeff")  # the BOM tells Excel the file is UTF-8
    writer = csv.writer(response, delimiter=";")
    for row in export_rows(call, applications):
        writer.writerow([_csv_cell(value) for value in row])
    return response


def _width(value) -> int:
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def export_xlsx_response(call, applications) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    widths: dict[int, int] = {}
    for row_index, row in enumerate(export_rows(call, applications), start=1):
        for column_index, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            if isinstance(value, str):
                # A string cell is never evaluated: "=…" stays text instead of becoming a formula.
                cell.data_type = "s"
                if _is_formula_like(value):
                    cell.quotePrefix = True  # and stays text if someone edits the cell
            if row_index == 1:
                cell.font = bold
            widths[column_index] = max(widths.get(column_index, 0), _width(value))
    for column_index, width in widths.items():
        letter = get_column_letter(column_index)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions

    buffer = BytesIO()
    workbook.save(buffer)
    return HttpResponse(
        buffer.getvalue(),
        content_type=XLSX_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{export_filename(call, "xlsx")}"'},
    )
