from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from essaim.cohorts.models import CohortMembership
from essaim.core.forms import DateInput, DateTimeInput, StyledFormMixin, TimeInput, style_widgets
from essaim.organisations.models import Organisation

from .codev import CODEV_ROLES, CODEV_STAGES
from .models import OPEN_KINDS, Session, SessionKind
from .planner import MAX_SERIES, PARIS
from .selectors import planner_checks

WEEKDAYS = [
    (0, "Lundi"),
    (1, "Mardi"),
    (2, "Mercredi"),
    (3, "Jeudi"),
    (4, "Vendredi"),
    (5, "Samedi"),
]


class FacilitatorField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return str(obj)


def _place_required(cleaned):
    if not ((cleaned.get("location") or "").strip() or cleaned.get("video_url")):
        raise ValidationError({"location": "Indiquez un lieu ou un lien de visioconférence."})


class SessionForm(StyledFormMixin, forms.ModelForm):
    """A session's fields; on creation, also who it is for (the cohort, one of its organisations,
    or everyone for an open session)."""

    AUDIENCES = [
        ("cohort", "Toute la cohorte"),
        ("organisation", "Une structure de la cohorte (par exemple un diagnostic individuel)"),
        ("open", "Ouverte aux inscriptions de toutes les structures (formation, visite, pitch)"),
    ]
    audience = forms.ChoiceField(label="Pour qui ?", choices=AUDIENCES, widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label="Je confirme cette date même si elle est passée ou fériée.", required=False
    )
    organisation = forms.ModelChoiceField(
        label="Structure",
        queryset=Organisation.objects.none(),
        required=False,
        help_text="Seulement pour une session qui concerne une seule structure.",
    )

    class Meta:
        model = Session
        fields = [
            "kind",
            "title",
            "starts_at",
            "duration_minutes",
            "location",
            "video_url",
            "facilitators",
            "agenda",
            "methodology_step",
            "capacity",
            "minutes",
        ]
        field_classes = {"facilitators": FacilitatorField}
        labels = {
            "starts_at": "Début (heure de Paris)",
            "facilitators": "Animation",
            "methodology_step": "Étape méthodologique du programme",
            "capacity": "Nombre de places",
        }
        help_texts = {
            "duration_minutes": "Par exemple 180 pour une demi-journée.",
            "video_url": "Laissez vide pour une session en présentiel.",
            "capacity": "Pour les sessions ouvertes aux inscriptions : au-delà, liste d'attente. "
            "Laissez vide pour ne pas limiter.",
            "minutes": "Le compte rendu, visible des participant·es.",
        }
        widgets = {
            "starts_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(
        self, *args, facilitators, steps, cohort=None, creating=False, department=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.department = department  # whose public holidays apply (planning_department)
        self.fields["facilitators"].queryset = facilitators
        self.fields["methodology_step"].queryset = steps
        self.fields["methodology_step"].empty_label = "— Aucune —"
        self.fields["kind"].choices = SessionKind.choices
        if creating and cohort is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                cohort_memberships__cohort=cohort,
                cohort_memberships__status__in=[
                    CohortMembership.Status.ACTIVE,
                    CohortMembership.Status.INDIVIDUAL_PATH,
                ],
            )
            self.fields["organisation"].empty_label = "— Choisir —"
            self.fields["audience"].initial = "cohort"
            self.fields["kind"].initial = SessionKind.WORKSHOP
            self.fields.pop("minutes")
            self.order_fields(["audience", "organisation"])  # who it is for comes first
        else:
            del self.fields["audience"], self.fields["organisation"]
            if self.instance.pk and not self.instance.is_open:
                del self.fields["capacity"]

    def clean(self):
        cleaned = super().clean()
        _place_required(cleaned)
        audience, kind = cleaned.get("audience"), cleaned.get("kind")
        if audience == "organisation" and not cleaned.get("organisation"):
            self.add_error("organisation", "Choisissez la structure concernée.")
        if kind == SessionKind.INDIVIDUAL_DIAGNOSIS and audience not in (None, "organisation"):
            self.add_error("audience", "Un diagnostic individuel concerne une seule structure.")
        if audience == "open" and kind not in OPEN_KINDS:
            self.add_error(
                "audience",
                "Seules les formations, visites apprenantes et journées de pitch sont ouvertes "
                "aux inscriptions.",
            )
        if audience == "organisation" and kind in OPEN_KINDS:
            self.add_error(
                "kind", "Une session ouverte aux inscriptions concerne plusieurs structures."
            )
        self._check_date(cleaned)
        return cleaned

    def _check_date(self, cleaned) -> None:
        """Same checks as the planner: a past date or a public holiday needs a confirmation; a
        facilitator already busy at that time is a warning (shown by the view)."""
        self.warnings = []
        starts_at = cleaned.get("starts_at")
        if starts_at is None or (self.instance.pk and starts_at == self.instance.starts_at):
            return
        check = planner_checks(
            [starts_at],
            duration_minutes=cleaned.get("duration_minutes") or 0,
            facilitators=cleaned.get("facilitators") or (),
            exclude_pk=self.instance.pk,
            department=self.department,
        )[0]
        self.warnings = [f"Chevauchement : {conflict}" for conflict in check.conflicts]
        if check.needs_confirmation and not cleaned.get("confirm"):
            reason = "est passée" if check.in_past else f"est un jour férié ({check.holiday})"
            self.add_error(
                "confirm",
                f"Cette date {reason} : cochez la case pour confirmer, ou changez la date.",
            )

    def service_data(self) -> dict:
        return {
            f: self.cleaned_data[f]
            for f in self.Meta.fields
            if f in self.fields and f != "facilitators"
        }


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Motif de l'annulation",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Il figure dans l'e-mail envoyé aux participant·es.",
    )


class DocumentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Ajouter un document",
        help_text="Support, compte rendu… PDF, image, OpenDocument, Word ou Excel (10 Mo au plus).",
    )


class RegisterForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Structure que vous représentez", queryset=Organisation.objects.none()
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        field.empty_label = None
        if len(organisations) == 1:  # nothing to choose
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk


class PersonForm(forms.Form):
    """The person a button acts on (signature, mark): checked against the session by the service."""

    user = forms.IntegerField(widget=forms.HiddenInput)


# --- Planner --------------------------------------------------------------------------------------


class PlanForm(StyledFormMixin, forms.Form):
    """The series' pattern and what its sessions share. The dates come in PlanRowFormSet."""

    kind = forms.ChoiceField(
        label="Type de séance",
        choices=[
            (k, label) for k, label in SessionKind.choices if k != SessionKind.INDIVIDUAL_DIAGNOSIS
        ],
        initial=SessionKind.WORKSHOP,
    )
    title = forms.CharField(
        label="Titre",
        max_length=180,
        help_text="Chaque séance est numérotée : « Atelier (1/6) », « Atelier (2/6) »…",
    )
    interval_weeks = forms.IntegerField(
        label="Toutes les … semaines", min_value=1, max_value=8, initial=2
    )
    weekday = forms.TypedChoiceField(label="Jour", choices=WEEKDAYS, coerce=int, initial=0)
    at = forms.TimeField(
        label="Heure de début",
        widget=TimeInput(),
        initial="09:30",
    )
    start_date = forms.DateField(label="À partir du", widget=DateInput())
    count = forms.IntegerField(
        label="Nombre de séances",
        min_value=1,
        max_value=MAX_SERIES,
        required=False,
        initial=6,
        help_text="Ou bien indiquez une date de fin.",
    )
    until = forms.DateField(
        label="Jusqu'au",
        required=False,
        widget=DateInput(),
    )
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)", min_value=15, max_value=24 * 60, initial=180
    )
    location = forms.CharField(label="Lieu", max_length=250, required=False)
    video_url = forms.URLField(
        label="Lien de visioconférence", required=False, assume_scheme="https"
    )
    facilitators = FacilitatorField(label="Animation", queryset=None, required=False)
    agenda = forms.CharField(
        label="Ordre du jour", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    methodology_step = forms.ModelChoiceField(
        label="Étape méthodologique du programme",
        queryset=None,
        required=False,
        empty_label="— Aucune —",
    )
    confirm = forms.BooleanField(
        label="Je confirme les dates signalées (date passée ou jour férié).", required=False
    )

    def __init__(self, *args, facilitators, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitators
        self.fields["methodology_step"].queryset = steps
        if not self.is_bound:
            self.fields["start_date"].initial = timezone.localdate(timezone=PARIS)

    def clean(self):
        cleaned = super().clean()
        _place_required(cleaned)
        if cleaned.get("count") and cleaned.get("until"):
            self.add_error(
                "until", "Indiquez un nombre de séances ou une date de fin, pas les deux."
            )
        elif not cleaned.get("count") and not cleaned.get("until"):
            self.add_error("count", "Indiquez un nombre de séances ou une date de fin.")
        start, until = cleaned.get("start_date"), cleaned.get("until")
        if start and until and until < start:
            self.add_error("until", "La date de fin précède la date de début.")
        return cleaned


class PlanRowForm(forms.Form):
    keep = forms.BooleanField(required=False, initial=True)
    day = forms.DateField(widget=DateInput())
    at = forms.TimeField(widget=TimeInput())
    moved_from = forms.DateField(required=False, widget=forms.HiddenInput)
    holiday = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("keep",):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        for name in ("day", "at"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"


PlanRowFormSet = forms.formset_factory(
    PlanRowForm, extra=0, max_num=MAX_SERIES, validate_max=True, absolute_max=MAX_SERIES
)


# --- Co-development -------------------------------------------------------------------------------


class CodevForm(StyledFormMixin, forms.Form):
    client = forms.ModelChoiceField(
        label="Structure cliente (qui apporte le cas)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="— À choisir —",
    )
    problem_statement = forms.CharField(
        label="Problématique",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="La situation, le projet ou la préoccupation que le client apporte.",
    )
    notes = forms.CharField(
        label="Notes de séance", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    action_plan = forms.CharField(
        label="Plan d'action du client",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que le client retient et les actions auxquelles il s'engage.",
    )

    def __init__(self, *args, codev, people, **kwargs):
        session = codev.session
        stages = {s["key"]: s for s in codev.stages}
        initial = {
            "client": codev.client_id,
            "problem_statement": codev.problem_statement,
            "notes": codev.notes,
            "action_plan": codev.action_plan,
            **{
                f"minutes_{key}": stages.get(key, {}).get("minutes", m)
                for key, _l, m, _h in CODEV_STAGES
            },
            **{f"role_{user.pk}": (codev.roles or {}).get(str(user.pk), "") for user in people},
        }
        super().__init__(*args, initial=initial, **kwargs)
        if session.cohort_id:
            self.fields["client"].queryset = Organisation.objects.filter(
                cohort_memberships__cohort=session.cohort_id,
                cohort_memberships__status=CohortMembership.Status.ACTIVE,
            )
        self.stage_fields = []
        for key, label, _minutes, _hint in CODEV_STAGES:
            name = f"minutes_{key}"
            self.fields[name] = forms.IntegerField(
                label=f"{label} (minutes)", min_value=1, max_value=180
            )
            self.stage_fields.append(name)
        self.role_fields = []
        role_choices = [("", "—"), *CODEV_ROLES.items()]
        for user in people:
            name = f"role_{user.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"Rôle de {user}", choices=role_choices, required=False
            )
            self.role_fields.append(name)
        self.people = people
        # StyledFormMixin styled the fields present at __init__ time: style the added ones too.
        style_widgets(self, mark_errors=False)

    @property
    def role_bound_fields(self):
        return [self[name] for name in self.role_fields]

    @property
    def stage_bound_fields(self):
        return [self[name] for name in self.stage_fields]

    def clean(self):
        cleaned = super().clean()
        roles = [cleaned.get(name) for name in self.role_fields]
        if roles.count("client") > 1:
            raise ValidationError("Une seule personne porte le cas (rôle « client »).")
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "client": data["client"],
            "problem_statement": data["problem_statement"],
            "notes": data["notes"],
            "action_plan": data["action_plan"],
            "stage_minutes": {key: data[f"minutes_{key}"] for key, *_rest in CODEV_STAGES},
            "roles": {user.pk: data[f"role_{user.pk}"] for user in self.people},
        }
