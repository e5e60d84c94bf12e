"""The whole flow in a real browser: an advisor publishes a call; an organisation applies with a
co-applicant who confirms; the advisor screens, interviews and decides; both applicants are told.
axe-core checks every page visited."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from essaim.accounts.models import Role
from essaim.applications.models import Application, ApplicationStatus, CoApplicant
from essaim.applications.tests.factories import ApplicationFactory
from essaim.conftest import assert_accessible, sign_in
from essaim.organisations.models import LegalForm
from essaim.organisations.tests.factories import MembershipFactory, OrganisationFactory
from essaim.programmes.models import CallStatus, EligibilityCriterion, QuestionKind
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scenario(reference_data):
    operator = OrganisationFactory(operator=True, name="SocialCOBizz")
    advisor = MembershipFactory(organisation=operator, role=Role.ADVISOR).user
    programme = ProgrammeFactory(operator=operator, name="ESSor")
    theme = programme.themes.create(name="Numérique")
    call = CallFactory(programme=programme, title="Appel ESSor 2027", status=CallStatus.DRAFT)
    call.themes.add(theme)
    call.questions.create(order=1, label="Votre problématique", kind=QuestionKind.LONG_TEXT)
    call.required_documents.create(order=1, label="Statuts")
    EligibilityCriterion.objects.create(
        call=call,
        order=1,
        label="Au moins un salarié",
        rule_type="min_employees",
        params={"fte": 1},
    )
    EligibilityCriterion.objects.create(
        call=call,
        order=2,
        label="Volonté de coopérer",
        rule_type="attestation",
        params={"statement": "Nous voulons coopérer avec d'autres structures."},
    )
    lead = OrganisationFactory(name="Recyclerie du Bessin", employees_fte=4)
    partner = OrganisationFactory(
        name="Atelier vélo de Bayeux", legal_form=LegalForm.objects.get(code="5458")
    )
    other = ApplicationFactory(
        call=call, eligible=True, organisation=OrganisationFactory(name="Jardins solidaires")
    )
    return {
        "call": call,
        "advisor": advisor,
        "applicant": MembershipFactory(organisation=lead).user,
        "partner": MembershipFactory(organisation=partner).user,
        "partner_organisation": partner,
        "other": other,
        "other_member": MembershipFactory(organisation=other.organisation).user,
    }


def test_publish_apply_with_a_partner_screen_interview_and_decide(open_page, scenario):
    call = scenario["call"]
    advisor_page = open_page()
    sign_in(advisor_page, scenario["advisor"])
    advisor_page.goto(f"{advisor_page.base_url}/programmes/appels/{call.slug}/")
    advisor_page.get_by_role("button", name="Publier l'appel").click()
    assert_accessible(advisor_page)  # the confirmation step
    advisor_page.get_by_role("button", name="Publier l'appel").click()
    assert "publié" in advisor_page.content()

    # The applicant fills the form, step by step.
    page = open_page()
    sign_in(page, scenario["applicant"])
    page.goto(f"{page.base_url}/programmes/appels/{call.slug}/")
    assert_accessible(page)
    page.get_by_role("button", name="Commencer ma candidature").click()
    page.get_by_label("Votre besoin d'accompagnement").fill("Mutualiser une boutique en ligne.")
    page.get_by_label("Thème").select_option(label="Numérique")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Nom du ou de la décisionnaire").fill("Alice Martin")
    page.get_by_label("E-mail du ou de la décisionnaire").fill("alice@recyclerie.example.org")
    page.get_by_label("Nom du ou de la référent·e opérationnel·le").fill("Bruno Petit")
    page.get_by_label("E-mail du ou de la référent·e opérationnel·le").fill(
        "bruno@recyclerie.example.org"
    )
    page.get_by_label("Le binôme s'engage à être disponible pendant l'accompagnement").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.get_by_label("Votre problématique").fill("Vendre en ligne les objets réparés.")
    page.get_by_label("Nous voulons coopérer avec d'autres structures.").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.locator("#id_file").set_input_files(
        files=[{"name": "statuts.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Ajouter le document").click()
    assert page.get_by_role("link", name="statuts.pdf").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Étape suivante").click()
    page.get_by_label("SIRET, numéro RNA ou nom de la structure partenaire").fill(
        scenario["partner_organisation"].siret
    )
    page.get_by_role("button", name="Inviter").click()
    assert "Invitée" in page.content()
    assert_accessible(page)

    # The partner confirms from the link in its e-mail.
    invitation = next(m for m in mail.outbox if scenario["partner"].email in m.to)
    co_applicant = CoApplicant.objects.get()
    assert co_applicant.token in invitation.body
    partner_page = open_page()
    sign_in(partner_page, scenario["partner"])
    partner_page.goto(f"{partner_page.base_url}/candidatures/invitations/{co_applicant.token}/")
    assert_accessible(partner_page)
    partner_page.get_by_role("button", name="Confirmer la co-candidature").click()

    # The applicant sees the eligibility criterion by criterion, then submits.
    application = Application.objects.get(organisation__name="Recyclerie du Bessin")
    page.goto(f"{page.base_url}/candidatures/{application.pk}/modifier/depot/")
    assert "Au moins un salarié" in page.content() and "Conforme" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Déposer la candidature").click()
    assert "Déposée" in page.content()
    assert any("Candidature déposée" in m.subject for m in mail.outbox)

    # The advisor screens, schedules and records the interview, then admits.
    advisor_page.goto(f"{advisor_page.base_url}/candidatures/appels/{call.slug}/")
    assert_accessible(advisor_page)
    advisor_page.get_by_role("link", name="Recyclerie du Bessin").click()
    assert "Conforme" in advisor_page.content()
    advisor_page.get_by_label("Éligible", exact=True).check()
    advisor_page.get_by_role("button", name="Enregistrer", exact=True).click()
    when = timezone.localtime() + timedelta(days=5)
    advisor_page.get_by_label("Date et heure").fill(when.strftime("%Y-%m-%dT10:00"))
    advisor_page.get_by_label("Lieu").fill("Caen, 3 rue de l'ESS")
    advisor_page.get_by_role("button", name="Planifier et inviter").click()
    assert any(m.attachments and "Entretien" in m.subject for m in mail.outbox)
    for label in (
        "Clarté du besoin",
        "Disponibilité du binôme",
        "Volonté de coopérer",
        "Maturité du projet",
        "Adéquation avec le thème",
    ):
        advisor_page.get_by_role("combobox", name=re.compile(f"^{label}")).select_option("3")
    advisor_page.get_by_label("Recommandation").select_option("admit")
    # The grid is filled after the interview: the rest of the file happens two hours later.
    with time_machine.travel(when + timedelta(hours=2)):
        advisor_page.get_by_role("button", name="Enregistrer la grille").click()
        assert "Grille de qualification enregistrée" in advisor_page.content()
        assert_accessible(advisor_page)
        advisor_page.get_by_label("Admission").check()
        advisor_page.get_by_label("Motif (lu par la structure)").fill(
            "Besoin clair et binôme disponible."
        )
        advisor_page.get_by_role("button", name="Enregistrer la décision").click()
        assert "Un e-mail part à" in advisor_page.content()
        assert_accessible(advisor_page)
        advisor_page.get_by_role("button", name="Admettre et envoyer l'e-mail").click()
        assert "Décision enregistrée" in advisor_page.content()

    # ... and redirects the other file.
    other = scenario["other"]
    advisor_page.goto(f"{advisor_page.base_url}/candidatures/{other.pk}/")
    advisor_page.get_by_label("Réorientation").check()
    advisor_page.get_by_label("Motif (lu par la structure)").fill("Besoin individuel.")
    advisor_page.get_by_label("Autres accompagnements suggérés").fill("Le DLA du Calvados")
    advisor_page.get_by_role("button", name="Enregistrer la décision").click()
    advisor_page.get_by_role("button", name="Réorienter et envoyer l'e-mail").click()
    assert_accessible(advisor_page)

    application.refresh_from_db()
    other.refresh_from_db()
    assert application.status == ApplicationStatus.ADMITTED
    assert other.status == ApplicationStatus.REDIRECTED
    assert [t.to_status for t in application.transitions.all()] == [
        "submitted",
        "eligible",
        "interview_scheduled",
        "qualified",
        "admitted",
    ]
    admitted_mail = next(m for m in mail.outbox if "Votre candidature est retenue" in m.subject)
    assert scenario["applicant"].email in admitted_mail.to
    redirected_mail = next(m for m in mail.outbox if "accompagnements" in m.subject)
    assert scenario["other_member"].email in redirected_mail.to
    assert "Le DLA du Calvados" in redirected_mail.body

    # Both applicants see their status and the decision.
    page.goto(f"{page.base_url}/candidatures/{application.pk}/")
    assert "Admise" in page.content() and "Besoin clair" in page.content()
    assert_accessible(page)
    other_page = open_page()
    sign_in(other_page, scenario["other_member"])
    other_page.goto(f"{other_page.base_url}/candidatures/")
    assert "Réorientée" in other_page.content()
    assert_accessible(other_page)
