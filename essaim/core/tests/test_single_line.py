"""One-line text fields refuse line breaks, control and invisible characters, in every form."""

import pytest
from django import forms

from essaim.core.forms import StyledFormMixin
from essaim.core.validators import validate_single_line

MESSAGE = "Ce champ tient sur une seule ligne"


class NameForm(StyledFormMixin, forms.Form):
    name = forms.CharField()
    story = forms.CharField(widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added_later"] = forms.CharField(required=False)


@pytest.mark.parametrize(
    "name",
    [
        "Recyclerie\nBcc: tous@exemple.fr",
        "Recyclerie\r\nde Caen",
        "Recyclerie\tde Caen",
        "ORG \u202eCES",  # right-to-left override
        "ORG\u200bC",  # zero-width space
        "ORG\u200dC",  # zero-width joiner
        "ORG\ufeffC",  # byte order mark
        "Recyclerie\u2028de Caen",  # line separator
    ],
)
def test_a_line_break_or_an_invisible_character_is_refused(name):
    form = NameForm({"name": name, "added_later": name})
    assert not form.is_valid()
    assert MESSAGE in form.errors["name"][0]
    assert f"U+{ord(next(c for c in name if not c.isprintable())):04X}" in form.errors["name"][0]
    assert MESSAGE in form.errors["added_later"][0]  # a field added after __init__ too


def test_ordinary_french_text_and_a_multi_line_textarea_are_accepted():
    form = NameForm(
        {"name": "L'Étoile « Ô Café » – Saint-Lô, 2ᵉ étage", "story": "Ligne 1\nLigne 2"}
    )
    assert form.is_valid(), form.errors
    validate_single_line("Association d’entraide à l’œuvre")
