"""Searchable pickers for the long nomenclatures: legal forms (about 260 codes) and NAF (about 730).

Each is a plain <select> grouped with <optgroup>, so it works without JavaScript; the widget marks
it `data-picker` and organisations/pickers.js turns it into a tom-select combobox (type a code or
words of the label, arrows, Enter). The common forms of the social economy come first.
"""

from django import forms

from .models import ActivityCode, LegalForm

PICKER_MEDIA = forms.Media(
    css={"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css"]},
    js=["vendor/tom-select/js/tom-select.complete.min.js", "organisations/pickers.js"],
)
COMMON_GROUP = "Formes les plus courantes dans l'ESS"

# INSEE codes of the legal forms most ESS organisations have, in the order shown, with the words
# people search for when the INSEE label does not say them (a SCIC has no code of its own).
COMMON_ESS_LEGAL_FORMS = {
    "9220": "association loi 1901",
    "9221": "association d'insertion",
    "9230": "",
    "9222": "",
    "9223": "",
    "9260": "",
    "5458": "SCOP SARL",
    "5558": "SCOP SA",
    "5658": "SCOP SA",
    "5460": "dont SCIC SARL",
    "5560": "dont SCIC SA",
    "5710": "dont SCIC SAS et SAS agréées ESUS",
    "5499": "dont SARL agréées ESUS",
    "6317": "",
    "6316": "",
    "8210": "",
    "8290": "",
    "9300": "",
}


def legal_form_label(form: LegalForm) -> str:
    hint = COMMON_ESS_LEGAL_FORMS.get(form.code)
    return f"{form.label}{f' – {hint}' if hint else ''} ({form.code})"


def legal_form_choices(*, categories: bool = False) -> list:
    """Grouped choices of INSEE codes: the common ESS forms, then each category's forms.
    With `categories`, a whole category (2 digits, « 92 ») can be chosen too (eligibility)."""
    forms_by_code = {f.code: f for f in LegalForm.objects.filter(level__in=[2, 3])}
    detailed = [f for f in forms_by_code.values() if f.level == 3]
    groups = [
        (
            COMMON_GROUP,
            [
                (code, legal_form_label(forms_by_code[code]))
                for code in COMMON_ESS_LEGAL_FORMS
                if code in forms_by_code
            ],
        )
    ]
    if categories:
        groups.append(
            (
                "Catégories entières (toutes leurs formes)",
                [
                    (f.code, f"{f.label} : toutes les formes ({f.code})")
                    for f in sorted(forms_by_code.values(), key=lambda f: f.code)
                    if f.level == 2
                ],
            )
        )
    for parent in sorted({f.parent_id for f in detailed}):
        members = [
            (f.code, legal_form_label(f))
            for f in sorted(detailed, key=lambda f: f.code)
            if f.parent_id == parent and f.code not in COMMON_ESS_LEGAL_FORMS
        ]
        category = forms_by_code.get(parent)
        if members:
            groups.append((category.label if category else parent, members))
    return groups


def activity_code_choices() -> list:
    """NAF sub-classes by section, each shown as « 56.10A — Restauration traditionnelle »."""
    sections = {
        code.code: code.label
        for code in ActivityCode.objects.filter(level="section").order_by("code")
    }
    groups: dict[str, list] = {}
    for code in ActivityCode.objects.filter(level="sous_classe").order_by("code"):
        groups.setdefault(code.section, []).append((code.code, f"{code.code} — {code.label}"))
    return [
        (f"{letter} – {sections.get(letter, '').capitalize()}", groups[letter])
        for letter in sorted(groups)
    ]


class PickerSelect(forms.Select):
    """A <select> that pickers.js makes searchable."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "", **(attrs or {})}, choices)

    @property
    def media(self):
        return PICKER_MEDIA


class PickerSelectMultiple(forms.SelectMultiple):
    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "", **(attrs or {})}, choices)

    @property
    def media(self):
        return PICKER_MEDIA


class _GroupedModelChoiceField(forms.ModelChoiceField):
    """A model choice whose options are shown in groups; validation still reads the queryset."""

    widget = PickerSelect

    def grouped_choices(self) -> list:
        raise NotImplementedError

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("empty_label", "— Choisir —")
        super().__init__(queryset, **kwargs)

    def __deepcopy__(self, memo):
        # Forms deep-copy their fields: the options are read once per form, here.
        field = super().__deepcopy__(memo)
        field.widget.choices = [("", field.empty_label or ""), *field.grouped_choices()]
        return field


class LegalFormField(_GroupedModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Tapez un code INSEE ou des mots du libellé (« association », « SCOP »…), puis "
            "choisissez.",
        )
        super().__init__(LegalForm.objects.filter(level=3), **kwargs)

    def grouped_choices(self) -> list:
        return legal_form_choices()


class ActivityCodeField(_GroupedModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "Tapez le code (« 56.10A ») ou des mots de l'activité, puis choisissez."
        )
        super().__init__(ActivityCode.objects.filter(level="sous_classe"), **kwargs)

    def grouped_choices(self) -> list:
        return activity_code_choices()
