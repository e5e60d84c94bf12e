import django_filters
from django import forms
from django.db.models import Q

from essaim.territories.models import Department
from essaim.territories.text import normalise

from .models import ActivityCode, LegalForm, Organisation


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom ou SIRET", method="filter_q")
    department = django_filters.ModelChoiceFilter(
        label="Département",
        field_name="head_office_commune__department",
        queryset=Department.objects.order_by("code"),
        empty_label="Tous les départements",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    legal_form = django_filters.ModelChoiceFilter(
        label="Forme juridique",
        queryset=LegalForm.objects.filter(level=2),
        method="filter_legal_form",
        empty_label="Toutes les formes",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sector = django_filters.ModelChoiceFilter(
        label="Secteur",
        queryset=ActivityCode.objects.filter(level="section"),
        method="filter_sector",
        empty_label="Tous les secteurs",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Organisation
        fields = ["q", "department", "legal_form", "sector"]

    def filter_q(self, queryset, name, value):
        digits = value.replace(" ", "")
        if digits.isdigit():
            return queryset.filter(siret__startswith=digits)
        return queryset.filter(
            Q(name__icontains=value) | Q(slug__icontains=normalise(value).replace(" ", "-"))
        )

    def filter_legal_form(self, queryset, name, value):
        # Filter on the level-2 family ("Association loi 1901 ou assimilé" covers 9210, 9220…).
        return queryset.filter(legal_form__parent=value)

    def filter_sector(self, queryset, name, value):
        return queryset.filter(naf_code__section=value.code)
