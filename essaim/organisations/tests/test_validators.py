import pytest
from django.core.exceptions import ValidationError

from essaim.organisations.validators import validate_rna, validate_siret

# Vectors from DOMAIN.md §6.3, checked with python-stdnum.
VALID_SIRETS = [
    "73282932000074",
    "35600000049837",
    "35600000000048",
    "55208131766522",
    " 732 829 320 00074 ",
]
INVALID_SIRETS = [
    ("73282932000079", "clé de contrôle"),
    ("35600000049838", "clé de contrôle"),
    ("7328293200007", "14 chiffres (13 saisis)"),
    ("7328293200007A", "que des chiffres"),
]


@pytest.mark.parametrize("value", VALID_SIRETS)
def test_valid_sirets_including_la_poste_pass(value):
    validate_siret(value)


@pytest.mark.parametrize(("value", "message"), INVALID_SIRETS)
def test_invalid_sirets_are_explained_in_french(value, message):
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert message in error.value.messages[0]


def test_rna_number_is_w_and_nine_characters():
    validate_rna("W763006956")
    with pytest.raises(ValidationError):
        validate_rna("763006956")
