"""The advisor's forms: programme, call with its questions, documents and criteria, decision
templates; and the read-only preview of a call's application form."""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from essaim.accounts.models import Role
from essaim.core.forms import DateInput, DateTimeInput, StyledFormMixin
from essaim.core.validators import validate_single_line
from essaim.organisations.models import Organisation, OrganisationKind
from essaim.organisations.pickers import PickerSelectMultiple, legal_form_choices
from essaim.territories.models import Department, Region

from . import eligibility
from .models import (
    QUALIFICATION_GRID_MAX,
    QUALIFICATION_LABEL_MAX,
    Call,
    CallMilestone,
    CallQuestion,
    EligibilityCriterion,
    Programme,
    QuestionKind,
    RequiredDocument,
    Theme,
    default_qualification_grid,
)
from .services import ProgrammeData

MULTIPLE_HELP = "Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."
CHOICE_KINDS = {QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE}


class LinesField(forms.CharField):
    """A textarea with one item a line, cleaned into a list of non-empty stripped strings."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [line.strip() for line in value.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


class QualificationGridField(LinesField):
    """The qualification grid, one criterion label a line; the form gives them their keys."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            value = [c["label"] if isinstance(c, dict) else c for c in value]
        return super().prepare_value(value)

    def has_changed(self, initial, data):
        return self.prepare_value(initial or []) != self.prepare_value(self.to_python(data))

    def validate(self, value):
        super().validate(value)
        if len(value) > QUALIFICATION_GRID_MAX:
            raise ValidationError(
                "Gardez %(max)s critères au plus : la grille en compte %(count)s.",
                code="grid_size",
                params={"max": QUALIFICATION_GRID_MAX, "count": len(value)},
            )
        seen = set()
        for label in value:
            validate_single_line(label)
            if len(label) > QUALIFICATION_LABEL_MAX:
                raise ValidationError(
                    "« %(label)s » : un critère tient en %(max)s caractères au plus.",
                    code="grid_label_length",
                    params={"label": label[:40] + "…", "max": QUALIFICATION_LABEL_MAX},
                )
            if label.casefold() in seen:
                raise ValidationError(
                    "« %(label)s » figure deux fois : chaque critère n'apparaît qu'une fois.",
                    code="grid_duplicate",
                    params={"label": label},
                )
            seen.add(label.casefold())


def qualification_grid_build(labels: list[str], previous: list[dict]) -> list[dict]:
    """Criteria for `labels`: a label already in the grid keeps its key (recorded interviews keep
    their scores); a new one gets a key of its own, never one the grid used before."""
    known = {c["label"].casefold(): c["key"] for c in previous}
    taken = {c["key"] for c in previous}
    grid = []
    for label in labels:
        key = known.get(label.casefold())
        if key is None:
            base = slugify(label).replace("-", "_")[:40] or "critere"
            key, number = base, 2
            while key in taken:
                key, number = f"{base}_{number}", number + 1
            taken.add(key)
        grid.append({"key": key, "label": label})
    return grid


# --- Programme --------------------------------------------------------------------------------


