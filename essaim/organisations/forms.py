from typing import cast

from django import forms

from essaim.core.forms import DateInput, StyledFormMixin
from essaim.territories.forms import CommuneField

from .models import Network, Organisation
from .pickers import ActivityCodeField, LegalFormField
from .services import OrganisationData
from .validators import compact_identifier, validate_rna, validate_siret


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    """Profile of an ESS structure. Identifiers are checked here and again by the model."""

    siret = forms.CharField(
        label="SIRET du siège",
        required=False,
        max_length=20,
        help_text="14 chiffres, espaces acceptés. Laissez vide pour une association sans SIRET.",
    )
    rna_number = forms.CharField(
        label="Numéro RNA",
        required=False,
        max_length=12,
        help_text="Pour une association sans SIRET : W suivi de 9 caractères.",
    )
    legal_form = LegalFormField(label="Forme juridique", required=False)
    naf_code = ActivityCodeField(label="Secteur (code NAF)", required=False)
    head_office_commune = CommuneField(
        label="Commune du siège", help_text="Tapez le nom ou le code postal, puis choisissez."
    )
    creation_date = forms.DateField(label="Date de création", required=False, widget=DateInput())
    networks = forms.ModelMultipleChoiceField(
        label="Réseaux",
        queryset=Network.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "siret",
            "rna_number",
            "legal_form",
            "is_ess",
            "esus_approval",
            "creation_date",
            "employees_fte",
            "volunteers",
            "head_office_commune",
            "naf_code",
            "social_purpose",
            "description",
            "website",
            "networks",
        ]
        widgets = {
            "social_purpose": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "employees_fte": forms.NumberInput(attrs={"min": 0, "step": "0.1"}),
            "volunteers": forms.NumberInput(attrs={"min": 0}),
        }

    def clean_siret(self):
        value = compact_identifier(self.cleaned_data["siret"])
        if value:
            validate_siret(value)
            taken = Organisation.objects.filter(siret=value).exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError(
                    "Une structure avec ce SIRET existe déjà sur la plateforme."
                )
        return value

    def clean_rna_number(self):
        value = compact_identifier(self.cleaned_data["rna_number"])
        if value:
            validate_rna(value)
        return value

    def service_data(self) -> OrganisationData:
        # The form's fields are OrganisationData's keys, plus the networks passed on their own.
        return cast(
            OrganisationData, {k: v for k, v in self.cleaned_data.items() if k != "networks"}
        )
