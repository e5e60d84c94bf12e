from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from essaim.core.forms import DateInput, DateTimeInput, StyledFormMixin
from essaim.organisations.models import Organisation
from essaim.organisations.validators import (
    RNA_PATTERN,
    compact_identifier,
    name_key,
    validate_siret,
)
from essaim.programmes.models import Programme, QuestionKind

from .models import Application, DecisionKind, DecisionTemplate, Interview, Score
from .services import APPLICANT_ITEMS


class NeedForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["need", "theme"]
        labels = {"need": "Votre besoin d'accompagnement"}
        help_texts = {
            "need": "Quelle difficulté ou quel projet vous amène ? "
            "Ce que vous attendez du programme."
        }
        widgets = {"need": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = self.instance.call.themes.all()
        self.fields["theme"].queryset = themes
        self.fields["theme"].empty_label = "— Choisir —"
        if not themes:
            del self.fields["theme"]


class PairForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "decision_maker_name",
            "decision_maker_role",
            "decision_maker_email",
            "operational_lead_name",
            "operational_lead_role",
            "operational_lead_email",
            "availability_commitment",
            "availability_note",
        ]
        labels = {
            "decision_maker_name": "Nom du ou de la décisionnaire",
            "decision_maker_role": "Fonction du ou de la décisionnaire",
            "decision_maker_email": "E-mail du ou de la décisionnaire",
            "operational_lead_name": "Nom du ou de la référent·e opérationnel·le",
            "operational_lead_role": "Fonction du ou de la référent·e opérationnel·le",
            "operational_lead_email": "E-mail du ou de la référent·e opérationnel·le",
            "availability_commitment": (
                "Le binôme s'engage à être disponible pendant l'accompagnement"
            ),
            "availability_note": "Disponibilité prévue",
        }
        help_texts = {
            "availability_note": (
                "Par exemple : environ 1 jour par semaine pendant 6 mois, partagé entre les deux."
            ),
        }


class AnswersForm(StyledFormMixin, forms.Form):
    """The call's questions, plus a checkbox per attestation criterion of its eligibility rules."""

    def __init__(self, *args, application: Application, questions, criteria, **kwargs):
        self.application = application
        answers = application.answers
        initial = {q.key: answers.get(q.key) for q in questions}
        initial |= {f"att{c.pk}": application.attestations.get(str(c.pk), False) for c in criteria}
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = list(questions)
        self.criteria = list(criteria)
        for question in self.questions:
            self.fields[question.key] = _question_field(question)
        for criterion in self.criteria:
            statement = criterion.params.get("statement") or criterion.label
            self.fields[f"att{criterion.pk}"] = forms.BooleanField(
                label=statement, required=False, help_text=criterion.description
            )

    def service_data(self) -> dict:
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            if question.key in data:
                value = data[question.key]
                if hasattr(value, "isoformat"):
                    value = value.isoformat()
                elif question.kind == QuestionKind.NUMBER and value is not None:
                    value = float(value) if value % 1 else int(value)
                answers[question.key] = value
        attestations = {str(c.pk): True for c in self.criteria if data.get(f"att{c.pk}")}
        # A box the applicant unticks must be removed, not kept from the saved draft.
        attestations |= {
            str(c.pk): False
            for c in self.criteria
            if f"att{c.pk}" in data and not data[f"att{c.pk}"]
        }
        return {"answers": answers, "attestations": attestations}


def _question_field(question) -> forms.Field:
    common = {"label": question.label, "help_text": question.help_text, "required": False}
    choices = [(c, c) for c in question.choices]
    match question.kind:
        case QuestionKind.LONG_TEXT:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
        case QuestionKind.CHOICE:
            return forms.ChoiceField(choices=[("", "— Choisir —"), *choices], **common)
        case QuestionKind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        case QuestionKind.NUMBER:
            # Numbers asked of applicants are counts and amounts: never negative.
            return forms.DecimalField(
                min_value=0,
                error_messages={"min_value": "Indiquez un nombre positif ou nul."},
                **common,
            )
        case QuestionKind.DATE:
            return forms.DateField(widget=DateInput(), **common)
        case QuestionKind.ATTESTATION:
            return forms.BooleanField(**common)
        case _:
            return forms.CharField(max_length=500, **common)


