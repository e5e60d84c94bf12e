"""Every write to programmes, calls and decision templates goes through these functions.

A call moves along CALL_LIFECYCLE (draft → published → closed): `call_publish` and `call_close`
are the only ways to move it, and each move is written to its history (CallTransition).
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError

from essaim.accounts.models import Role, User
from essaim.core.services import audit_event_record, model_changes, unique_slug
from essaim.organisations.models import Organisation, OrganisationKind
from essaim.territories.models import Department, Region

from . import eligibility
from .models import (
    CALL_LIFECYCLE,
    Call,
    CallMilestone,
    CallQuestion,
    CallStatus,
    EligibilityCriterion,
    Programme,
    ProgrammeStep,
    QuestionKind,
    RequiredDocument,
    Theme,
)

# Paths of programmes/urls.py that a programme slug must not take.
RESERVED_PROGRAMME_SLUGS = {"gestion", "appels", "modeles-de-decision"}
CHOICE_KINDS = {QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE}
QUESTION_FIELDS = ["label", "help_text", "kind", "choices", "required"]
DOCUMENT_FIELDS = ["label", "help_text", "required"]
CRITERION_FIELDS = ["label", "description", "rule_type", "params"]
MILESTONE_FIELDS = ["date", "label"]
CALL_FIELDS = {
    "title",
    "description",
    "opens_at",
    "closes_at",
    "selection_date",
    "start_date",
    "capacity",
}
COPY_SUFFIX = " (copie)"


class ProgrammeData(TypedDict, total=False):
    """A programme's own fields (ProgrammeForm.service_data); relations are passed apart."""

    name: str
    summary: str
    description: str
    territory_label: str
    start_date: date | None
    end_date: date | None
    qualification_grid: list[dict[str, str]]


class CallData(TypedDict, total=False):
    """A call's own fields and its themes (CallForm.cleaned_data)."""

    title: str
    description: str
    opens_at: datetime | None
    closes_at: datetime | None
    selection_date: date | None
    start_date: date | None
    capacity: int | None
    themes: Iterable[Theme | int]


# The rows of a page's formsets (formsets' items()): an "id" names an existing row to update.
class ThemeItem(TypedDict, total=False):
    id: int | None
    name: str
    description: str


class QuestionItem(TypedDict, total=False):
    id: int | None
    label: str
    help_text: str
    kind: str
    choices: list[str]
    required: bool


class DocumentItem(TypedDict, total=False):
    id: int | None
    label: str
    help_text: str
    required: bool


class CriterionItem(TypedDict, total=False):
    id: int | None
    label: str
    description: str
    rule_type: str
    params: dict[str, Any]


class MilestoneItem(TypedDict, total=False):
    id: int | None
    date: date
    label: str


def _ids(values: Iterable[models.Model | int | str]) -> list[Any]:
    """Primary keys from model instances or raw ids, sorted for stable audit entries."""
    return sorted(getattr(value, "pk", value) for value in values)


def _m2m_set(
    instance: models.Model,
    field: str,
    model: type[models.Model],
    ids: Iterable[models.Model | int | str],
    *,
    queryset: models.QuerySet[Any] | None = None,
    message: str,
) -> list[Any] | None:
    """Set a many-to-many field; return [before, after] when it changed. Unknown ids refuse."""
    ids = _ids(ids)
    found = (queryset if queryset is not None else model._default_manager).filter(pk__in=ids)
    if found.count() != len(set(ids)):
        raise ValidationError({field: message})
    manager = getattr(instance, field)
    before = _ids(manager.values_list("pk", flat=True))
    manager.set(ids)
    return None if before == ids else [before, ids]


# --- Programmes -------------------------------------------------------------------------------


