"""Eligibility rules: the registry that turns a call's criteria into automatic checks.

An `EligibilityCriterion` names a rule of `RULES` in `rule_type` and configures it in `params`.
Each rule validates its params (`clean_params`, used by the call editor) and evaluates one
applicant into a `RuleResult`: pass, fail or "to check" by the advisor, always with a French
reason that says what was expected and what was found.

Other modules extend the registry with `register()` (the finance module will add
"healthy_finances"). Evaluation never crashes on a criterion: a blank, unknown or misconfigured
rule answers "to check".
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from essaim.organisations.models import LegalForm, Organisation
from essaim.programmes.models import Call, EligibilityCriterion, Theme
from essaim.territories.models import Department, Region

logger = logging.getLogger(__name__)

PASS, FAIL, TO_CHECK = "pass", "fail", "to_check"
STATUS_LABELS = {PASS: "Conforme", FAIL: "Non conforme", TO_CHECK: "À vérifier"}

MANUAL_LABEL = "Vérification manuelle"
MANUAL_REASON = "Critère vérifié par le chargé d'accompagnement lors de l'instruction."
RULE_KEY_MAX_LENGTH = EligibilityCriterion._meta.get_field("rule_type").max_length


@dataclass(frozen=True)
class RuleResult:
    status: str  # PASS | FAIL | TO_CHECK
    reason: str  # French, shown to the applicant and the advisor


@dataclass(frozen=True)
class EligibilityContext:
    organisation: Organisation  # the applicant
    call: Call
    theme: Theme | None  # the theme chosen in the application
    attestations: dict[str, bool]  # {str(criterion.pk): True} statements the applicant ticked
    today: date


@dataclass(frozen=True)
class Param:
    """One parameter of a rule, as the call editor asks for it (one field per parameter)."""

    name: str  # key in `EligibilityCriterion.params`
    # "regions" | "departments" | "legal_forms" (lists of codes), "integer", "number",
    # "choice" (one of `choices`), "text", "boolean"
    kind: str
    label: str  # French
    help: str = ""  # French
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # French, shown in the call editor's select
    help: str  # French: what the rule checks, shown in the editor
    evaluate: Callable[[dict, EligibilityContext, EligibilityCriterion], RuleResult]
    clean_params: Callable[[dict], dict]  # raises ValidationError (French) on a bad config
    params: tuple[Param, ...] = ()  # what the editor asks for; `clean_params` has the last word


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; registering another rule under a taken key is a bug."""
    if not rule.key or len(rule.key) > RULE_KEY_MAX_LENGTH:
        raise ValueError(f"A rule key must have 1 to {RULE_KEY_MAX_LENGTH} characters.")
    existing = RULES.get(rule.key)
    if existing is not None and existing is not rule:
        raise ValueError(f"An eligibility rule is already registered under {rule.key!r}.")
    RULES[rule.key] = rule
    return rule


def rule_choices() -> list[tuple[str, str]]:
    """Choices for the criterion form's select: manual check first, then each rule."""
    return [("", MANUAL_LABEL)] + [(key, rule.label) for key, rule in RULES.items()]


def evaluate_criterion(criterion: EligibilityCriterion, context: EligibilityContext) -> RuleResult:
    if not criterion.rule_type:
        return RuleResult(TO_CHECK, MANUAL_REASON)
    rule = RULES.get(criterion.rule_type)
    if rule is None:
        logger.warning(
            "Unknown eligibility rule %r on criterion %s", criterion.rule_type, criterion.pk
        )
        return RuleResult(
            TO_CHECK,
            f"La règle automatique « {criterion.rule_type} » est inconnue : "
            "ce critère sera vérifié par le chargé d'accompagnement lors de l'instruction.",
        )
    try:
        params = rule.clean_params(criterion.params)
    except ValidationError as error:
        logger.warning(
            "Misconfigured eligibility rule %r on criterion %s: %s",
            criterion.rule_type,
            criterion.pk,
            "; ".join(error.messages),
        )
        return RuleResult(
            TO_CHECK,
            f"La vérification automatique « {rule.label} » est mal paramétrée : "
            "ce critère sera vérifié par le chargé d'accompagnement lors de l'instruction.",
        )
    return rule.evaluate(params, context, criterion)


