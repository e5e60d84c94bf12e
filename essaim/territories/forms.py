import re

from django import forms
from django.urls import reverse_lazy

from .models import Commune
from .selectors import communes_for_postal_code
from .text import normalise

_INSEE_SUFFIX = re.compile(r"code INSEE ([0-9][0-9AB][0-9]{3})$")


def commune_label(commune: Commune) -> str:
    """The text shown in the picker; it ends with the INSEE code so it can be read back."""
    postal = min((p.code for p in commune.postal_codes.all()), default="")
    postal = f", {postal}" if postal else ""
    return f"{commune.name}{postal} — code INSEE {commune.code}"


class CommuneInput(forms.TextInput):
    """Search-as-you-type over a native <datalist>: keyboard accessible without custom JS."""

    template_name = "territories/widgets/commune_input.html"

    def __init__(self, attrs=None):
        base = {"autocomplete": "off", "placeholder": "Nom de la commune ou code postal"}
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["search_url"] = reverse_lazy("territories:commune_search")
        return context

    def format_value(self, value):
        if isinstance(value, Commune):
            return commune_label(value)
        if isinstance(value, str) and value:
            commune = Commune.objects.prefetch_related("postal_codes").filter(pk=value).first()
            if commune is not None:
                return commune_label(commune)
        return super().format_value(value)


class CommuneField(forms.Field):
    """Accepts the picker's label, an INSEE code, a postal code served by one commune, or a name."""

    widget = CommuneInput
    default_error_messages = {
        "unknown_postal_code": "Le code postal %(value)s ne correspond à aucune commune.",
        "ambiguous_postal_code": (
            "Plusieurs communes ont le code postal %(value)s : choisissez-la dans la liste."
        ),
        "unknown": "Commune introuvable : tapez son nom ou son code postal puis choisissez-la.",
        "ambiguous": "Plusieurs communes portent ce nom : choisissez-la dans la liste.",
    }

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if isinstance(value, Commune):
            return value
        match = _INSEE_SUFFIX.search(value)
        if match or re.fullmatch(r"[0-9][0-9AB][0-9]{3}", value) and not value.isdigit():
            code = match.group(1) if match else value
            commune = Commune.objects.filter(pk=code).first()
            if commune is None:
                raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
            return commune
        if re.fullmatch(r"[0-9]{5}", value):
            communes = list(communes_for_postal_code(value)[:2])
            if not communes:
                raise forms.ValidationError(
                    self.error_messages["unknown_postal_code"],
                    code="unknown_postal_code",
                    params={"value": value},
                )
            if len(communes) > 1:
                raise forms.ValidationError(
                    self.error_messages["ambiguous_postal_code"],
                    code="ambiguous_postal_code",
                    params={"value": value},
                )
            return communes[0]
        communes = list(Commune.objects.filter(search_name=normalise(value))[:2])
        if not communes:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        if len(communes) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return communes[0]