def _programme_relations(
    programme: Programme,
    *,
    themes: Sequence[ThemeItem] | None,
    funder_ids: Iterable[int] | None,
    region_codes: Iterable[str] | None,
    department_codes: Iterable[str] | None,
    expert_ids: Iterable[int] | None,
) -> dict[str, object]:
    changes: dict[str, object] = {}
    relations: list[tuple[str, type[models.Model], Any, Any, str]] = [
        (
            "funders",
            Organisation,
            funder_ids,
            Organisation.objects.filter(kind=OrganisationKind.FUNDER),
            "Choisissez des financeurs parmi les structures de type financeur.",
        ),
        ("regions", Region, region_codes, None, "Région inconnue."),
        ("departments", Department, department_codes, None, "Département inconnu."),
        (
            "experts",
            User,
            expert_ids,
            User.objects.filter(memberships__role=Role.EXPERT).distinct(),
            "Choisissez des expert·es parmi les personnes qui ont le rôle d'expert·e.",
        ),
    ]
    for field, model, ids, queryset, message in relations:
        if ids is not None:
            changed = _m2m_set(programme, field, model, ids, queryset=queryset, message=message)
            if changed:
                changes[field] = changed
    if themes is not None:
        summary = _children_sync(
            manager=programme.themes,
            model=Theme,
            parent={"programme": programme},
            items=themes,
            fields=["name", "description"],
            what="thème",
        )
        if summary:
            changes["themes"] = summary
    return changes


@transaction.atomic
def programme_create(
    *,
    actor: User,
    operator: Organisation,
    data: ProgrammeData,
    themes: Sequence[ThemeItem] = (),
    funder_ids: Iterable[int] = (),
    region_codes: Iterable[str] = (),
    department_codes: Iterable[str] = (),
    expert_ids: Iterable[int] = (),
    methodology_from: Programme | None = None,
) -> Programme:
    """Create a programme of `operator`; `themes` are dicts with "name" and "description";
    `methodology_from` copies another programme's journey and methodological steps."""
    programme = Programme(operator=operator, **data)
    programme.slug = unique_slug(
        Programme, programme.name, fallback="programme", reserved=RESERVED_PROGRAMME_SLUGS
    )
    programme.full_clean()
    programme.save()
    _programme_relations(
        programme,
        themes=list(themes),
        funder_ids=funder_ids,
        region_codes=region_codes,
        department_codes=department_codes,
        expert_ids=expert_ids,
    )
    if methodology_from is not None:
        ProgrammeStep.objects.bulk_create(
            ProgrammeStep(
                programme=programme,
                kind=s.kind,
                order=s.order,
                name=s.name,
                description=s.description,
            )
            for s in methodology_from.steps.all()
        )
    audit_event_record(
        actor=actor,
        obj=programme,
        action="programme.created",
        changes={"methodology_from": methodology_from.slug} if methodology_from else {},
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: User,
    programme: Programme,
    data: ProgrammeData,
    themes: Sequence[ThemeItem] | None = None,
    funder_ids: Iterable[int] | None = None,
    region_codes: Iterable[str] | None = None,
    department_codes: Iterable[str] | None = None,
    expert_ids: Iterable[int] | None = None,
) -> Programme:
    """Update a programme; a relation left to None is kept as it is.

    `themes` is the whole wanted list: a dict with an "id" updates that theme, one without
    creates a theme, and the programme's other themes are deleted.
    """
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    changes = model_changes(programme, data)
    if "name" in changes:
        programme.slug = unique_slug(
            Programme,
            programme.name,
            fallback="programme",
            exclude_pk=programme.pk,
            reserved=RESERVED_PROGRAMME_SLUGS,
        )
    programme.full_clean()
    programme.save(update_fields=[*changes, "slug", "updated_at"])
    changes.update(
        _programme_relations(
            programme,
            themes=themes,
            funder_ids=funder_ids,
            region_codes=region_codes,
            department_codes=department_codes,
            expert_ids=expert_ids,
        )
    )
    if changes:
        audit_event_record(actor=actor, obj=programme, action="programme.updated", changes=changes)
    return programme


# --- Children of a programme or a call (themes, questions, documents, criteria, milestones) ---