class ProgrammeForm(StyledFormMixin, forms.ModelForm):
    """A programme's presentation, territory, funders and experts. `operators` (on creation)
    adds the choice of the operator among those the advisor works for."""

    funders = forms.ModelMultipleChoiceField(
        label="Financeurs",
        queryset=Organisation.objects.filter(kind=OrganisationKind.FUNDER),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=MULTIPLE_HELP,
    )
    regions = forms.ModelMultipleChoiceField(
        label="Régions",
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=MULTIPLE_HELP,
    )
    departments = forms.ModelMultipleChoiceField(
        label="Départements",
        queryset=Department.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTIPLE_HELP,
    )
    experts = forms.ModelMultipleChoiceField(
        label="Expert·es",
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="Personnes qui ont le rôle d'expert·e dans une structure. " + MULTIPLE_HELP,
    )
    qualification_grid = QualificationGridField(
        label="Critères de l'entretien de qualification",
        required=False,
        help_text=f"Un critère par ligne, {QUALIFICATION_GRID_MAX} au plus, chacun noté de 1 à 4 "
        "après l'entretien ; laissé vide, la grille d'ESSor. Les entretiens déjà notés gardent "
        "leurs notes.",
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "summary",
            "description",
            "funders",
            "regions",
            "departments",
            "territory_label",
            "start_date",
            "end_date",
            "experts",
            "qualification_grid",
        ]
        labels = {
            "name": "Nom du programme",
            "summary": "Résumé",
            "territory_label": "Territoire (en clair)",
            "start_date": "Début du programme",
            "end_date": "Fin du programme",
        }
        help_texts = {
            "summary": "Une ou deux phrases, affichées sur la liste des programmes.",
            "territory_label": "Ex. « Normandie, hors Manche ». Sinon, les régions s'affichent.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = (
            get_user_model().objects.filter(memberships__role=Role.EXPERT).distinct()
        )
        if operators is not None:
            self.fields["operator"] = forms.ModelChoiceField(
                label="Opérateur", queryset=operators, empty_label="— Choisir —"
            )
            if len(operators) == 1:
                self.fields["operator"].initial = operators[0]
            # The methodology template: start from the journey and steps of a programme that has
            # proved itself (ESSor's 4 stages and 10 methodological contributions, say).
            self.fields["methodology_from"] = forms.ModelChoiceField(
                label="Reprendre le parcours et la méthodologie de",
                queryset=Programme.objects.published().filter(steps__isnull=False).distinct(),
                required=False,
                empty_label="— Aucun : partir d'une page blanche —",
                help_text="Les étapes sont copiées ; vous pourrez les adapter ensuite.",
            )
            self.order_fields(["operator"])

    def clean_qualification_grid(self):
        labels = self.cleaned_data["qualification_grid"]
        if not labels:
            return default_qualification_grid()
        return qualification_grid_build(labels, self.instance.qualification_grid or [])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fin du programme doit suivre son début.")
        return cleaned

    def service_data(self) -> ProgrammeData:
        relations = {"funders", "regions", "departments", "experts", "operator", "methodology_from"}
        # The other fields are ProgrammeData's keys.
        return cast(
            ProgrammeData, {k: v for k, v in self.cleaned_data.items() if k not in relations}
        )

    def relation_ids(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "funder_ids": [o.pk for o in cleaned["funders"]],
            "region_codes": [r.pk for r in cleaned["regions"]],
            "department_codes": [d.pk for d in cleaned["departments"]],
            "expert_ids": [u.pk for u in cleaned["experts"]],
        }


class ThemeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description"]
        labels = {"name": "Nom du thème"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


# --- Call -------------------------------------------------------------------------------------


class CallForm(StyledFormMixin, forms.ModelForm):
    opens_at = forms.DateTimeField(
        label="Ouverture des candidatures",
        required=False,
        widget=DateTimeInput(),
        help_text="Date et heure de Paris.",
    )
    closes_at = forms.DateTimeField(
        label="Clôture des candidatures",
        required=False,
        widget=DateTimeInput(),
        help_text="Date et heure de Paris ; après l'ouverture.",
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "description",
            "opens_at",
            "closes_at",
            "selection_date",
            "start_date",
            "capacity",
            "themes",
        ]
        labels = {
            "title": "Titre de l'appel",
            "selection_date": "Date de sélection",
            "start_date": "Début de l'accompagnement",
            "capacity": "Nombre de places",
            "themes": "Thèmes proposés",
        }
        help_texts = {"capacity": "Laissez vide s'il n'y a pas de limite."}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "selection_date": DateInput(),
            "start_date": DateInput(),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        themes = programme.themes.all()
        if themes:
            self.fields["themes"].queryset = themes
            self.fields["themes"].help_text = "Les candidat·es choisiront l'un de ces thèmes."
        else:
            del self.fields["themes"]

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", "La clôture doit être postérieure à l'ouverture.")
        return cleaned


class CallQuestionForm(StyledFormMixin, forms.ModelForm):
    choices = LinesField(
        label="Choix possibles (un par ligne)",
        required=False,
        help_text="Seulement pour une question à choix unique ou multiple.",
    )

    class Meta:
        model = CallQuestion
        fields = ["label", "help_text", "kind", "choices", "required"]
        labels = {
            "label": "Intitulé de la question",
            "help_text": "Aide",
            "kind": "Type de réponse",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "— Choisir —"), *QuestionKind.choices]

    def clean(self):
        cleaned = super().clean()
        kind, choices = cleaned.get("kind"), cleaned.get("choices") or []
        if kind in CHOICE_KINDS and not choices:
            self.add_error(
                "choices", "Indiquez les choix possibles, un par ligne, pour une question à choix."
            )
        elif kind and kind not in CHOICE_KINDS and choices:
            self.add_error(
                "choices",
                "Seule une question à choix unique ou multiple prend des choix possibles : "
                "videz ce champ ou changez le type de réponse.",
            )
        return cleaned


class CallMilestoneForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CallMilestone
        fields = ["date", "label"]
        labels = {"label": "Étape", "date": "Date"}
        help_texts = {"label": "Ex. « Comité de sélection », « Lancement de la cohorte »."}
        widgets = {"date": DateInput()}


class RequiredDocumentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RequiredDocument
        fields = ["label", "help_text", "required"]
        labels = {"label": "Document demandé", "help_text": "Aide"}


def _param_field(param: eligibility.Param) -> forms.Field:
    """The editor's field for one parameter of a rule; `clean_params` checks the result again."""
    common = {"label": param.label, "help_text": param.help, "required": False}
    if param.kind == "regions":
        return forms.MultipleChoiceField(
            choices=lambda: [(r.code, r.name) for r in Region.objects.order_by("name")],
            widget=PickerSelectMultiple,
            **common,
        )
    if param.kind == "departments":
        return forms.MultipleChoiceField(
            choices=lambda: [(d.code, f"{d.name} ({d.code})") for d in Department.objects.all()],
            widget=PickerSelectMultiple,
            **common,
        )
    if param.kind == "legal_forms":
        return forms.MultipleChoiceField(
            choices=lambda: legal_form_choices(categories=True),
            widget=PickerSelectMultiple,
            **common,
        )
    if param.kind == "integer":
        return forms.IntegerField(min_value=0, **common)
    if param.kind == "number":
        return forms.DecimalField(
            min_value=0,
            max_digits=6,
            decimal_places=1,
            widget=forms.NumberInput(attrs={"step": "0.1"}),
            **common,
        )
    if param.kind == "choice":
        return forms.ChoiceField(choices=[("", "— Choisir —"), *param.choices], **common)
    if param.kind == "boolean":
        return forms.BooleanField(**common)
    if param.kind == "text":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)
    raise ValueError(f"Unknown kind of rule parameter: {param.kind!r}")


def _param_name(rule: eligibility.Rule, param: eligibility.Param) -> str:
    return f"{rule.key}__{param.name}"


def _is_blank(value) -> bool:
    return value is None or value == "" or value == [] or value is False


