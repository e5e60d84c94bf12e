from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from essaim.organisations.models import LegalForm
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.eligibility import (
    FAIL,
    PASS,
    RULES,
    STATUS_LABELS,
    TO_CHECK,
    EligibilityContext,
    Rule,
    RuleResult,
    evaluate_call,
    evaluate_criterion,
    register,
    rule_choices,
    summarise,
)
from essaim.programmes.models import EligibilityCriterion, Theme
from essaim.programmes.tests.factories import CallFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)
BUILTIN_KEYS = [
    "head_office_in",
    "min_age",
    "min_employees",
    "legal_forms",
    "ess_status",
    "theme_in_call",
    "attestation",
]


def make_context(organisation=None, call=None, theme=None, attestations=None, today=TODAY):
    return EligibilityContext(
        organisation=organisation or OrganisationFactory(),
        call=call or CallFactory(),
        theme=theme,
        attestations=attestations or {},
        today=today,
    )


def make_criterion(call, rule_type="", params=None, label="Critère", order=0):
    return EligibilityCriterion.objects.create(
        call=call, rule_type=rule_type, params=params or {}, label=label, order=order
    )


def check(rule_type, params=None, *, organisation=None, theme=None, attestations=None, **kw):
    """Evaluate one criterion of a fresh call; `attestations=True` ticks this criterion."""
    call = kw.pop("call", None) or CallFactory()
    criterion = make_criterion(call, rule_type, params)
    if attestations is True:
        attestations = {str(criterion.pk): True}
    context = make_context(organisation, call, theme, attestations, **kw)
    return evaluate_criterion(criterion, context)


def refuse(rule_type, params, *words):
    """clean_params refuses `params` with a French message containing `words`."""
    with pytest.raises(ValidationError) as error:
        RULES[rule_type].clean_params(params)
    message = " ".join(error.value.messages)
    for word in words:
        assert word in message, message
    return message


# --- Registry ---------------------------------------------------------------------------------


def test_status_labels_are_french():
    assert (PASS, FAIL, TO_CHECK) == ("pass", "fail", "to_check")
    assert STATUS_LABELS == {PASS: "Conforme", FAIL: "Non conforme", TO_CHECK: "À vérifier"}


def test_builtin_rules_are_registered_with_french_label_and_help():
    assert set(BUILTIN_KEYS) <= set(RULES)
    for key in BUILTIN_KEYS:
        rule = RULES[key]
        assert rule.key == key
        assert rule.label and rule.help


def test_rule_choices_start_with_manual_check():
    choices = rule_choices()
    assert choices[0] == ("", "Vérification manuelle")
    assert choices[1 : len(BUILTIN_KEYS) + 1] == [(key, RULES[key].label) for key in BUILTIN_KEYS]


def test_blank_rule_is_to_check_by_the_advisor():
    result = check("")
    assert result == RuleResult(
        TO_CHECK, "Critère vérifié par le chargé d'accompagnement lors de l'instruction."
    )


def test_unknown_rule_is_to_check_and_never_crashes():
    result = check("no_such_rule", {"whatever": 1})
    assert result.status == TO_CHECK
    assert "« no_such_rule »" in result.reason
    assert "inconnue" in result.reason
    assert "chargé d'accompagnement" in result.reason


def test_misconfigured_rule_is_to_check():
    result = check("min_age", {"years": -1})
    assert result.status == TO_CHECK
    assert "mal paramétrée" in result.reason
    assert "Ancienneté minimale" in result.reason


@pytest.fixture
def custom_rule():
    rule = Rule(
        key="healthy_finances",
        label="Situation financière saine",
        help="Aucun paramètre.",
        evaluate=lambda params, context, criterion: RuleResult(
            FAIL, f"Fonds propres négatifs ({params['threshold']})."
        ),
        clean_params=lambda params: {"threshold": params.get("threshold", 0)},
    )
    yield rule
    RULES.pop(rule.key, None)


def test_register_adds_a_rule_that_evaluate_criterion_uses(custom_rule):
    assert "healthy_finances" not in RULES
    assert register(custom_rule) is custom_rule
    assert RULES["healthy_finances"] is custom_rule
    assert ("healthy_finances", "Situation financière saine") in rule_choices()
    result = check("healthy_finances", {})
    assert result == RuleResult(FAIL, "Fonds propres négatifs (0).")
    # Registering the same rule again is harmless, another rule under its key is a bug.
    register(custom_rule)
    with pytest.raises(ValueError, match="already registered"):
        register(Rule("healthy_finances", "Autre", "", custom_rule.evaluate, dict))


