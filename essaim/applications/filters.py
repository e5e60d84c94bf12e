"""The pipeline's filters: a value that is not one of the choices is reported next to its field
and ignored, instead of reaching the database (a 500 for `?theme=abc`)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.http import urlencode

from essaim.core.forms import ListedSelect, StyledFormMixin
from essaim.programmes.eligibility import STATUS_LABELS
from essaim.territories.models import Department

from .models import Application, ApplicationStatus, CoApplicant

IGNORED = "Ce choix ne fait pas partie de la liste : le filtre est ignoré."
CO_APPLICANT_CHOICES = [("avec", "Avec"), ("sans", "Sans")]


class PipelineFilterForm(StyledFormMixin, forms.Form):
    pass


def _choice(label: str, choices, empty_label: str, **kwargs):
    return django_filters.ChoiceFilter(
        label=label,
        choices=choices,
        empty_label=empty_label,
        error_messages={"invalid_choice": IGNORED},
        widget=ListedSelect,
        **kwargs,
    )


class PipelineFilter(django_filters.FilterSet):
    status = _choice(
        "Statut",
        [c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
        "Tous",
    )
    theme = django_filters.ModelChoiceFilter(
        label="Thème",
        queryset=None,  # the call's themes, set in __init__
        empty_label="Tous",
        error_messages={"invalid_choice": IGNORED},
        widget=ListedSelect,
    )
    department = django_filters.ModelChoiceFilter(
        label="Département",
        field_name="organisation__head_office_commune__department",
        queryset=None,  # the departments of the call's applicants, set in __init__
        empty_label="Tous",
        error_messages={"invalid_choice": IGNORED},
        widget=ListedSelect,
    )
    eligibility = _choice(
        "Éligibilité",
        list(STATUS_LABELS.items()),
        "Toutes",
        field_name="eligibility_summary",
    )
    co_applicants = _choice(
        "Co-candidates", CO_APPLICANT_CHOICES, "Peu importe", method="filter_co_applicants"
    )

    class Meta:
        model = Application
        fields = ["status", "theme", "department", "eligibility", "co_applicants"]
        form = PipelineFilterForm

    def __init__(self, data, *, queryset, call):
        super().__init__(data, queryset=queryset)
        self.filters["theme"].queryset = call.themes.all()
        # The call's few departments first (DISTINCT on one column), then their names: the
        # database walks the call's files once instead of each department looking for one.
        departments = (
            Application.objects.filter(call=call)
            .submitted()
            .order_by()
            .values("organisation__head_office_commune__department")
            .distinct()
        )
        self.filters["department"].queryset = Department.objects.filter(
            pk__in=departments
        ).order_by("code")

    def filter_co_applicants(self, queryset, name, value):
        confirmed = Exists(
            CoApplicant.objects.filter(
                application=OuterRef("pk"), status=CoApplicant.Status.CONFIRMED
            )
        )
        return queryset.filter(confirmed if value == "avec" else ~confirmed)

    def query_string(self) -> str:
        """The valid filters as a query string, for the pagination links."""
        form = self.form
        return urlencode(
            {
                name: form[name].value()
                for name in form.fields
                if name not in form.errors and form[name].value()
            }
        )