class ApplicationStartForm(forms.Form):
    """The apply box's choice of organisation, among the user's own (anything else is refused
    like a missing row: the view answers 404)."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CoApplicantAnswerForm(forms.Form):
    """The answer to an invitation, and the organisation that co-applies (one of the user's)."""

    answer = forms.ChoiceField(
        choices=[("accept", "Confirmer"), ("decline", "Décliner")],
        error_messages={"required": "Choisissez de confirmer ou de décliner l'invitation."},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choisissez une de vos structures dans la liste."},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DocumentForm(StyledFormMixin, forms.Form):
    required_document = forms.ChoiceField(label="Pièce")
    file = forms.FileField(
        label="Fichier",
        help_text="PDF, image, OpenDocument, Word ou Excel ; 10 Mo au plus.",
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {str(d.pk): d for d in call.required_documents.all()}
        self.fields["required_document"].choices = [
            *((pk, d.label) for pk, d in self.documents.items()),
            ("autre", "Autre document"),
        ]

    def clean_required_document(self):
        return self.documents.get(self.cleaned_data["required_document"])


class CoApplicantForm(StyledFormMixin, forms.Form):
    """Find a partner by SIRET or RNA number, or by name among candidates shown with their
    identifiers (never the first name that matches); if it is not on essaim, invite by e-mail."""

    search = forms.CharField(
        label="SIRET, numéro RNA ou nom de la structure partenaire",
        max_length=200,
        help_text="Si elle n'est pas encore sur essaim, indiquez aussi un e-mail pour l'inviter.",
    )
    choice = forms.ModelChoiceField(
        label="Structures qui portent ce nom : choisissez la bonne en vérifiant son SIRET",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label="E-mail de contact (si la structure n'est pas sur essaim)", required=False
    )
    MAX_CANDIDATES = 10

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        search = (self.data.get("search") or "").strip() if self.is_bound else ""
        self.candidates = []
        if search and not _is_identifier(search):
            key = name_key(search)
            self.candidates = list(
                Organisation.objects.supported()
                .filter(name_key__contains=key)
                .select_related("head_office_commune")
                .order_by("name", "siret")[: self.MAX_CANDIDATES]
            )
        if self.candidates:
            field = self.fields["choice"]
            field.queryset = Organisation.objects.filter(pk__in=[c.pk for c in self.candidates])
            field.label_from_instance = _candidate_label
        else:
            del self.fields["choice"]

    def clean(self):
        data = super().clean()
        search = data.get("search", "").strip()
        if not search:
            return data
        data["organisation"] = None
        if _is_identifier(search):
            identifier = compact_identifier(search)
            if identifier.isdigit():
                try:
                    validate_siret(identifier)
                except ValidationError as error:
                    self.add_error("search", error)
                    return data
                found = Organisation.objects.supported().filter(siret=identifier)
            else:
                found = Organisation.objects.supported().filter(rna_number=identifier)
            data["organisation"] = found.first()
        elif data.get("choice"):
            data["organisation"] = data["choice"]
        elif self.candidates and not data.get("email"):
            self.add_error(
                "choice",
                "Plusieurs structures peuvent correspondre : choisissez la bonne (vérifiez son "
                "SIRET), ou indiquez un e-mail pour inviter une structure absente de la liste.",
            )
            return data
        if data["organisation"] is None and not data.get("email"):
            self.add_error(
                "email",
                "Cette structure n'est pas encore sur essaim : indiquez un e-mail pour l'inviter.",
            )
        return data


def _is_identifier(search: str) -> bool:
    identifier = compact_identifier(search)
    return identifier.isdigit() or bool(RNA_PATTERN.match(identifier))


def _candidate_label(organisation) -> str:
    parts = [organisation.name]
    if organisation.siret:
        parts.append(f"SIRET {organisation.siret}")
    elif organisation.rna_number:
        parts.append(f"RNA {organisation.rna_number}")
    if organisation.head_office_commune:
        parts.append(organisation.head_office_commune.name)
    return " — ".join(parts)


class EligibilityForm(StyledFormMixin, forms.Form):
    eligible = forms.TypedChoiceField(
        label="Décision",
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
        choices=[("oui", "Éligible"), ("non", "Non éligible")],
    )
    reason = forms.CharField(
        label="Motif",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire si le dossier n'est pas éligible ou si vous contredisez les règles.",
    )


class InformationRequestForm(StyledFormMixin, forms.Form):
    items = forms.MultipleChoiceField(
        label="Éléments à rouvrir",
        choices=list(APPLICANT_ITEMS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(label="Votre demande", widget=forms.Textarea(attrs={"rows": 3}))


class InformationAnswerForm(StyledFormMixin, forms.Form):
    message = forms.CharField(
        label="Message à l'équipe du programme",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OpinionRequestForm(StyledFormMixin, forms.Form):
    expert = forms.ModelChoiceField(label="Expert·e", queryset=None, empty_label="— Choisir —")
    question = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = programme.experts.all()


class OpinionForm(StyledFormMixin, forms.Form):
    opinion = forms.CharField(label="Votre avis", widget=forms.Textarea(attrs={"rows": 6}))


class InterviewScheduleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["scheduled_at", "duration_minutes", "location", "video_url"]
        widgets = {"scheduled_at": DateTimeInput()}


class InterviewGridForm(StyledFormMixin, forms.Form):
    """The programme's qualification grid (`Programme.qualification_grid`), a score each."""

    recommendation = forms.ChoiceField(
        label="Recommandation", choices=[("", "— Choisir —"), *Interview.Recommendation.choices]
    )
    summary = forms.CharField(
        label="Synthèse", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, grid: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        for criterion in grid:
            key, label = criterion["key"], criterion["label"]
            self.fields[f"{key}_score"] = forms.TypedChoiceField(
                label=label, coerce=int, choices=[("", "— Note —"), *Score.choices]
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                label=f"Commentaire : {label[:1].lower()}{label[1:]}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> dict:
        return {
            c["key"]: {
                "score": self.cleaned_data[f"{c['key']}_score"],
                "comment": self.cleaned_data[f"{c['key']}_comment"],
            }
            for c in self.grid
        }


class DecisionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Décision", choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Motif (lu par la structure)", widget=forms.Textarea(attrs={"rows": 3})
    )
    message = forms.CharField(
        label="Message",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Laissez vide pour partir du modèle de votre opérateur.",
    )
    redirect_programmes = forms.ModelMultipleChoiceField(
        label="Programmes suggérés",
        required=False,
        queryset=Programme.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    redirect_suggestions = forms.CharField(
        label="Autres accompagnements suggérés",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity_override = forms.CharField(
        label="Motif pour dépasser le nombre de places",
        required=False,
        help_text="Seulement pour admettre alors que toutes les places de l'appel sont prises.",
    )

    def __init__(
        self,
        *args: Any,
        programmes: QuerySet[Programme],
        kinds: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        # selectors.redirect_choices: those open to the organisation's territory.
        self.fields["redirect_programmes"].queryset = programmes
        if kinds is not None:  # only the decisions the file's status allows
            self.fields["kind"].choices = kinds


class BulkDecisionForm(StyledFormMixin, forms.Form):
    # The pipeline's rows carry the checkboxes: the field only checks what they send.
    applications = forms.ModelMultipleChoiceField(
        label="Candidatures sélectionnées",
        queryset=Application.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "Cochez au moins une candidature dans la liste.",
            "invalid_choice": "Une candidature cochée n'attend plus de décision ou n'est pas "
            "dans cet appel : rechargez la liste et choisissez à nouveau.",
            "invalid_pk_value": "« %(pk)s » ne désigne pas une candidature de cet appel.",
            "invalid_list": "Cochez les candidatures dans la liste.",
        },
    )
    # Redirecting needs suggestions chosen per file: bulk decisions admit or decline only.
    kind = forms.ChoiceField(
        label="Décision pour la sélection",
        choices=[(DecisionKind.ADMIT, "Admettre"), (DecisionKind.DECLINE, "Refuser")],
    )
    reason = forms.CharField(label="Motif commun", widget=forms.Textarea(attrs={"rows": 2}))
    capacity_override = forms.CharField(
        label="Motif pour dépasser le nombre de places",
        required=False,
        help_text="Seulement pour admettre au-delà des places de l'appel.",
    )

    def __init__(self, *args, applications=None, **kwargs):
        """`applications`: those the user may decide in this call (the only valid choices)."""
        super().__init__(*args, **kwargs)
        if applications is not None:
            self.fields["applications"].queryset = applications


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