def test_register_refuses_keys_that_do_not_fit_the_field():
    for key in ("", "x" * 41):
        with pytest.raises(ValueError):
            register(Rule(key, "Libellé", "", lambda *args: RuleResult(PASS, ""), dict))
        assert key not in RULES


# --- evaluate_call and summarise ----------------------------------------------------------------


def test_evaluate_call_follows_the_criteria_order():
    call = CallFactory()
    second = make_criterion(call, "min_age", {"years": 1}, label="Un an", order=2)
    manual = make_criterion(call, "", label="Solution éprouvée", order=3)
    first = make_criterion(call, "head_office_in", {"regions": ["28"]}, label="Normand", order=1)
    organisation = OrganisationFactory(creation_date=date(2025, 12, 1))
    results = evaluate_call(call.criteria.all(), make_context(organisation, call))
    assert [r["criterion"] for r in results] == [first.pk, second.pk, manual.pk]
    assert results[0]["label"] == "Normand"
    assert results[0]["rule"] == "head_office_in"
    assert results[0]["status"] == PASS
    assert results[1]["status"] == FAIL
    assert "moins d'un an" in results[1]["reason"]
    assert results[2] == {
        "criterion": manual.pk,
        "label": "Solution éprouvée",
        "rule": "",
        "status": TO_CHECK,
        "reason": "Critère vérifié par le chargé d'accompagnement lors de l'instruction.",
    }
    assert summarise(results) == FAIL


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([PASS, PASS], PASS),
        ([], PASS),
        ([PASS, TO_CHECK], TO_CHECK),
        ([TO_CHECK], TO_CHECK),
        ([PASS, FAIL], FAIL),
        ([TO_CHECK, FAIL, PASS], FAIL),
    ],
)
def test_summarise(statuses, expected):
    assert summarise([{"status": status} for status in statuses]) == expected


# --- head_office_in -----------------------------------------------------------------------------


def test_head_office_in_region_passes():
    result = check("head_office_in", {"regions": ["28"]})  # Rouen, Seine-Maritime, Normandie
    assert result.status == PASS
    assert "Rouen" in result.reason
    assert "Seine-Maritime (76)" in result.reason
    assert "région Normandie" in result.reason


def test_head_office_in_department_passes():
    result = check("head_office_in", {"departments": ["14", "76"]})
    assert result.status == PASS
    assert "Rouen" in result.reason


def test_head_office_in_fails_naming_what_was_found_and_expected():
    result = check("head_office_in", {"regions": ["52"], "departments": ["14"]})
    assert result.status == FAIL
    assert "la région Pays de la Loire ou le département Calvados (14)" in result.reason
    assert "Rouen" in result.reason
    assert "Seine-Maritime (76)" in result.reason
    assert "Normandie" in result.reason


def test_head_office_in_fails_with_several_departments():
    result = check("head_office_in", {"departments": ["44", "49"]})
    assert result.status == FAIL
    assert "l'un des départements Loire-Atlantique (44) ou Maine-et-Loire (49)" in result.reason


def test_head_office_in_is_to_check_without_commune():
    result = check(
        "head_office_in",
        {"regions": ["28"]},
        organisation=OrganisationFactory(head_office_commune=None),
    )
    assert result.status == TO_CHECK
    assert "commune du siège n'est pas renseignée" in result.reason
    assert "la région Normandie" in result.reason


def test_head_office_in_clean_params_normalises():
    clean = RULES["head_office_in"].clean_params
    assert clean({"departments": [" 76", "76", "14"]}) == {"departments": ["76", "14"]}
    assert clean({"regions": ["28"], "departments": ["44"]}) == {
        "regions": ["28"],
        "departments": ["44"],
    }


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, ["au moins une région"]),
        ({"regions": ["99"]}, ["Code de région inconnu", "99"]),
        ({"departments": ["76", "998", "999"]}, ["Codes de département inconnus", "998, 999"]),
        ({"regions": []}, ["vide"]),
        ({"departments": "76"}, ["liste"]),
        ({"departments": [76]}, ["chaînes de caractères"]),
        ({"regions": ["28"], "communes": ["76540"]}, ["Paramètre inconnu", "communes"]),
        (["28"], ["objet JSON"]),
    ],
)
def test_head_office_in_clean_params_refuses(params, words):
    refuse("head_office_in", params, *words)


