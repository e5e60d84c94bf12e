import unicodedata

from django.core.exceptions import ValidationError

# Control characters (line breaks, tabs…), line and paragraph separators and invisible format
# characters (bidirectional overrides such as U+202E, zero-width spaces and joiners) have no
# place in a name or a title: a line break makes every e-mail whose subject quotes it fail, and
# invisible characters disguise one organisation's name as another's.
_UNPRINTABLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def validate_single_line(value: str) -> None:
    for character in str(value):
        if unicodedata.category(character) in _UNPRINTABLE_CATEGORIES:
            raise ValidationError(
                "Ce champ tient sur une seule ligne : retirez le retour à la ligne, la tabulation "
                "ou le caractère invisible qu'il contient (%(code)s).",
                code="single_line",
                params={"code": f"U+{ord(character):04X}"},
            )