def evaluate_call(
    criteria: Iterable[EligibilityCriterion], context: EligibilityContext
) -> list[dict]:
    """Evaluate each criterion, in the order given, into what `Application.eligibility` stores."""
    results = []
    for criterion in criteria:
        result = evaluate_criterion(criterion, context)
        results.append(
            {
                "criterion": criterion.pk,
                "label": criterion.label,
                "rule": criterion.rule_type,
                "status": result.status,
                "reason": result.reason,
            }
        )
    return results


def summarise(results: list[dict]) -> str:
    """PASS if every criterion passes (or there is none), FAIL if any fails, else TO_CHECK."""
    statuses = {item["status"] for item in results}
    if FAIL in statuses:
        return FAIL
    if statuses <= {PASS}:
        return PASS
    return TO_CHECK


# --- Helpers for params and reasons ----------------------------------------------------------


def _params_dict(params, allowed: set[str]) -> dict:
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise ValidationError(
            "Les paramètres doivent être un objet JSON (entre accolades).", code="not_a_dict"
        )
    unknown = sorted(set(params) - allowed)
    if unknown:
        possible = ", ".join(sorted(allowed)) if allowed else "aucun"
        raise ValidationError(
            f"Paramètre inconnu : {', '.join(unknown)} (paramètres possibles : {possible}).",
            code="unknown_param",
        )
    return params


def _code_list(params: dict, key: str, what: str) -> list[str]:
    """A non-empty list of code strings, stripped, upper-cased and de-duplicated in order."""
    value = params[key]
    if not isinstance(value, list):
        raise ValidationError(
            f'« {key} » doit être une liste de codes de {what} (ex. ["76"]).', code="not_a_list"
        )
    if not value:
        raise ValidationError(
            f"La liste « {key} » est vide : indiquez au moins un code de {what}.",
            code="empty_list",
        )
    codes = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(
                f"Les codes de {what} doivent être des chaînes de caractères non vides "
                f'(ex. "76"), pas {item!r}.',
                code="not_a_string",
            )
        code = item.strip().upper()
        if code not in codes:
            codes.append(code)
    return codes


