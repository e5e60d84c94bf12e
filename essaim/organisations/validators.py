"""Identifier checks (DOMAIN.md §6.3): python-stdnum does the Luhn and La Poste rules."""

import re

from django.core.exceptions import ValidationError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

RNA_PATTERN = re.compile(r"^W[0-9A-Z]{9}$")


def compact_identifier(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def validate_siret(value: str) -> None:
    value = compact_identifier(value)
    if not value.isdigit():
        raise ValidationError("Le SIRET ne contient que des chiffres (14).", code="siret_format")
    if len(value) != 14:
        raise ValidationError(
            "Le SIRET compte 14 chiffres (%(length)s saisis).",
            code="siret_length",
            params={"length": len(value)},
        )
    if not stdnum_siret.is_valid(value):
        raise ValidationError(
            "Ce SIRET n'existe pas : sa clé de contrôle est fausse. Vérifiez la saisie.",
            code="siret_checksum",
        )


def validate_siren(value: str) -> None:
    if not stdnum_siren.is_valid(compact_identifier(value)):
        raise ValidationError("Ce SIREN n'est pas valide.", code="siren_checksum")


def validate_rna(value: str) -> None:
    if not RNA_PATTERN.match(compact_identifier(value)):
        raise ValidationError(
            "Le numéro RNA commence par W suivi de 9 chiffres ou lettres (ex. W763006956).",
            code="rna_format",
        )