def _children_sync(
    *,
    manager: Any,
    model: type[models.Model],
    parent: Mapping[str, models.Model],
    items: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    what: str,
) -> dict[str, int]:
    """Make the children of a parent match `items`, in order; return what was done.

    An item with an "id" updates that child, one without creates it, the other children go.
    Children without an "order" field (milestones, ordered by date) keep the items' fields only.
    """
    ordered = any(field.name == "order" for field in model._meta.fields)
    existing = {child.pk: child for child in manager.all()}
    wanted = {item["id"] for item in items if item.get("id")}
    if wanted - existing.keys():
        raise ValidationError(f"Un élément de type « {what} » n'appartient pas à cette page.")
    summary = {"created": 0, "updated": 0, "deleted": 0}
    for pk, stale in existing.items():
        if pk not in wanted:
            try:
                stale.delete()
            except ProtectedError:
                raise ValidationError(
                    f"Le {what} « {stale} » est utilisé par des candidatures : "
                    "il ne peut pas être supprimé."
                ) from None
            summary["deleted"] += 1
    for order, item in enumerate(items, start=1):
        # Any: the fields set below are those of whichever child model this is.
        child: Any = existing.get(item.get("id")) or model(**parent)
        before = {field: getattr(child, field) for field in [*fields, *(["order"] * ordered)]}
        for field in fields:
            if field in item:
                setattr(child, field, item[field])
        if ordered:
            child.order = order
        if child.pk and before == {field: getattr(child, field) for field in before}:
            continue
        summary["updated" if child.pk else "created"] += 1
        try:
            child.full_clean()
        except ValidationError as error:
            # Not keyed by field: the parent's form has fields of the same names.
            raise ValidationError(
                f"{what.capitalize()} {order} : {' '.join(error.messages)}"
            ) from None
        if child.pk is None:
            child.save()
        else:
            child.save(update_fields=[f for f in before if getattr(child, f) != before[f]])
    return {key: n for key, n in summary.items() if n}