class EligibilityCriterionForm(StyledFormMixin, forms.ModelForm):
    """A criterion and, for an automatic rule, one field per parameter the registry declares.

    Every rule's fields are in the form (criteria.js shows only the chosen rule's, all show
    without JavaScript); only the chosen rule's values become `params`, as the rule stores them."""

    rule_type = forms.ChoiceField(label="Vérification", required=False)
    item_fields = ["label", "description", "rule_type", "params"]  # what the service receives

    class Meta:
        model = EligibilityCriterion
        fields = ["label", "description", "rule_type"]
        labels = {"label": "Critère", "description": "Précision"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_type"].choices = eligibility.rule_choices()
        self.fields["rule_type"].widget.attrs["data-rule-select"] = ""
        saved = self.instance.params if isinstance(self.instance.params, dict) else {}
        for rule in eligibility.RULES.values():
            for param in rule.params:
                name = _param_name(rule, param)
                self.fields[name] = _param_field(param)
                if rule.key == self.instance.rule_type and param.name in saved:
                    self.initial[name] = saved[param.name]

    def param_groups(self) -> list[tuple[str, str, list]]:
        """(rule key, rule label, bound fields) of each rule that takes parameters."""
        return [
            (rule.key, rule.label, [self[_param_name(rule, param)] for param in rule.params])
            for rule in eligibility.RULES.values()
            if rule.params
        ]

    def clean(self):
        cleaned = super().clean()
        rule = eligibility.RULES.get(cleaned.get("rule_type") or "")
        cleaned["params"] = {}
        if rule is None:
            return cleaned
        params, missing = {}, False
        for param in rule.params:
            name = _param_name(rule, param)
            if name in self.errors:
                missing = True
                continue
            value = cleaned.get(name)
            if param.kind == "boolean":
                params[param.name] = bool(value)
            elif not _is_blank(value):
                params[param.name] = value
            elif param.required:
                self.add_error(
                    name, f"Ce paramètre est obligatoire pour la règle « {rule.label} »."
                )
                missing = True
        if missing:
            return cleaned
        try:
            cleaned["params"] = rule.clean_params(params)
        except ValidationError as error:
            first = _param_name(rule, rule.params[0]) if rule.params else None
            self.add_error(first, error)
        return cleaned


def rule_help() -> list[tuple[str, str]]:
    """Each automatic rule's name and what its parameters mean, for the call editor."""
    return [(rule.label, rule.help) for rule in eligibility.RULES.values()]


class StyledInlineFormSet(forms.BaseInlineFormSet):
    """Rows of one of a call's (or a programme's) lists; the deletion box is labelled."""

    delete_label = "Supprimer"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label

    def items(self) -> list[dict]:
        """The wanted rows for a service: kept forms in order, with "id" for existing ones."""
        rows = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            names = getattr(form, "item_fields", form._meta.fields)
            fields = [name for name in names if name in form.cleaned_data]
            rows.append(
                {"id": form.instance.pk, **{name: form.cleaned_data[name] for name in fields}}
            )
        return rows


def _formset(parent, model, form, delete_label):
    return forms.inlineformset_factory(
        parent,
        model,
        form=form,
        formset=type(
            f"{model.__name__}FormSet", (StyledInlineFormSet,), {"delete_label": delete_label}
        ),
        extra=2,
        can_delete=True,
        can_delete_extra=False,
    )


ThemeFormSet = _formset(Programme, Theme, ThemeForm, "Supprimer ce thème")
QuestionFormSet = _formset(Call, CallQuestion, CallQuestionForm, "Supprimer cette question")
DocumentFormSet = _formset(Call, RequiredDocument, RequiredDocumentForm, "Supprimer ce document")
MilestoneFormSet = _formset(Call, CallMilestone, CallMilestoneForm, "Supprimer cette étape")
CriterionFormSet = _formset(
    Call, EligibilityCriterion, EligibilityCriterionForm, "Supprimer ce critère"
)


# --- Decision templates -----------------------------------------------------------------------


# --- Preview: the application form as applicants will see it ----------------------------------


def _question_field(question: CallQuestion) -> forms.Field:
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
        "disabled": True,
    }
    choices = [(choice, choice) for choice in question.choices]
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(**common)
    if question.kind == QuestionKind.DATE:
        return forms.DateField(widget=DateInput(), **common)
    if question.kind == QuestionKind.ATTESTATION:
        return forms.BooleanField(**common)
    return forms.CharField(**common)


class CallPreviewForm(StyledFormMixin, forms.Form):
    """Read-only: the questions, documents and attestations of a call, in the applicant's order."""

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        for question in call.questions.all():
            self.fields[question.key] = _question_field(question)
        for document in call.required_documents.all():
            self.fields[f"d{document.pk}"] = forms.FileField(
                label=document.label,
                help_text=document.help_text,
                required=document.required,
                disabled=True,
            )
        for criterion in call.criteria.all():
            if criterion.rule_type == "attestation" and criterion.params.get("statement"):
                self.fields[f"c{criterion.pk}"] = forms.BooleanField(
                    label=criterion.params["statement"], required=True, disabled=True
                )
