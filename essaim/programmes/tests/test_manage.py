"""The advisor's side: programmes, calls (editor, preview, publish, close, duplicate) and
decision templates. Each page has its allowed and refused roles."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.applications import services as application_services
from essaim.applications.models import Application, DecisionTemplate
from essaim.core.models import AuditEvent
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes import services
from essaim.programmes.models import (
    Call,
    CallQuestion,
    CallStatus,
    EligibilityCriterion,
    Programme,
    RequiredDocument,
    Theme,
)
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


# --- Set-up shared by the tests ---------------------------------------------------------------


@pytest.fixture
def advisor(role_users):
    return role_users["advisor"]


@pytest.fixture
def operator(advisor):
    return advisor.memberships.get(role=Role.ADVISOR).organisation


@pytest.fixture
def programme(operator):
    programme = ProgrammeFactory(operator=operator, name="ESSor Normandie")
    Theme.objects.create(programme=programme, name="Modèle économique", order=1)
    Theme.objects.create(programme=programme, name="Gouvernance", order=2)
    return programme


@pytest.fixture
def draft_call(programme):
    return CallFactory(programme=programme, draft=True, title="Appel de printemps")


def other_advisor():
    """An advisor of another operator."""
    operator = OrganisationFactory(operator=True)
    return MembershipFactory(organisation=operator, role=Role.ADVISOR).user


def sign_in(client, role_users, role):
    if role == "other_advisor":
        client.force_login(other_advisor())
    elif role != "anonymous":
        client.force_login(role_users[role])


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def call_post(questions=(), documents=(), criteria=(), milestones=(), **fields) -> dict:
    data = {
        "title": "Appel 2030",
        "description": "Pour les structures employeuses de Normandie.",
        "opens_at": "2030-03-01T09:00",
        "closes_at": "2030-04-01T12:00",
        "selection_date": "2030-04-20",
        "start_date": "2030-05-15",
        "capacity": "12",
        **fields,
    }
    data.update(formset("questions", list(questions)))
    data.update(formset("documents", list(documents)))
    data.update(formset("criteria", list(criteria)))
    data.update(formset("milestones", list(milestones)))
    return data


def editor_items(call: Call) -> dict:
    """The POST data of the editor for an existing call, rows unchanged."""
    data = {
        "title": call.title,
        "description": call.description,
        "opens_at": call.opens_at.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")
        if call.opens_at
        else "",
        "closes_at": call.closes_at.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")
        if call.closes_at
        else "",
        "capacity": call.capacity or "",
    }
    questions = [
        {
            "id": q.pk,
            "label": q.label,
            "help_text": q.help_text,
            "kind": q.kind,
            "choices": "\n".join(q.choices),
            **({"required": "on"} if q.required else {}),
        }
        for q in call.questions.all()
    ]
    documents = [
        {"id": d.pk, "label": d.label, "help_text": d.help_text, "required": "on"}
        for d in call.required_documents.all()
    ]
    criteria = [
        {"id": c.pk, "label": c.label, "description": c.description, "rule_type": c.rule_type}
        for c in call.criteria.all()
    ]
    data.update(formset("questions", questions, initial=len(questions)))
    data.update(formset("documents", documents, initial=len(documents)))
    data.update(formset("criteria", criteria, initial=len(criteria)))
    milestones = [
        {"id": m.pk, "date": m.date.isoformat(), "label": m.label} for m in call.milestones.all()
    ]
    data.update(formset("milestones", milestones, initial=len(milestones)))
    return data


TWO_QUESTIONS = [
    {"label": "Quel est votre projet ?", "kind": "long_text", "required": "on"},
    {
        "label": "Votre secteur",
        "help_text": "Un seul choix",
        "kind": "choice",
        "choices": "Alimentation\nCulture\n\nMobilité\n",
        "required": "on",
    },
]
ONE_DOCUMENT = [{"label": "Statuts", "help_text": "Version à jour", "required": "on"}]
# Blank rows, as a browser sends the editor's spare rows: they are ignored.
BLANK_QUESTION = {"label": "", "help_text": "", "kind": "", "choices": "", "required": "on"}
BLANK_DOCUMENT = {"label": "", "help_text": "", "required": "on"}
BLANK_CRITERION = {"label": "", "description": "", "rule_type": ""}
TWO_CRITERIA = [
    {"label": "Structure employeuse", "rule_type": "min_employees", "min_employees__fte": "1"},
    {"label": "Projet d'utilité sociale", "description": "Apprécié en entretien"},
]


# --- Who may open each page -------------------------------------------------------------------

LIST_PAGES = ["programmes:manage", "programmes:create", "applications:decision_templates"]


@pytest.mark.parametrize("url_name", LIST_PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("advisor", 200),
        ("admin", 200),
        ("other_advisor", 200),  # an advisor manages their own operator's programmes
        ("member", 403),
        ("expert", 403),
        ("funder", 403),
        ("provider", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_advisor_pages_are_for_advisors_and_administrators(
    client, role_users, url_name, role, status
):
    sign_in(client, role_users, role)
    response = client.get(reverse(url_name))
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("account_login"))


REFUSED_TO_OTHERS = [
    ("advisor", 200),
    ("admin", 200),
    ("member", "hidden"),
    ("expert", "hidden"),
    ("funder", "hidden"),
    ("provider", "hidden"),
    ("other_advisor", "hidden"),
    ("anonymous", 302),
]


@pytest.mark.parametrize("url_name", ["programmes:update", "programmes:call_create"])
@pytest.mark.parametrize("published", [True, False])
@pytest.mark.parametrize(("role", "status"), REFUSED_TO_OTHERS)
def test_programme_pages_for_its_operator_only(
    client, role_users, programme, url_name, published, role, status
):
    """A published programme is public, so others get 403; an unpublished one, 404."""
    if not published:
        Programme.objects.filter(pk=programme.pk).update(is_published=False)
    sign_in(client, role_users, role)
    if status == "hidden":
        status = 403 if published else 404
    assert client.get(reverse(url_name, args=[programme.slug])).status_code == status


@pytest.mark.parametrize(
    "url_name", ["programmes:call_update", "programmes:call_preview", "programmes:call_detail"]
)
@pytest.mark.parametrize("call_status", [CallStatus.DRAFT, CallStatus.PUBLISHED])
@pytest.mark.parametrize(("role", "status"), REFUSED_TO_OTHERS)
def test_call_pages_for_its_operator_only(
    client, role_users, programme, url_name, call_status, role, status
):
    """A draft is hidden (404) from others; a published call is seen, so others get 403."""
    call = CallFactory(programme=programme, status=call_status)
    sign_in(client, role_users, role)
    if url_name == "programmes:call_detail" and call_status == CallStatus.PUBLISHED:
        status = 200  # the public page itself
    elif url_name == "programmes:call_detail" and role == "anonymous":
        status = 404  # public view: no sign-in asked
    elif status == "hidden":
        status = 403 if call_status == CallStatus.PUBLISHED else 404
    assert client.get(reverse(url_name, args=[call.slug])).status_code == status


@pytest.mark.parametrize(
    ("url_name", "call_status"),
    [
        ("programmes:call_publish", CallStatus.DRAFT),
        ("programmes:call_close", CallStatus.PUBLISHED),
        ("programmes:call_duplicate", CallStatus.DRAFT),
        ("programmes:call_duplicate", CallStatus.PUBLISHED),
    ],
)
@pytest.mark.parametrize(("role", "status"), REFUSED_TO_OTHERS)
def test_call_actions_for_its_operator_only(
    client, role_users, programme, url_name, call_status, role, status
):
    call = CallFactory(programme=programme, status=call_status)
    call.questions.create(label="Votre projet", kind="text")
    sign_in(client, role_users, role)
    if status == "hidden":
        status = 403 if call_status == CallStatus.PUBLISHED else 404
    response = client.post(reverse(url_name, args=[call.slug]), {"confirmed": "1"})
    assert response.status_code == (302 if status == 200 else status)
    if status in (403, 404):
        assert Call.objects.count() == 1
        assert Call.objects.get().status == call_status


def test_call_actions_answer_only_post(client, advisor, draft_call):
    client.force_login(advisor)
    for name in ("call_publish", "call_close", "call_duplicate"):
        response = client.get(reverse(f"programmes:{name}", args=[draft_call.slug]))
        assert response.status_code == 405


def test_the_manage_list_shows_only_the_advisors_programmes_with_counts(
    client, advisor, programme, draft_call
):
    published = CallFactory(programme=programme, title="Appel publié")
    for status in ("submitted", "eligible", "draft"):
        Application.objects.create(
            call=published, organisation=OrganisationFactory(), status=status
        )
    elsewhere = ProgrammeFactory(name="Programme d'un autre opérateur")
    client.force_login(advisor)
    response = client.get(reverse("programmes:manage"))
    page = response.content.decode()
    assert "ESSor Normandie" in page and "Appel de printemps" in page
    assert elsewhere.name not in page
    call = next(c for c in response.context["programmes"][0].calls.all() if c.pk == published.pk)
    assert (call.submitted_count, call.draft_count) == (2, 1)


def test_advisors_find_the_manage_page_in_the_navigation(client, advisor, role_users):
    client.force_login(advisor)
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("programmes:manage") in page and "Gérer mes programmes" in page
    client.force_login(role_users["member"])
    assert reverse("programmes:manage") not in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize("many", [False, True])
def test_manage_list_query_count_does_not_grow_with_calls(
    client, advisor, programme, django_assert_num_queries, many
):
    CallFactory(programme=programme)
    if many:
        CallFactory.create_batch(6, programme=programme)
        CallFactory.create_batch(3, programme=ProgrammeFactory(operator=programme.operator))
        for call in Call.objects.all()[:4]:
            Application.objects.create(
                call=call, organisation=OrganisationFactory(), status="submitted"
            )
    client.force_login(advisor)
    # Session, user, memberships (one read), MFA device; failed e-mails; the programmes; their
    # calls.
    with django_assert_num_queries(7):
        client.get(reverse("programmes:manage"))


# --- Programmes -------------------------------------------------------------------------------


def test_an_advisor_creates_a_programme(client, advisor, operator):
    funder = OrganisationFactory(funder=True, name="Région Normandie")
    expert = MembershipFactory(role=Role.EXPERT, organisation=OrganisationFactory(provider=True))
    client.force_login(advisor)
    data = {
        "operator": operator.pk,
        "name": "Gestion",  # a reserved path: the slug avoids it
        "summary": "Accompagner la consolidation des structures employeuses.",
        "funders": [funder.pk],
        "regions": ["28"],
        "departments": ["14", "76"],
        "start_date": "2030-01-01",
        "end_date": "2031-12-31",
        "experts": [expert.user.pk],
        **formset(
            "themes",
            [{"name": "Modèle économique", "description": "Diversifier ses ressources"}, {}],
        ),
    }
    response = client.post(reverse("programmes:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    programme = Programme.objects.get(name="Gestion")
    assert programme.slug == "gestion-2"
    assert programme.operator == operator
    assert list(programme.funders.all()) == [funder]
    assert {d.code for d in programme.departments.all()} == {"14", "76"}
    assert [r.code for r in programme.regions.all()] == ["28"]
    assert list(programme.experts.all()) == [expert.user]
    assert [t.name for t in programme.themes.all()] == ["Modèle économique"]
    assert AuditEvent.objects.filter(action="programme.created", actor=advisor).exists()
    assert "a été créé" in client.get(response.url).content.decode()


def test_a_new_programme_can_start_from_another_programmes_methodology(client, advisor, operator):
    from essaim.programmes.models import ProgrammeStep

    template = ProgrammeFactory(name="ESSor")
    for order, name in enumerate(["Diagnostic", "Co-développement", "Feuille de route"], start=1):
        template.steps.create(kind=ProgrammeStep.Kind.METHODOLOGY, order=order, name=name)
    client.force_login(advisor)
    data = {
        "operator": operator.pk,
        "name": "Coopérer en Bocage",
        "summary": "Un programme inspiré d'ESSor.",
        "methodology_from": template.pk,
        **formset("themes", []),
    }
    response = client.post(reverse("programmes:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    programme = Programme.objects.get(name="Coopérer en Bocage")
    assert [s.name for s in programme.steps.order_by("order")] == [
        "Diagnostic",
        "Co-développement",
        "Feuille de route",
    ]
    assert template.steps.count() == 3  # copied, not moved


def test_a_programme_form_refuses_other_organisations_as_funders(client, advisor, operator):
    client.force_login(advisor)
    data = {
        "operator": operator.pk,
        "name": "Programme",
        "summary": "Résumé",
        "funders": [OrganisationFactory().pk],  # an ESS structure, not a funder
        "start_date": "2031-01-01",
        "end_date": "2030-01-01",
        **formset("themes", []),
    }
    response = client.post(reverse("programmes:create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (
        "funders" in errors and "La fin du programme doit suivre son début." in errors["end_date"]
    )
    assert not Programme.objects.filter(name="Programme").exists()


def test_an_advisor_cannot_create_a_programme_for_another_operator(client, advisor):
    client.force_login(advisor)
    data = {"operator": OrganisationFactory(operator=True).pk, "name": "X", "summary": "Y"}
    data.update(formset("themes", []))
    response = client.post(reverse("programmes:create"), data)
    assert response.status_code == 200 and "operator" in response.context["form"].errors


def test_an_advisor_updates_a_programme_and_its_themes(client, advisor, programme):
    kept, removed = programme.themes.all()
    client.force_login(advisor)
    data = {
        "name": "ESSor Normandie",
        "summary": "Nouveau résumé",
        **formset(
            "themes",
            [
                {"id": kept.pk, "name": "Modèle économique et financement"},
                {"id": removed.pk, "name": removed.name, "DELETE": "on"},
                {"name": "Emploi"},
            ],
            initial=2,
        ),
    }
    response = client.post(reverse("programmes:update", args=[programme.slug]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.summary == "Nouveau résumé" and programme.slug.startswith("programme-")
    assert [t.name for t in programme.themes.all()] == [
        "Modèle économique et financement",
        "Emploi",
    ]
    event = AuditEvent.objects.get(action="programme.updated")
    assert event.changes["themes"] == {"created": 1, "updated": 1, "deleted": 1}


# --- Calls: editor ----------------------------------------------------------------------------


def test_an_advisor_creates_a_call_with_questions_documents_and_criteria(
    client, advisor, programme
):
    theme = programme.themes.first()
    client.force_login(advisor)
    data = call_post(
        [*TWO_QUESTIONS, BLANK_QUESTION],
        [*ONE_DOCUMENT, BLANK_DOCUMENT, BLANK_DOCUMENT],
        [*TWO_CRITERIA, BLANK_CRITERION, BLANK_CRITERION],
        themes=[theme.pk],
    )
    response = client.post(reverse("programmes:call_create", args=[programme.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get(title="Appel 2030")
    assert response.url == reverse("programmes:call_update", args=[call.slug])
    assert call.status == CallStatus.DRAFT and call.programme == programme
    assert call.opens_at == datetime(2030, 3, 1, 9, 0, tzinfo=PARIS)
    assert call.closes_at == datetime(2030, 4, 1, 12, 0, tzinfo=PARIS)
    assert call.capacity == 12 and list(call.themes.all()) == [theme]
    questions = list(call.questions.all())
    assert [(q.order, q.label, q.kind) for q in questions] == [
        (1, "Quel est votre projet ?", "long_text"),
        (2, "Votre secteur", "choice"),
    ]
    assert questions[1].choices == ["Alimentation", "Culture", "Mobilité"]
    assert [d.label for d in call.required_documents.all()] == ["Statuts"]
    criteria = list(call.criteria.all())
    assert [(c.rule_type, c.params) for c in criteria] == [("min_employees", {"fte": 1}), ("", {})]
    assert AuditEvent.objects.filter(action="call.created", object_id=str(call.pk)).exists()
    assert "créé en brouillon" in client.get(response.url).content.decode()


def test_the_editor_shows_every_list_with_labelled_rows(client, advisor, draft_call):
    draft_call.questions.create(label="Votre projet", kind="text")
    client.force_login(advisor)
    page = client.get(reverse("programmes:call_update", args=[draft_call.slug])).content.decode()
    assert "<legend" in page and "Question 1" in page and "Document 1" in page
    assert "Critère 1" in page and "Supprimer cette question" in page
    assert "Vérification manuelle" in page and "Nombre minimal de salariés (ETP)" in page
    assert 'type="datetime-local"' in page


@pytest.mark.parametrize(
    ("questions", "criteria", "fields", "error"),
    [
        ([], [], {"closes_at": "2030-02-01T09:00"}, "La clôture doit être postérieure"),
        (
            [{"label": "Votre secteur", "kind": "choice", "required": "on"}],
            [],
            {},
            "Indiquez les choix possibles, un par ligne",
        ),
        (
            [{"label": "Votre effectif", "kind": "number", "choices": "1\n2"}],
            [],
            {},
            "Seule une question à choix unique ou multiple prend des choix possibles",
        ),
        (
            [],
            [{"label": "Employeuse", "rule_type": "min_employees", "min_employees__fte": ""}],
            {},
            "Ce paramètre est obligatoire pour la règle « Nombre minimal de salariés (ETP) ».",
        ),
        (
            [],
            [{"label": "Siège en région", "rule_type": "head_office_in"}],
            {},
            "Indiquez au moins une région ou un département.",
        ),
        (
            [],
            [{"label": "Ancienne", "rule_type": "min_age", "min_age__years": "-2"}],
            {},
            "supérieure ou égale à 0",
        ),
    ],
)
def test_bad_input_keeps_what_was_typed_and_explains_in_french(
    client, advisor, programme, questions, criteria, fields, error
):
    client.force_login(advisor)
    data = call_post(questions, [], criteria, title="Appel à garder", **fields)
    response = client.post(reverse("programmes:call_create", args=[programme.slug]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert "L'appel n'a pas été enregistré" in page.replace("&#x27;", "'")
    assert 'value="Appel à garder"' in page
    for row in questions + criteria:
        assert f'value="{row["label"]}"' in page
    assert 'aria-invalid="true"' in page
    assert not Call.objects.filter(title="Appel à garder").exists()


def test_an_advisor_edits_a_call_rows_and_deletes_one(client, advisor, draft_call):
    question = draft_call.questions.create(label="Votre projet", kind="text", order=1)
    document = draft_call.required_documents.create(label="Statuts", order=1)
    client.force_login(advisor)
    data = editor_items(draft_call)
    data["questions-0-label"] = "Décrivez votre projet"
    data["documents-0-DELETE"] = "on"
    response = client.post(reverse("programmes:call_update", args=[draft_call.slug]), data)
    assert response.status_code == 302, response.context["form"].errors
    question.refresh_from_db()
    assert question.label == "Décrivez votre projet"
    assert not RequiredDocument.objects.filter(pk=document.pk).exists()
    event = AuditEvent.objects.get(action="call.updated")
    assert event.changes["questions"] == {"updated": 1}
    assert event.changes["required_documents"] == {"deleted": 1}


def test_questions_are_locked_once_an_application_is_submitted(client, advisor, programme):
    call = CallFactory(programme=programme)
    call.questions.create(label="Votre projet", kind="text")
    Application.objects.create(call=call, organisation=OrganisationFactory(), status="submitted")
    with pytest.raises(ValidationError, match="ne sont plus modifiables"):
        services.call_update(
            actor=advisor,
            call=call,
            data={},
            questions=[{"label": "Autre question", "kind": "text", "choices": []}],
        )
    client.force_login(advisor)
    url = reverse("programmes:call_update", args=[call.slug])
    page = client.get(url).content.decode()
    assert "les questions ne sont plus modifiables" in page and "questions-TOTAL_FORMS" not in page
    data = editor_items(call)
    data["capacity"] = "8"
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.capacity == 8 and call.questions.get().label == "Votre projet"


def test_questions_stay_editable_with_only_draft_applications(advisor, programme):
    call = CallFactory(programme=programme)
    call.questions.create(label="Votre projet", kind="text")
    Application.objects.create(call=call, organisation=OrganisationFactory(), status="draft")
    services.call_update(
        actor=advisor,
        call=call,
        data={},
        questions=[{"label": "Autre question", "kind": "text", "choices": [], "required": True}],
    )
    assert call.questions.get().label == "Autre question"


def test_the_service_refuses_naive_or_inverted_dates(advisor, programme):
    with pytest.raises(ValidationError, match="fuseau horaire"):
        services.call_create(
            actor=advisor,
            programme=programme,
            data={"title": "X", "opens_at": datetime(2030, 1, 1)},
        )
    with pytest.raises(ValidationError, match="postérieure à l'ouverture"):
        services.call_create(
            actor=advisor,
            programme=programme,
            data={
                "title": "X",
                "opens_at": datetime(2030, 2, 1, tzinfo=PARIS),
                "closes_at": datetime(2030, 1, 1, tzinfo=PARIS),
            },
        )


def test_the_service_refuses_themes_of_another_programme(advisor, programme):
    foreign = Theme.objects.create(programme=ProgrammeFactory(), name="Ailleurs")
    with pytest.raises(ValidationError):
        services.call_create(
            actor=advisor, programme=programme, data={"title": "X", "themes": [foreign]}
        )
    assert not Call.objects.filter(title="X").exists()


# --- Calls: preview, publication, closing, duplication ----------------------------------------


def test_a_draft_is_hidden_from_the_public_and_previewed_by_its_advisor(
    client, advisor, draft_call
):
    draft_call.questions.create(label="Quel est votre projet ?", kind="long_text")
    draft_call.questions.create(label="Votre secteur", kind="choice", choices=["Culture", "Sport"])
    draft_call.required_documents.create(label="Statuts")
    assert client.get(reverse("programmes:call_detail", args=[draft_call.slug])).status_code == 404
    client.force_login(advisor)
    page = client.get(reverse("programmes:call_preview", args=[draft_call.slug])).content.decode()
    assert "Aperçu — non publié" in page and draft_call.title in page
    assert "Quel est votre projet ?" in page and "Culture" in page and "Statuts" in page
    assert "disabled" in page and "Publier l'appel" in page


def test_the_public_page_shows_the_advisors_actions_to_them_only(client, advisor, programme):
    call = CallFactory(programme=programme)
    page = client.get(reverse("programmes:call_detail", args=[call.slug])).content.decode()
    assert "Modifier l'appel" not in page
    client.force_login(advisor)
    page = client.get(reverse("programmes:call_detail", args=[call.slug])).content.decode()
    assert "Modifier l'appel" in page and "Aperçu" in page
    assert reverse("programmes:call_close", args=[call.slug]) in page
    assert reverse("programmes:call_duplicate", args=[call.slug]) in page
    assert reverse("programmes:call_publish", args=[call.slug]) not in page


def test_publishing_an_incomplete_call_is_refused_with_what_is_missing(client, advisor, programme):
    call = CallFactory(programme=programme, draft=True, opens_at=None, closes_at=None)
    client.force_login(advisor)
    response = client.post(reverse("programmes:call_publish", args=[call.slug]), follow=True)
    page = response.content.decode().replace("&#x27;", "'")
    assert (
        "L'appel ne peut pas être publié : il manque la date d'ouverture, la date de clôture "
        "et au moins une question ou un critère d'éligibilité." in page
    )
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT and not call.transitions.exists()


def test_an_advisor_publishes_then_closes_a_call(client, advisor, draft_call):
    draft_call.criteria.create(label="Structure employeuse")
    client.force_login(advisor)
    response = client.post(
        reverse("programmes:call_publish", args=[draft_call.slug]), {"confirmed": "1"}
    )
    assert response.url == reverse("programmes:call_detail", args=[draft_call.slug])
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.PUBLISHED
    (move,) = draft_call.transitions.all()
    assert (move.transition, move.from_status, move.to_status, move.actor) == (
        "publish",
        CallStatus.DRAFT,
        CallStatus.PUBLISHED,
        advisor,
    )
    client.logout()
    assert client.get(reverse("programmes:call_detail", args=[draft_call.slug])).status_code == 200

    client.force_login(advisor)
    response = client.post(reverse("programmes:call_publish", args=[draft_call.slug]), follow=True)
    page = response.content.decode().replace("&#x27;", "'")
    assert "« Publier » n'est pas possible au statut « Publié »." in page
    client.post(reverse("programmes:call_close", args=[draft_call.slug]), {"confirmed": "1"})
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.CLOSED
    assert [(m.transition, m.actor) for m in draft_call.transitions.all()] == [
        ("publish", advisor),
        ("close", advisor),
    ]


def test_only_a_published_call_can_be_closed(client, advisor, draft_call):
    client.force_login(advisor)
    response = client.post(reverse("programmes:call_close", args=[draft_call.slug]), follow=True)
    page = response.content.decode().replace("&#x27;", "'")
    assert "« Clore » n'est pas possible au statut « Brouillon »." in page
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.DRAFT and not draft_call.transitions.exists()


def test_duplicating_copies_the_form_into_a_new_draft(client, advisor, programme):
    call = CallFactory(programme=programme, title="Appel 2029", capacity=10, description="Texte")
    call.themes.set(programme.themes.all())
    call.questions.create(label="Votre secteur", kind="choice", choices=["A", "B"], order=1)
    call.questions.create(label="Votre projet", kind="long_text", required=False, order=2)
    call.required_documents.create(label="Statuts", help_text="À jour", order=1)
    call.criteria.create(label="Employeuse", rule_type="min_employees", params={"fte": 1}, order=1)
    call.criteria.create(label="Utilité sociale", order=2)
    client.force_login(advisor)
    response = client.post(reverse("programmes:call_duplicate", args=[call.slug]))
    copy = Call.objects.exclude(pk=call.pk).get()
    assert response.url == reverse("programmes:call_update", args=[copy.slug])
    assert copy.title == "Appel 2029 (copie)" and copy.slug != call.slug
    assert copy.status == CallStatus.DRAFT and copy.duplicated_from == call
    assert copy.opens_at is None and copy.closes_at is None
    assert copy.capacity == 10 and copy.description == "Texte"
    assert set(copy.themes.all()) == set(programme.themes.all())

    def rows(model, fields):
        return [tuple(getattr(o, f) for f in fields) for o in model.objects.filter(call=copy)], [
            tuple(getattr(o, f) for f in fields) for o in model.objects.filter(call=call)
        ]

    copied, original = rows(CallQuestion, ["order", "label", "kind", "choices", "required"])
    assert copied == original and len(copied) == 2
    copied, original = rows(RequiredDocument, ["label", "help_text", "required"])
    assert copied == original and len(copied) == 1
    copied, original = rows(EligibilityCriterion, ["label", "rule_type", "params"])
    assert copied == original and copied[0] == ("Employeuse", "min_employees", {"fte": 1})
    assert AuditEvent.objects.filter(action="call.duplicated", object_id=str(copy.pk)).exists()
    assert client.get(reverse("programmes:call_detail", args=[copy.slug])).status_code == 200
    client.logout()
    assert client.get(reverse("programmes:call_detail", args=[copy.slug])).status_code == 404


# --- Decision templates -----------------------------------------------------------------------


def decision_post(**overrides) -> dict:
    data = {}
    for kind in ("admit", "redirect", "decline"):
        data[f"{kind}-subject"] = f"Objet {kind}"
        data[f"{kind}-body"] = (
            f"Bonjour {{structure}}, décision sur « {{appel}} ». {{motif}} ({kind})"
        )
    data.update(overrides)
    return data


def test_decision_templates_are_saved_per_operator(client, advisor, operator):
    other = OrganisationFactory(operator=True)
    DecisionTemplate.objects.create(operator=other, kind="admit", subject="Autre", body="Autre")
    client.force_login(advisor)
    url = reverse("applications:decision_templates")
    page = client.get(url).content.decode()
    assert "{structure}" in page and "{motif}" in page and "Admission" in page
    assert "Votre candidature est retenue" in page  # the default, as a starting point
    response = client.post(url, decision_post())
    assert response.status_code == 302
    saved = {t.kind: t for t in DecisionTemplate.objects.filter(operator=operator)}
    assert set(saved) == {"admit", "redirect", "decline"}
    assert saved["admit"].subject == "Objet admit"
    assert DecisionTemplate.objects.get(operator=other).subject == "Autre"
    assert AuditEvent.objects.filter(action="decision_template.saved").count() == 3
    assert "Objet admit" in client.get(url).content.decode()


def test_an_advisor_cannot_open_another_operators_templates(client, advisor):
    other = OrganisationFactory(operator=True)
    client.force_login(advisor)
    url = reverse("applications:decision_templates")
    assert client.get(url, {"operateur": other.slug}).status_code == 404


def test_administrators_choose_the_operator(client, role_users, operator):
    client.force_login(role_users["admin"])
    url = reverse("applications:decision_templates")
    response = client.post(url, {"operateur": operator.slug, **decision_post()})
    assert response.status_code == 302
    assert DecisionTemplate.objects.filter(operator=operator).count() == 3


def test_an_unknown_variable_is_refused_and_the_text_kept(client, advisor):
    client.force_login(advisor)
    body = "Bonjour {structur}, merci."
    response = client.post(
        reverse("applications:decision_templates"), decision_post(**{"decline-body": body})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Variable inconnue : {structur}" in page and body in page
    assert not DecisionTemplate.objects.exists()


def test_the_service_replaces_an_operators_template(operator):
    actor = UserFactory()
    application_services.decision_template_save(
        actor=actor, operator=operator, kind="decline", subject="A", body="Bonjour"
    )
    application_services.decision_template_save(
        actor=actor, operator=operator, kind="decline", subject="B", body="Bonjour"
    )
    assert DecisionTemplate.objects.get(operator=operator).subject == "B"


def test_a_rows_refusal_by_the_service_is_not_pinned_on_the_parents_field(advisor, programme):
    with pytest.raises(ValidationError) as refused:
        services.programme_update(
            actor=advisor, programme=programme, data={}, themes=[{"name": "x" * 200}]
        )
    assert not hasattr(refused.value, "error_dict")
    assert refused.value.messages[0].startswith("Thème 1 : ")
