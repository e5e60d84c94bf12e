from collections.abc import Iterable
from typing import Any

from django import forms

from essaim.core.forms import DateInput, StyledFormMixin
from essaim.core.lifecycle import Transition

from .models import Cohort
from .services.membership import CohortData


def _weight_field(label: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=0,
        max_value=5,
        initial=1.0,
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )


class CompositionForm(StyledFormMixin, forms.Form):
    """The advisor's settings for a run of the composition assistant."""

    min_size = forms.IntegerField(label="Taille minimale d'une cohorte", min_value=2, initial=5)
    max_size = forms.IntegerField(label="Taille maximale d'une cohorte", min_value=2, initial=6)
    cohorts = forms.IntegerField(
        label="Nombre de cohortes",
        min_value=1,
        required=False,
        help_text="Laissez vide : l'assistant choisit selon les tailles.",
    )
    one_theme_per_cohort = forms.BooleanField(label="Un seul thème par cohorte", required=False)
    need_weight = _weight_field("Poids des besoins proches")
    complementarity_weight = _weight_field("Poids des activités complémentaires")
    territory_weight = _weight_field("Poids de la proximité territoriale")
    time_limit = forms.IntegerField(
        label="Temps de calcul maximal (secondes)", min_value=1, max_value=60, initial=10
    )

    def __init__(self, *args, candidates: dict[str, dict] | None = None, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates or {}
        # Territory counts more for some themes (public procurement is often local).
        self.themes = list(themes)
        for index, theme in enumerate(self.themes):
            self.fields[f"territory_theme_{index}"] = _weight_field(
                f"Multiplicateur de proximité pour « {theme} »"
            )
        pins = [("", "Libre"), *((str(i), f"Cohorte {i + 1}") for i in range(12))]
        for candidate_id, info in self.candidates.items():
            self.fields[f"pin_{candidate_id}"] = forms.ChoiceField(
                label=f"Épingler {info['name']}", choices=pins, required=False
            )
        self.fields["keep_apart"] = forms.CharField(
            label="Structures à séparer",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Une paire par ligne : les numéros de deux structures (ceux de la liste), "
            "séparés par une virgule.",
        )

    def clean(self):
        data = super().clean()
        if data.get("min_size") and data.get("max_size") and data["max_size"] < data["min_size"]:
            self.add_error("max_size", "La taille maximale doit être au moins la taille minimale.")
        pairs = []
        for number, line in enumerate((data.get("keep_apart") or "").splitlines(), start=1):
            if not line.strip():
                continue
            ids = [part.strip() for part in line.split(",")]
            if len(ids) != 2 or any(i not in self.candidates for i in ids) or ids[0] == ids[1]:
                self.add_error(
                    "keep_apart",
                    f"Ligne {number} : indiquez deux numéros de la liste, séparés par une virgule.",
                )
                continue
            pairs.append(ids)
        data["keep_apart_pairs"] = pairs
        return data

    def options(self) -> dict:
        data = self.cleaned_data
        return {
            "min_size": data["min_size"],
            "max_size": data["max_size"],
            "cohorts": data.get("cohorts"),
            "one_theme_per_cohort": data["one_theme_per_cohort"],
            "keep_apart": data["keep_apart_pairs"],
            "weights": {
                "need": data["need_weight"],
                "complementarity": data["complementarity_weight"],
                "territory": data["territory_weight"],
            },
            "theme_territory_weights": {
                theme: data[f"territory_theme_{index}"]
                for index, theme in enumerate(self.themes)
                if data.get(f"territory_theme_{index}") not in (None, 1.0)
            },
            "time_limit": float(data["time_limit"]),
            "seed": 0,
        }

    def pins(self) -> dict[str, int]:
        return {
            cid: int(self.cleaned_data[f"pin_{cid}"])
            for cid in self.candidates
            if self.cleaned_data.get(f"pin_{cid}")
        }


class AcceptForm(StyledFormMixin, forms.Form):
    start_date = forms.DateField(label="Début des cohortes", required=False, widget=DateInput())
    end_date = forms.DateField(label="Fin des cohortes", required=False, widget=DateInput())
    override_reason = forms.CharField(
        label="Motif d'un dépassement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seulement si la composition dépasse les places de l'appel ou la taille "
        "d'une cohorte : le motif est enregistré dans le journal.",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fin des cohortes doit suivre leur début.")
        return data


class MembershipStatusForm(StyledFormMixin, forms.Form):
    """A move of one membership along its lifecycle: the transitions offered are those the policy
    allows it now (policies.allowed_membership_transitions)."""

    transition = forms.ChoiceField(
        label="Changement",
        error_messages={
            "invalid_choice": "Ce changement de statut n'est pas possible pour cette structure."
        },
    )
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, transitions: Iterable[Transition], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["transition"].choices = [(t.name, t.label) for t in transitions]


class CohortForm(StyledFormMixin, forms.ModelForm):
    """A cohort's name, dates, size range and team (advisors of the operator, programme experts)."""

    class Meta:
        model = Cohort
        fields = [
            "name",
            "description",
            "start_date",
            "end_date",
            "min_size",
            "max_size",
            "advisors",
            "experts",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "advisors": forms.CheckboxSelectMultiple,
            "experts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, advisors, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisors"].queryset = advisors
        self.fields["experts"].queryset = experts

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fin de la cohorte doit suivre son début.")
        low, high = data.get("min_size"), data.get("max_size")
        if low and high and high < low:
            self.add_error("max_size", "La taille maximale doit être au moins la taille minimale.")
        return data

    def service_data(self) -> CohortData:
        """What cohort_update takes, besides the team."""
        return CohortData(
            **{k: v for k, v in self.cleaned_data.items() if k not in ("advisors", "experts")}
        )