# --- min_age ------------------------------------------------------------------------------------


def test_min_age_passes():
    result = check(
        "min_age", {"years": 1}, organisation=OrganisationFactory(creation_date=date(2020, 1, 1))
    )
    assert result.status == PASS
    assert "01/01/2020" in result.reason
    assert "6 ans d'existence" in result.reason
    assert "au moins 1 an" in result.reason


def test_min_age_fails():
    organisation = OrganisationFactory(creation_date=date(2024, 6, 1))
    result = check("min_age", {"years": 3}, organisation=organisation)
    assert result.status == FAIL
    assert "Il faut au moins 3 ans d'existence" in result.reason
    assert "01/06/2024" in result.reason
    assert "1 an d'existence au 15/03/2026" in result.reason


def test_min_age_is_to_check_without_creation_date():
    result = check("min_age", {"years": 1}, organisation=OrganisationFactory(creation_date=None))
    assert result.status == TO_CHECK
    assert "date de création n'est pas renseignée" in result.reason
    assert "au moins 1 an" in result.reason


@pytest.mark.parametrize(
    ("created", "today", "years", "status"),
    [
        (date(2023, 3, 15), date(2026, 3, 15), 3, PASS),  # exactly 3 years
        (date(2023, 3, 16), date(2026, 3, 15), 3, FAIL),  # one day short
        (date(2025, 3, 15), date(2026, 3, 15), 1, PASS),
        (date(2025, 3, 15), date(2026, 3, 14), 1, FAIL),
        # Created on 29 February: the year is completed on 1 March of a common year.
        (date(2024, 2, 29), date(2025, 2, 28), 1, FAIL),
        (date(2024, 2, 29), date(2025, 3, 1), 1, PASS),
        (date(2024, 2, 29), date(2028, 2, 29), 4, PASS),
        (date(2024, 2, 29), date(2028, 2, 28), 4, FAIL),
        (date(2026, 3, 15), date(2026, 3, 15), 0, PASS),
    ],
)
def test_min_age_boundaries(created, today, years, status):
    organisation = OrganisationFactory(creation_date=created)
    assert check("min_age", {"years": years}, organisation=organisation, today=today).status == (
        status
    )


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, ["« years »"]),
        ({"years": -1}, ["négatif"]),
        ({"years": "1"}, ["entier"]),
        ({"years": 1.5}, ["entier"]),
        ({"years": True}, ["entier"]),
        ({"years": 1, "months": 6}, ["Paramètre inconnu", "months"]),
    ],
)
def test_min_age_clean_params_refuses(params, words):
    refuse("min_age", params, *words)


# --- min_employees ------------------------------------------------------------------------------


def test_min_employees_passes_at_the_threshold():
    organisation = OrganisationFactory(employees_fte=Decimal("1.0"))
    result = check("min_employees", {"fte": 1}, organisation=organisation)
    assert result.status == PASS
    assert "1 ETP" in result.reason


def test_min_employees_accepts_decimals():
    organisation = OrganisationFactory(employees_fte=Decimal("0.5"))
    assert check("min_employees", {"fte": 0.5}, organisation=organisation).status == PASS


def test_min_employees_fails():
    organisation = OrganisationFactory(employees_fte=Decimal("0.5"))
    result = check("min_employees", {"fte": 1.5}, organisation=organisation)
    assert result.status == FAIL
    assert "au moins 1,5 équivalent temps plein (ETP)" in result.reason
    assert "déclare 0,5 ETP" in result.reason
    result = check("min_employees", {"fte": 2}, organisation=organisation)
    assert "au moins 2 équivalents temps plein (ETP)" in result.reason


def test_min_employees_is_to_check_when_empty():
    organisation = OrganisationFactory(employees_fte=None)
    result = check("min_employees", {"fte": 1}, organisation=organisation)
    assert result.status == TO_CHECK
    assert "effectif salarié (ETP) n'est pas renseigné" in result.reason
    assert "au moins 1 équivalent temps plein" in result.reason