def _check_known(codes: list[str], model, what: str) -> None:
    known = set(model.objects.filter(pk__in=codes).values_list("pk", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            f"Code{'s' if len(unknown) > 1 else ''} de {what} inconnu"
            f"{'s' if len(unknown) > 1 else ''} : {', '.join(unknown)}.",
            code="unknown_code",
        )


def _number(value, key: str) -> Decimal:
    """A non-negative finite number from an int, float, Decimal or numeric string."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValidationError(f"« {key} » doit être un nombre (ex. 1).", code="not_a_number")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            f"« {key} » doit être un nombre (ex. 1), pas {value!r}.", code="not_a_number"
        ) from None
    if not number.is_finite():
        raise ValidationError(f"« {key} » doit être un nombre fini.", code="not_a_number")
    if number < 0:
        raise ValidationError(f"« {key} » ne peut pas être négatif.", code="negative")
    return number


def _format_number(value: Decimal) -> str:
    """French notation without useless zeros: 1 → "1", 0.50 → "0,5"."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _years(n: int) -> str:
    return f"{n} an" if n <= 1 else f"{n} ans"


def _full_years(born: date, today: date) -> int:
    """Completed calendar years; someone born on 29 February completes a year on 1 March."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _enumerate(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " ou " + items[-1]


# --- head_office_in --------------------------------------------------------------------------


def _clean_head_office_in(params) -> dict:
    params = _params_dict(params, {"regions", "departments"})
    if not params:
        raise ValidationError("Indiquez au moins une région ou un département.", code="required")
    cleaned = {}
    if "regions" in params:
        cleaned["regions"] = _code_list(params, "regions", "région")
        _check_known(cleaned["regions"], Region, "région")
    if "departments" in params:
        cleaned["departments"] = _code_list(params, "departments", "département")
        _check_known(cleaned["departments"], Department, "département")
    return cleaned


def _expected_territory(params: dict) -> str:
    parts = []
    regions = [r.name for r in Region.objects.filter(code__in=params.get("regions", []))]
    if len(regions) == 1:
        parts.append(f"la région {regions[0]}")
    elif regions:
        parts.append(f"l'une des régions {_enumerate(regions)}")
    departments = [
        str(d) for d in Department.objects.filter(code__in=params.get("departments", []))
    ]
    if len(departments) == 1:
        parts.append(f"le département {departments[0]}")
    elif departments:
        parts.append(f"l'un des départements {_enumerate(departments)}")
    return " ou ".join(parts)


def _evaluate_head_office_in(params, context, criterion) -> RuleResult:
    commune = context.organisation.head_office_commune
    expected = _expected_territory(params)
    if commune is None:
        return RuleResult(
            TO_CHECK,
            "La commune du siège n'est pas renseignée dans la fiche de la structure : "
            f"le chargé d'accompagnement vérifiera qu'il se trouve dans {expected}.",
        )
    department = commune.department
    region = department.region
    found = f"à {commune.name}, commune du département {department} et de la région {region.name}"
    in_departments = department.code in params.get("departments", [])
    if in_departments or region.code in params.get("regions", []):
        return RuleResult(
            PASS,
            f"Conforme : le siège de la structure est {found} ; territoire attendu : {expected}.",
        )
    return RuleResult(FAIL, f"Le siège doit se trouver dans {expected} ; or il est {found}.")


# --- min_age ---------------------------------------------------------------------------------


def _clean_min_age(params) -> dict:
    params = _params_dict(params, {"years"})
    if "years" not in params:
        raise ValidationError(
            "Indiquez l'ancienneté minimale en années (« years »).", code="required"
        )
    years = params["years"]
    if isinstance(years, bool) or not isinstance(years, int):
        raise ValidationError(
            "« years » doit être un nombre entier d'années (ex. 1).", code="not_an_integer"
        )
    if years < 0:
        raise ValidationError("« years » ne peut pas être négatif.", code="negative")
    return {"years": years}


def _evaluate_min_age(params, context, criterion) -> RuleResult:
    required = params["years"]
    created = context.organisation.creation_date
    expected = f"au moins {_years(required)} d'existence"
    if created is None:
        return RuleResult(
            TO_CHECK,
            "La date de création n'est pas renseignée dans la fiche de la structure : "
            f"le chargé d'accompagnement vérifiera qu'elle a {expected}.",
        )
    age = _full_years(created, context.today)
    seniority = "moins d'un an" if age < 1 else _years(age)
    found = f"la structure, créée le {created:%d/%m/%Y}, a {seniority} d'existence"
    if age >= required:
        return RuleResult(PASS, f"Conforme : {found} ; attendu : {expected}.")
    return RuleResult(FAIL, f"Il faut {expected} ; or {found} au {context.today:%d/%m/%Y}.")


# --- min_employees ---------------------------------------------------------------------------


def _clean_min_employees(params) -> dict:
    params = _params_dict(params, {"fte"})
    if "fte" not in params:
        raise ValidationError(
            "Indiquez le nombre minimal de salariés en ETP (« fte »).", code="required"
        )
    fte = _number(params["fte"], "fte")
    # JSON-friendly: an int when whole, else a float (employees_fte has one decimal place).
    return {"fte": int(fte) if fte == fte.to_integral_value() else float(fte)}


def _evaluate_min_employees(params, context, criterion) -> RuleResult:
    required = Decimal(str(params["fte"]))
    unit = "équivalents temps plein" if required >= 2 else "équivalent temps plein"
    expected = f"un effectif salarié d'au moins {_format_number(required)} {unit} (ETP)"
    fte = context.organisation.employees_fte
    if fte is None:
        return RuleResult(
            TO_CHECK,
            "L'effectif salarié (ETP) n'est pas renseigné dans la fiche de la structure : "
            f"le chargé d'accompagnement vérifiera qu'elle a {expected}.",
        )
    found = f"la structure déclare {_format_number(Decimal(fte))} ETP salarié"
    if Decimal(fte) >= required:
        return RuleResult(PASS, f"Conforme : {found} ; attendu : {expected}.")
    return RuleResult(FAIL, f"Il faut {expected} ; or {found}.")


# --- legal_forms -----------------------------------------------------------------------------


def _clean_legal_forms(params) -> dict:
    params = _params_dict(params, {"codes"})
    if "codes" not in params:
        raise ValidationError(
            "Indiquez les codes de catégorie juridique acceptés (« codes »).", code="required"
        )
    codes = _code_list(params, "codes", "forme juridique")
    bad = [code for code in codes if not (code.isdigit() and len(code) <= 4)]
    if bad:
        raise ValidationError(
            'Un code de forme juridique INSEE compte 1 à 4 chiffres (ex. "92" ou "5458") : '
            f"{', '.join(bad)} ne convient pas.",
            code="bad_code",
        )
    _check_known(codes, LegalForm, "forme juridique")
    return {"codes": codes}


def _evaluate_legal_forms(params, context, criterion) -> RuleResult:
    codes = params["codes"]
    labels = {form.code: form.label for form in LegalForm.objects.filter(code__in=codes)}
    accepted = ", ".join(f"{labels.get(code, code)} ({code})" for code in codes)
    form = context.organisation.legal_form
    if form is None:
        return RuleResult(
            TO_CHECK,
            "La forme juridique n'est pas renseignée dans la fiche de la structure : le chargé "
            f"d'accompagnement vérifiera qu'elle fait partie des formes acceptées : {accepted}.",
        )
    found = f"la forme juridique de la structure est « {form.label} » ({form.code})"
    if any(form.code.startswith(code) for code in codes):
        return RuleResult(PASS, f"Conforme : {found}, parmi les formes acceptées.")
    return RuleResult(FAIL, f"Formes juridiques acceptées : {accepted} ; or {found}.")


# --- ess_status ------------------------------------------------------------------------------

ESS_REQUIREMENTS = {
    "ess": "appartenir à l'économie sociale et solidaire (ESS)",
    "esus": "détenir l'agrément ESUS (entreprise solidaire d'utilité sociale)",
    "ess_or_esus": "appartenir à l'ESS ou détenir l'agrément ESUS",
}


def _clean_ess_status(params) -> dict:
    params = _params_dict(params, {"require"})
    require = params.get("require")
    if not isinstance(require, str) or require not in ESS_REQUIREMENTS:
        raise ValidationError(
            '« require » doit valoir "ess", "esus" ou "ess_or_esus"'
            + (f", pas {require!r}." if "require" in params else "."),
            code="bad_choice",
        )
    return {"require": require}


def _evaluate_ess_status(params, context, criterion) -> RuleResult:
    require = params["require"]
    organisation = context.organisation
    is_ess, esus = organisation.is_ess, organisation.esus_approval
    passed = {"ess": is_ess, "esus": esus, "ess_or_esus": is_ess or esus}[require]
    found = (
        ("appartient à l'ESS" if is_ess else "n'est pas déclarée comme appartenant à l'ESS")
        + " et "
        + ("détient l'agrément ESUS" if esus else "ne déclare pas d'agrément ESUS")
    )
    if passed:
        return RuleResult(PASS, f"Conforme : la structure {found}.")
    return RuleResult(FAIL, f"La structure doit {ESS_REQUIREMENTS[require]} ; or elle {found}.")


# --- theme_in_call ---------------------------------------------------------------------------


def _clean_theme_in_call(params) -> dict:
    _params_dict(params, set())
    return {}


def _evaluate_theme_in_call(params, context, criterion) -> RuleResult:
    themes = list(context.call.themes.all())
    if not themes:
        return RuleResult(PASS, "Conforme : l'appel ne propose pas de thème à choisir.")
    names = ", ".join(f"« {theme.name} »" for theme in themes)
    if context.theme is None:
        return RuleResult(
            FAIL, f"Aucun thème choisi ; choisissez l'un des thèmes de l'appel : {names}."
        )
    if context.theme in themes:
        return RuleResult(
            PASS, f"Conforme : le thème choisi, « {context.theme.name} », fait partie de l'appel."
        )
    return RuleResult(
        FAIL,
        f"Le thème choisi, « {context.theme.name} », ne fait pas partie des thèmes de l'appel : "
        f"{names}.",
    )


# --- attestation -----------------------------------------------------------------------------


def _clean_attestation(params) -> dict:
    params = _params_dict(params, {"statement", "needs_review"})
    statement = params.get("statement")
    if not isinstance(statement, str) or not statement.strip():
        raise ValidationError(
            "Indiquez la déclaration à cocher (« statement »), par exemple "
            "« J'atteste que la structure présente une situation financière saine ».",
            code="required",
        )
    needs_review = params.get("needs_review", False)
    if not isinstance(needs_review, bool):
        raise ValidationError("« needs_review » doit valoir true ou false.", code="not_a_boolean")
    return {"statement": statement.strip(), "needs_review": needs_review}


def _evaluate_attestation(params, context, criterion) -> RuleResult:
    # The closing full stop of the statement would double the one after the quotes.
    statement = params["statement"].rstrip(" .")
    if context.attestations.get(str(criterion.pk)) is not True:
        return RuleResult(FAIL, f"Attestation non cochée : « {statement} ».")
    if params["needs_review"]:
        return RuleResult(
            TO_CHECK,
            f"Déclaré par la structure : « {statement} ». Ce point sera vérifié par l'équipe "
            "du programme lors de l'instruction.",
        )
    return RuleResult(PASS, f"Attestation cochée : « {statement} ».")


# --- The rules shipped with essaim ------------------------------------------------------------

register(
    Rule(
        key="head_office_in",
        label="Siège dans un territoire",
        help=(
            "Le critère est rempli si la commune du siège est dans l'une des régions ou l'un des "
            "départements choisis."
        ),
        evaluate=_evaluate_head_office_in,
        clean_params=_clean_head_office_in,
        params=(
            Param("regions", "regions", "Régions"),
            Param("departments", "departments", "Départements"),
        ),
    )
)
register(
    Rule(
        key="min_age",
        label="Ancienneté minimale",
        help=(
            "Nombre d'années d'existence exigé depuis la date de création. Une structure créée "
            "il y a exactement ce nombre d'années remplit le critère."
        ),
        evaluate=_evaluate_min_age,
        clean_params=_clean_min_age,
        params=(Param("years", "integer", "Ancienneté minimale (en années)", required=True),),
    )
)
register(
    Rule(
        key="min_employees",
        label="Nombre minimal de salariés (ETP)",
        help="Effectif salarié minimal en équivalents temps plein (décimales acceptées).",
        evaluate=_evaluate_min_employees,
        clean_params=_clean_min_employees,
        params=(
            Param(
                "fte",
                "number",
                "Effectif salarié minimal (ETP)",
                help="Ex. 1, ou 0,5 pour un mi-temps.",
                required=True,
            ),
        ),
    )
)
register(
    Rule(
        key="legal_forms",
        label="Formes juridiques acceptées",
        help=(
            "Formes juridiques (catégories INSEE) acceptées. Une catégorie couvre toutes ses "
            "formes : « 92 » couvre les associations 9210, 9220, 9221…"
        ),
        evaluate=_evaluate_legal_forms,
        clean_params=_clean_legal_forms,
        params=(Param("codes", "legal_forms", "Formes juridiques acceptées", required=True),),
    )
)
register(
    Rule(
        key="ess_status",
        label="Appartenance à l'ESS ou agrément ESUS",
        help="Statut exigé : structure de l'ESS, agrément ESUS, ou l'un des deux.",
        evaluate=_evaluate_ess_status,
        clean_params=_clean_ess_status,
        params=(
            Param(
                "require",
                "choice",
                "Statut exigé",
                required=True,
                choices=(
                    ("ess", "Appartenir à l'ESS"),
                    ("esus", "Détenir l'agrément ESUS"),
                    ("ess_or_esus", "Appartenir à l'ESS ou détenir l'agrément ESUS"),
                ),
            ),
        ),
    )
)
register(
    Rule(
        key="theme_in_call",
        label="Thème choisi parmi ceux de l'appel",
        help=(
            "Sans paramètre. Le thème choisi dans la candidature doit être l'un des thèmes de "
            "l'appel ; si l'appel n'a pas de thème, le critère est rempli."
        ),
        evaluate=_evaluate_theme_in_call,
        clean_params=_clean_theme_in_call,
    )
)
register(
    Rule(
        key="attestation",
        label="Attestation sur l'honneur",
        help=(
            "Déclaration que la structure coche en candidatant. Si elle doit être vérifiée, la "
            "déclaration cochée reste « à vérifier » par le chargé d'accompagnement (ex. "
            "situation financière saine)."
        ),
        evaluate=_evaluate_attestation,
        clean_params=_clean_attestation,
        params=(
            Param(
                "statement",
                "text",
                "Déclaration à cocher",
                help="Ex. « J'atteste que la structure présente une situation financière saine. »",
                required=True,
            ),
            Param(
                "needs_review",
                "boolean",
                "À vérifier par le chargé d'accompagnement même si elle est cochée",
            ),
        ),
    )
)
