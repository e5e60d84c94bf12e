import django_filters
from django import forms

from essaim.core.forms import ListedSelect
from essaim.territories.models import Department

from . import selectors
from .models import ActivityCode, LegalForm, Organisation
from .validators import name_key


class DirectoryForm(forms.Form):
    def clean_q(self):
        text = self.cleaned_data["q"]
        if text and not selectors.is_identifier(text) and not name_key(text):
            raise forms.ValidationError(
                "Saisissez des lettres ou des chiffres : un nom, des mots ou un SIRET.",
                code="nothing_to_search",
            )
        return text


class OrganisationFilter(django_filters.FilterSet):
    """The directory's filters. A value that does not exist (a department code, a legal form)
    is refused with the form's message and the other filters still apply."""

    q = django_filters.CharFilter(label="Nom, mots ou SIRET", method="filter_q", max_length=100)
    department = django_filters.ModelChoiceFilter(
        label="Département",
        field_name="head_office_commune__department",
        queryset=Department.objects.order_by("code"),
        empty_label="Tous les départements",
        error_messages={"invalid_choice": "Ce département n'existe pas : choisissez-en un."},
        widget=ListedSelect(attrs={"class": "form-select"}),
    )
    legal_form = django_filters.ModelChoiceFilter(
        label="Forme juridique",
        queryset=LegalForm.objects.filter(level=2),
        method="filter_legal_form",
        empty_label="Toutes les formes",
        error_messages={
            "invalid_choice": "Cette forme juridique n'existe pas : choisissez-en une."
        },
        widget=ListedSelect(attrs={"class": "form-select"}),
    )
    sector = django_filters.ModelChoiceFilter(
        label="Secteur",
        queryset=ActivityCode.objects.filter(level="section"),
        method="filter_sector",
        empty_label="Tous les secteurs",
        error_messages={"invalid_choice": "Ce secteur n'existe pas : choisissez-en un."},
        widget=ListedSelect(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Organisation
        fields = ["q", "department", "legal_form", "sector"]
        form = DirectoryForm

    def filter_queryset(self, queryset):
        # The search last: it takes its candidates among the rows the other filters keep.
        search = self.filters["q"]
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return search.filter(queryset, self.form.cleaned_data.get("q"))

    def filter_q(self, queryset, name, value):
        return selectors.directory_search(queryset, value)

    def filter_legal_form(self, queryset, name, value):
        # The level-2 family ("Association loi 1901 ou assimilé" covers 9210, 9220…): INSEE
        # codes start with their family's, and a prefix of the column tells PostgreSQL how many
        # rows to expect, where a join to the family did not (a scan of every organisation).
        return queryset.filter(legal_form__code__startswith=value.code)

    def filter_sector(self, queryset, name, value):
        # The section's codes written out, for the same reason (a rare sector is found at once).
        return queryset.filter(naf_code_id__in=selectors.activity_codes(value))
