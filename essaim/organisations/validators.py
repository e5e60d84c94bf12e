"""Identifier checks (DOMAIN.md §6.3): python-stdnum does the Luhn and La Poste rules."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from essaim.core.validators import validate_single_line

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


# Letters from other scripts that look Latin (Cyrillic « С », Greek « Ο »…) make a name that
# reads like another organisation's: names are written in Latin letters, digits and punctuation.
def validate_organisation_name(value: str) -> None:
    validate_single_line(value)  # line breaks, bidi overrides, zero-width characters
    for char in value:
        if unicodedata.category(char).startswith("L") and not unicodedata.name(char, "").startswith(
            "LATIN"
        ):
            raise ValidationError(
                "Le nom contient une lettre d'un autre alphabet (« %(char)s ») qui ressemble à "
                "une lettre latine : retapez-le avec un clavier français.",
                code="confusable_character",
                params={"char": char},
            )


def name_key(value: str) -> str:
    """What a name looks like to a reader: no case, accents, invisible characters or spacing.
    Two organisations with the same key and different names would be mistaken for each other."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(char for char in text if unicodedata.category(char) not in ("Mn", "Cc", "Cf"))
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())
