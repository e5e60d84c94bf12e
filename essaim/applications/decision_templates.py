"""Operators' decision messages: a template only names the values to put in.

The syntax is the one operators already use, `{structure}`, with `{{` and `}}` for a literal
brace. Nothing else in braces is interpreted: Python's str.format would also obey format specs
and conversions (`{structure:d}` raised an error on every decision, `{structure:>30000000}`
stored a 30 MB message).
"""

import re

from django.core.exceptions import ValidationError

VARIABLES = ("structure", "appel", "programme", "motif")

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)\}")
_KNOWN = ", ".join(f"{{{name}}}" for name in VARIABLES)


def decision_template_render(template: str, values: dict[str, str]) -> str:
    """Put the values of the known names in; any other text, braces included, stays as written
    (a template stored before validation may hold a typo or a format spec)."""

    def replace(match: re.Match) -> str:
        if match[0] in ("{{", "}}"):
            return match[0][0]
        return str(values[match[1]]) if match[1] in VARIABLES else match[0]

    return _PLACEHOLDER.sub(replace, template)


def validate_decision_template(template: str) -> None:
    """Refuse what would not be replaced as written: unknown names, format specs or conversions
    (`{structure:d}`, `{appel!r}`), and braces left alone."""
    unknown, decorated, alone = [], [], False
    for match in _TOKEN.finditer(template):
        inner = match[1]
        if match[0] in ("{{", "}}"):
            continue
        if inner is None:
            alone = True
        elif inner not in VARIABLES:
            (unknown if re.fullmatch(r"\w+", inner) else decorated).append(match[0])
    errors = []
    if alone:
        errors.append(
            ValidationError(
                "Une accolade est seule : écrivez les variables ainsi : {structure}, et doublez "
                "une accolade à écrire telle quelle : {{ ou }}.",
                code="brace",
            )
        )
    if unknown:
        errors.append(
            ValidationError(
                "Variable inconnue : %(unknown)s. Variables possibles : %(known)s.",
                code="unknown_variable",
                params={"unknown": ", ".join(dict.fromkeys(unknown)), "known": _KNOWN},
            )
        )
    if decorated:
        errors.append(
            ValidationError(
                "Écrivez chaque variable seule entre accolades, sans format ni option : "
                "%(decorated)s n'est pas accepté. Variables possibles : %(known)s.",
                code="format_spec",
                params={"decorated": ", ".join(dict.fromkeys(decorated)), "known": _KNOWN},
            )
        )
    if errors:
        raise ValidationError(errors)