def test_min_employees_clean_params_normalises_to_json_numbers():
    clean = RULES["min_employees"].clean_params
    assert clean({"fte": Decimal("2.0")}) == {"fte": 2}
    assert clean({"fte": "1,5"}) == {"fte": 1.5}
    assert clean({"fte": 0.5}) == {"fte": 0.5}
    assert clean({"fte": 0}) == {"fte": 0}


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, ["« fte »"]),
        ({"fte": -1}, ["négatif"]),
        ({"fte": "beaucoup"}, ["nombre"]),
        ({"fte": "NaN"}, ["nombre fini"]),
        ({"fte": None}, ["nombre"]),
        ({"fte": [1]}, ["nombre"]),
        ({"fte": True}, ["nombre"]),
        ({"fte": 1, "volunteers": 3}, ["Paramètre inconnu", "volunteers"]),
    ],
)
def test_min_employees_clean_params_refuses(params, words):
    refuse("min_employees", params, *words)


# --- legal_forms --------------------------------------------------------------------------------


def test_legal_forms_level_2_prefix_covers_level_3_codes():
    result = check("legal_forms", {"codes": ["92", "5458"]})  # the factory's form is 9220
    assert result.status == PASS
    assert "Association déclarée" in result.reason


def test_legal_forms_exact_code_passes():
    assert check("legal_forms", {"codes": ["9220"]}).status == PASS


def test_legal_forms_fails_naming_the_organisation_form():
    result = check("legal_forms", {"codes": ["5458", "9300"]})
    assert result.status == FAIL
    assert "« Association déclarée » (9220)" in result.reason
    assert "SARL coopérative de production (SCOP) (5458)" in result.reason
    assert "Fondation (9300)" in result.reason


def test_legal_forms_prefix_does_not_cover_other_forms():
    organisation = OrganisationFactory(legal_form=LegalForm.objects.get(code="5710"))
    result = check("legal_forms", {"codes": ["92"]}, organisation=organisation)
    assert result.status == FAIL
    assert "SAS, société par actions simplifiée" in result.reason
    assert "Association loi 1901 ou assimilé (92)" in result.reason


def test_legal_forms_is_to_check_without_legal_form():
    organisation = OrganisationFactory(legal_form=None)
    result = check("legal_forms", {"codes": ["92"]}, organisation=organisation)
    assert result.status == TO_CHECK
    assert "forme juridique n'est pas renseignée" in result.reason
    assert "Association loi 1901 ou assimilé (92)" in result.reason


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, ["« codes »"]),
        ({"codes": []}, ["vide"]),
        ({"codes": [92]}, ["chaînes de caractères"]),
        ({"codes": ["asso"]}, ["1 à 4 chiffres", "ASSO"]),
        ({"codes": ["92201"]}, ["1 à 4 chiffres"]),
        ({"codes": ["92", "9876"]}, ["Code de forme juridique inconnu", "9876"]),
        ({"codes": ["92"], "exclude": ["9210"]}, ["Paramètre inconnu", "exclude"]),
    ],
)
def test_legal_forms_clean_params_refuses(params, words):
    refuse("legal_forms", params, *words)


# --- ess_status ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("require", "is_ess", "esus", "status", "words"),
    [
        ("ess", True, False, PASS, ["appartient à l'ESS"]),
        (
            "ess",
            False,
            True,
            FAIL,
            ["doit appartenir à l'économie sociale et solidaire", "n'est pas déclarée"],
        ),
        ("esus", True, True, PASS, ["détient l'agrément ESUS"]),
        (
            "esus",
            True,
            False,
            FAIL,
            ["doit détenir l'agrément ESUS", "ne déclare pas d'agrément ESUS"],
        ),
        ("ess_or_esus", False, True, PASS, ["détient l'agrément ESUS"]),
        ("ess_or_esus", True, False, PASS, ["appartient à l'ESS"]),
        (
            "ess_or_esus",
            False,
            False,
            FAIL,
            ["appartenir à l'ESS ou détenir l'agrément ESUS", "n'est pas déclarée"],
        ),
    ],
)
def test_ess_status(require, is_ess, esus, status, words):
    organisation = OrganisationFactory(is_ess=is_ess, esus_approval=esus)
    result = check("ess_status", {"require": require}, organisation=organisation)
    assert result.status == status
    for word in words:
        assert word in result.reason, result.reason


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, ["« require »", "ess_or_esus"]),
        ({"require": "scop"}, ["« require »", "'scop'"]),
        ({"require": ["ess"]}, ["« require »"]),
        ({"require": "ess", "strict": True}, ["Paramètre inconnu", "strict"]),
    ],
)
def test_ess_status_clean_params_refuses(params, words):
    refuse("ess_status", params, *words)


