"""Decision templates only substitute names: format specs and conversions are refused when the
template is saved, and a template stored before that check still renders as written."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.applications import services as application_services
from essaim.applications.decision_templates import decision_template_render
from essaim.applications.models import DecisionTemplate
from essaim.applications.tests.factories import ApplicationFactory
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def decision_post(**overrides) -> dict:
    data = {}
    for kind in ("admit", "redirect", "decline"):
        data[f"{kind}-subject"] = f"Objet {kind}"
        data[f"{kind}-body"] = "Bonjour {structure}, décision sur « {appel} ». {motif}"
    return data | overrides


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("Bonjour {structure:d}", "{structure:d}"),
        ("Bonjour {structure:>30000000}", "{structure:&gt;30000000}"),
        ("Bonjour {appel!r}", "{appel!r}"),
        ("Bonjour {structure.name}", "{structure.name}"),
    ],
)
def test_a_format_spec_is_refused_next_to_the_message(client, role_users, body, shown):
    client.force_login(role_users["advisor"])
    response = client.post(
        reverse("applications:decision_templates"), decision_post(**{"admit-body": body})
    )
    assert response.status_code == 200
    errors = response.context["forms"][0][2].errors["body"]
    assert errors == [
        f"Écrivez chaque variable seule entre accolades, sans format ni option : "
        f"{body.removeprefix('Bonjour ')} n'est pas accepté. "
        "Variables possibles : {structure}, {appel}, {programme}, {motif}."
    ]
    assert shown in response.content.decode()  # next to the field, with the text kept
    assert not DecisionTemplate.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Bonjour {structure", "Une accolade est seule"),
        ("Bonjour structure}", "Une accolade est seule"),
        ("Bonjour {structur}", "Variable inconnue : {structur}. Variables possibles :"),
    ],
)
def test_lone_braces_and_unknown_names_are_refused(client, role_users, body, message):
    client.force_login(role_users["advisor"])
    response = client.post(
        reverse("applications:decision_templates"), decision_post(**{"decline-body": body})
    )
    assert message in " ".join(response.context["forms"][2][2].errors["body"])
    assert not DecisionTemplate.objects.exists()


def test_the_service_refuses_a_format_spec_too(role_users):
    operator = role_users["advisor"].memberships.get(role=Role.ADVISOR).organisation
    with pytest.raises(ValidationError) as refused:
        application_services.decision_template_save(
            actor=UserFactory(), operator=operator, kind="admit", subject="A", body="{motif:^9}"
        )
    assert "body" in refused.value.message_dict


def test_known_names_are_replaced_and_doubled_braces_are_literal():
    rendered = decision_template_render(
        "{{structure}} : {structure} ({appel}) {inconnu}", {"structure": "Recyclerie", "appel": "A"}
    )
    assert rendered == "{structure} : Recyclerie (A) {inconnu}"


@pytest.mark.parametrize("spec", ["{structure:d}", "{structure:>30000000}", "{motif!r}"])
def test_a_legacy_template_with_a_format_spec_is_sent_as_written(
    role_users, django_capture_on_commit_callbacks, spec
):
    advisor = role_users["advisor"]
    programme = ProgrammeFactory(operator=advisor.organisations.get())
    application = ApplicationFactory(eligible=True, call=CallFactory(programme=programme))
    # Stored before templates were checked on save: create() does not validate.
    DecisionTemplate.objects.create(
        operator=programme.operator, kind="admit", subject="Admis", body=f"Bonjour {spec} !"
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_services.application_decide(
            actor=advisor, application=application, kind="admit", reason="Projet solide"
        )
    application.refresh_from_db()
    assert application.decision_message == f"Bonjour {spec} !"
    assert len(mail.outbox) == 1
