"""The advisor's forms: programme, call with its questions, documents and criteria, decision
templates; and the read-only preview of a call's application form."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from essaim.accounts.models import Role
from essaim.core.forms import DateInput, DateTimeInput, StyledFormMixin
from essaim.organisations.models import Organisation, OrganisationKind
from essaim.territories.models import Department, Region

from . import eligibility
from .models import (
    Call,
    CallQuestion,
    DecisionTemplate,
    EligibilityCriterion,
    Programme,
    QuestionKind,
    RequiredDocument,
    Theme,
)

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


class ParamsField(forms.JSONField):
    """JSON parameters of a rule; blank means no parameter ({})."""

    def to_python(self, value):
        value = super().to_python(value)
        return {} if value is None else value

    def prepare_value(self, value):
        if value in ({}, None):
            return ""
        return super().prepare_value(value)


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

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La fin du programme doit suivre son début.")
        return cleaned

    def service_data(self) -> dict:
        relations = {"funders", "regions", "departments", "experts", "operator", "methodology_from"}
        return {k: v for k, v in self.cleaned_data.items() if k not in relations}

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


class RequiredDocumentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RequiredDocument
        fields = ["label", "help_text", "required"]
        labels = {"label": "Document demandé", "help_text": "Aide"}


class EligibilityCriterionForm(StyledFormMixin, forms.ModelForm):
    rule_type = forms.ChoiceField(label="Vérification", required=False)
    params = ParamsField(
        label="Paramètres de la règle (JSON)",
        required=False,
        initial=dict,  # a blank new row is then unchanged, hence ignored
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text="Vide pour une vérification manuelle ; voir l'aide des règles plus bas.",
        error_messages={
            "invalid": 'Les paramètres doivent être du JSON valide, par exemple {"fte": 1}.'
        },
    )

    class Meta:
        model = EligibilityCriterion
        fields = ["label", "description", "rule_type", "params"]
        labels = {"label": "Critère", "description": "Précision"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_type"].choices = eligibility.rule_choices()

    def clean(self):
        cleaned = super().clean()
        rule_type = cleaned.get("rule_type") or ""
        if "params" not in cleaned:
            return cleaned
        params = cleaned["params"]
        if not rule_type:
            if params:
                self.add_error(
                    "params",
                    "Une vérification manuelle ne prend pas de paramètres : "
                    "videz ce champ ou choisissez une règle automatique.",
                )
            return cleaned
        try:
            cleaned["params"] = eligibility.RULES[rule_type].clean_params(params)
        except ValidationError as error:
            self.add_error("params", error)
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
            fields = [name for name in form._meta.fields if name in form.cleaned_data]
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
CriterionFormSet = _formset(
    Call, EligibilityCriterion, EligibilityCriterionForm, "Supprimer ce critère"
)


# --- Decision templates -----------------------------------------------------------------------


class DecisionTemplateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DecisionTemplate
        fields = ["subject", "body"]
        labels = {"subject": "Objet du message", "body": "Message"}
        help_texts = {
            "body": "Variables : {structure}, {appel}, {programme}, {motif} ; "
            "elles sont remplacées à l'envoi."
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


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