def _question_signature(
    questions: Iterable[CallQuestion | Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """What applicants see of each question, to tell whether an edit changes the form."""
    return [
        {
            "id": q.pk if isinstance(q, CallQuestion) else q.get("id"),
            **{
                f: getattr(q, f) if isinstance(q, CallQuestion) else q.get(f)
                for f in QUESTION_FIELDS
            },
        }
        for q in questions
    ]


def questions_locked(call: Call) -> bool:
    """The application form is fixed once an organisation has submitted an application."""
    return call.pk is not None and call.applications.exclude(status="draft").exists()


def _clean_question(item: QuestionItem) -> QuestionItem:
    item = {
        **item,
        "choices": [str(c).strip() for c in item.get("choices") or [] if str(c).strip()],
    }
    if item.get("kind") in CHOICE_KINDS and not item["choices"]:
        raise ValidationError(
            f"La question « {item.get('label', '')} » est à choix : indiquez ses choix possibles."
        )
    if item.get("kind") not in CHOICE_KINDS and item["choices"]:
        raise ValidationError(
            f"La question « {item.get('label', '')} » n'est pas à choix : "
            "elle ne prend pas de choix possibles."
        )
    return item


def _clean_criterion(item: CriterionItem) -> CriterionItem:
    rule_type = item.get("rule_type") or ""
    params = item.get("params") or {}
    if not rule_type:
        if params:
            raise ValidationError(
                f"Le critère « {item.get('label', '')} » est vérifié à la main : "
                "il ne prend pas de paramètres."
            )
        return {**item, "rule_type": "", "params": {}}
    rule = eligibility.RULES.get(rule_type)
    if rule is None:
        raise ValidationError(f"Règle automatique inconnue : « {rule_type} ».")
    return {**item, "params": rule.clean_params(params)}


def _call_items_save(
    *,
    call: Call,
    questions: Sequence[QuestionItem] | None,
    documents: Sequence[DocumentItem] | None,
    criteria: Sequence[CriterionItem] | None,
    milestones: Sequence[MilestoneItem] | None = None,
) -> dict[str, object]:
    changes: dict[str, object] = {}
    if questions is not None:
        questions = [_clean_question(item) for item in questions]
        current = list(call.questions.all())
        if _question_signature(current) != _question_signature(questions) and questions_locked(
            call
        ):
            raise ValidationError(
                "Les questions ne sont plus modifiables : l'appel a déjà reçu des "
                "candidatures déposées."
            )
        summary = _children_sync(
            manager=call.questions,
            model=CallQuestion,
            parent={"call": call},
            items=questions,
            fields=QUESTION_FIELDS,
            what="question",
        )
        if summary:
            changes["questions"] = summary
    if documents is not None:
        summary = _children_sync(
            manager=call.required_documents,
            model=RequiredDocument,
            parent={"call": call},
            items=documents,
            fields=DOCUMENT_FIELDS,
            what="document",
        )
        if summary:
            changes["required_documents"] = summary
    if criteria is not None:
        summary = _children_sync(
            manager=call.criteria,
            model=EligibilityCriterion,
            parent={"call": call},
            items=[_clean_criterion(item) for item in criteria],
            fields=CRITERION_FIELDS,
            what="critère",
        )
        if summary:
            changes["criteria"] = summary
    if milestones is not None:
        summary = _children_sync(
            manager=call.milestones,
            model=CallMilestone,
            parent={"call": call},
            items=milestones,
            fields=MILESTONE_FIELDS,
            what="étape du calendrier",
        )
        if summary:
            changes["milestones"] = summary
    return changes


# --- Calls ------------------------------------------------------------------------------------


def _check_call_dates(call: Call) -> None:
    for field in ("opens_at", "closes_at"):
        value = getattr(call, field)
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            raise ValidationError({field: "La date doit indiquer son fuseau horaire."})
    if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        raise ValidationError({"closes_at": "La clôture doit être postérieure à l'ouverture."})
    if call.status != CallStatus.DRAFT and not (call.opens_at and call.closes_at):
        raise ValidationError("Un appel publié ou clos garde ses dates d'ouverture et de clôture.")


def _split_call_data(data: CallData) -> tuple[dict[str, object], Iterable[Theme | int] | None]:
    data = data.copy()
    themes = data.pop("themes", None)
    unknown = set(data) - CALL_FIELDS
    if unknown:
        raise ValueError(f"Unexpected call fields: {sorted(unknown)}")
    return dict(data), themes


def _call_themes_set(call: Call, themes: Iterable[Theme | int]) -> list[Any] | None:
    return _m2m_set(
        call,
        "themes",
        Theme,
        themes,
        queryset=Theme.objects.filter(programme_id=call.programme_id),
        message="Choisissez des thèmes parmi ceux du programme.",
    )


@transaction.atomic
def call_create(
    *,
    actor: User,
    programme: Programme,
    data: CallData,
    questions: Sequence[QuestionItem] = (),
    documents: Sequence[DocumentItem] = (),
    criteria: Sequence[CriterionItem] = (),
    milestones: Sequence[MilestoneItem] = (),
) -> Call:
    """Create a draft call. `data` holds the call's fields and its "themes"; each item list
    holds dicts of the fields of CallQuestion, RequiredDocument, EligibilityCriterion or
    CallMilestone."""
    fields, themes = _split_call_data(data)
    call = Call(programme=programme, status=CallStatus.DRAFT, **fields)
    call.slug = unique_slug(Call, call.title, fallback="appel")
    _check_call_dates(call)
    call.full_clean()
    call.save()
    if themes is not None:
        _call_themes_set(call, themes)
    _call_items_save(
        call=call,
        questions=list(questions),
        documents=list(documents),
        criteria=list(criteria),
        milestones=list(milestones),
    )
    audit_event_record(actor=actor, obj=call, action="call.created")
    return call


@transaction.atomic
def call_update(
    *,
    actor: User,
    call: Call,
    data: CallData,
    questions: Sequence[QuestionItem] | None = None,
    documents: Sequence[DocumentItem] | None = None,
    criteria: Sequence[CriterionItem] | None = None,
    milestones: Sequence[MilestoneItem] | None = None,
) -> Call:
    """Update a call; an item list left to None is kept as it is, otherwise it is the whole
    wanted list (items with an "id" are updated, new ones created, missing ones deleted).

    The questions stay editable only while the call has no submitted application.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    fields, themes = _split_call_data(data)
    changes = model_changes(call, fields)
    if "title" in changes and call.status == CallStatus.DRAFT:
        # The address of a published call has been shared: it keeps its slug.
        call.slug = unique_slug(Call, call.title, fallback="appel", exclude_pk=call.pk)
    _check_call_dates(call)
    call.full_clean()
    call.save(update_fields=[*changes, "slug", "updated_at"])
    if themes is not None and (changed := _call_themes_set(call, themes)):
        changes["themes"] = changed
    changes.update(
        _call_items_save(
            call=call,
            questions=questions,
            documents=documents,
            criteria=criteria,
            milestones=milestones,
        )
    )
    if changes:
        audit_event_record(actor=actor, obj=call, action="call.updated", changes=changes)
    return call


def call_missing_for_publication(call: Call) -> list[str]:
    """What a call lacks before it may be published, in French (empty when complete)."""
    missing = []
    if call.opens_at is None:
        missing.append("la date d'ouverture")
    if call.closes_at is None:
        missing.append("la date de clôture")
    if not call.questions.exists() and not call.criteria.exists():
        missing.append("au moins une question ou un critère d'éligibilité")
    return missing


def _french_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


@transaction.atomic
def call_publish(*, actor: User, call: Call) -> Call:
    """Open a draft call to applicants; refuse, saying what is missing, when incomplete."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not CALL_LIFECYCLE.allows(call, "publish"):  # before listing what a draft lacks
        raise CALL_LIFECYCLE.refuse(call, "publish")
    missing = call_missing_for_publication(call)
    if missing:
        raise ValidationError(
            f"L'appel ne peut pas être publié : il manque {_french_list(missing)}.",
            code="incomplete",
        )
    CALL_LIFECYCLE.apply(call, "publish", actor=actor)
    return call


@transaction.atomic
def call_close(*, actor: User, call: Call) -> Call:
    """Close a published call: it stays readable but takes no more applications."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    CALL_LIFECYCLE.apply(call, "close", actor=actor)
    return call


@transaction.atomic
def call_duplicate(*, actor: User, call: Call) -> Call:
    """A new draft from an existing call: same texts, themes, questions, documents, criteria
    and calendar milestones; no opening and closing dates (the advisor sets the new calendar,
    starting from the copied milestones' labels and dates)."""
    title_field = Call._meta.get_field("title")
    assert isinstance(title_field, models.CharField) and title_field.max_length
    max_title = title_field.max_length
    title = call.title[: max_title - len(COPY_SUFFIX)] + COPY_SUFFIX
    copy = Call(
        programme_id=call.programme_id,
        title=title,
        slug=unique_slug(Call, title, fallback="appel"),
        description=call.description,
        status=CallStatus.DRAFT,
        capacity=call.capacity,
        duplicated_from=call,
    )
    copy.full_clean()
    copy.save()
    copy.themes.set(call.themes.all())
    CallQuestion.objects.bulk_create(
        CallQuestion(call=copy, order=q.order, **{f: getattr(q, f) for f in QUESTION_FIELDS})
        for q in call.questions.all()
    )
    RequiredDocument.objects.bulk_create(
        RequiredDocument(call=copy, order=d.order, **{f: getattr(d, f) for f in DOCUMENT_FIELDS})
        for d in call.required_documents.all()
    )
    EligibilityCriterion.objects.bulk_create(
        EligibilityCriterion(
            call=copy, order=c.order, **{f: getattr(c, f) for f in CRITERION_FIELDS}
        )
        for c in call.criteria.all()
    )
    CallMilestone.objects.bulk_create(
        CallMilestone(call=copy, **{f: getattr(m, f) for f in MILESTONE_FIELDS})
        for m in call.milestones.all()
    )
    audit_event_record(
        actor=actor, obj=copy, action="call.duplicated", changes={"duplicated_from": call.pk}
    )
    return copy