# --- theme_in_call ------------------------------------------------------------------------------


@pytest.fixture
def call_with_themes():
    call = CallFactory()
    finance = Theme.objects.create(programme=call.programme, name="Modèle économique", order=1)
    hr = Theme.objects.create(programme=call.programme, name="Ressources humaines", order=2)
    other = Theme.objects.create(programme=call.programme, name="Gouvernance", order=3)
    call.themes.set([finance, hr])
    return call, finance, other


def test_theme_in_call_passes(call_with_themes):
    call, finance, _ = call_with_themes
    result = check("theme_in_call", call=call, theme=finance)
    assert result.status == PASS
    assert "« Modèle économique »" in result.reason


def test_theme_in_call_passes_when_the_call_has_no_theme():
    result = check("theme_in_call", theme=None)
    assert result.status == PASS
    assert "pas de thème" in result.reason


def test_theme_in_call_fails_for_a_theme_outside_the_call(call_with_themes):
    call, _, other = call_with_themes
    result = check("theme_in_call", call=call, theme=other)
    assert result.status == FAIL
    assert "« Gouvernance », ne fait pas partie des thèmes de l'appel" in result.reason
    assert "« Modèle économique », « Ressources humaines »" in result.reason


def test_theme_in_call_fails_without_theme(call_with_themes):
    call, _, _ = call_with_themes
    result = check("theme_in_call", call=call, theme=None)
    assert result.status == FAIL
    assert result.reason.startswith("Aucun thème choisi")
    assert "« Ressources humaines »" in result.reason


def test_theme_in_call_clean_params():
    assert RULES["theme_in_call"].clean_params({}) == {}
    refuse("theme_in_call", {"themes": [1]}, "Paramètre inconnu", "themes", "aucun")


# --- attestation --------------------------------------------------------------------------------

STATEMENT = "J'atteste que la structure présente une situation financière saine"


def test_attestation_fails_when_not_ticked():
    result = check("attestation", {"statement": f"{STATEMENT}."}, attestations={})
    assert result == RuleResult(FAIL, f"Attestation non cochée : « {STATEMENT} ».")


def test_attestation_ticked_for_another_criterion_does_not_count():
    result = check("attestation", {"statement": STATEMENT}, attestations={"0": True})
    assert result.status == FAIL


def test_attestation_passes_when_ticked():
    result = check("attestation", {"statement": STATEMENT}, attestations=True)
    assert result.status == PASS
    assert "Attestation cochée" in result.reason
    assert STATEMENT in result.reason


def test_attestation_needing_review_is_to_check_when_ticked():
    params = {"statement": STATEMENT, "needs_review": True}
    result = check("attestation", params, attestations=True)
    assert result.status == TO_CHECK
    assert "Déclaré par la structure" in result.reason
    assert STATEMENT in result.reason
    # Shown to the applicant: what will happen, not the platform's roadmap.
    assert "vérifié par l'équipe du programme lors de l'instruction" in result.reason
    assert "module financier" not in result.reason
    assert check("attestation", params, attestations={}).status == FAIL


def test_attestation_clean_params_normalises():
    assert RULES["attestation"].clean_params({"statement": f"  {STATEMENT} "}) == {
        "statement": STATEMENT,
        "needs_review": False,
    }


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({}, ["« statement »"]),
        ({"statement": "   "}, ["« statement »"]),
        ({"statement": 1}, ["« statement »"]),
        ({"statement": STATEMENT, "needs_review": "oui"}, ["« needs_review »", "true ou false"]),
        ({"statement": STATEMENT, "review": True}, ["Paramètre inconnu", "review"]),
    ],
)
def test_attestation_clean_params_refuses(params, words):
    refuse("attestation", params, *words)
