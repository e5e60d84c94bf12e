from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from essaim.accounts.models import Role
from essaim.accounts.tests.factories import UserFactory
from essaim.applications import services
from essaim.applications.models import (
    APPLICATION_LIFECYCLE,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    CoApplicant,
    TimelineEntry,
)
from essaim.applications.tests.factories import ApplicationFactory, CoApplicantFactory
from essaim.organisations.tests.factories import MembershipFactory
from essaim.programmes.models import EligibilityCriterion, QuestionKind
from essaim.programmes.tests.factories import CallFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def member():
    return MembershipFactory(role=Role.MEMBER).user


@pytest.fixture
def draft(member):
    return ApplicationFactory(organisation=member.organisations.get(), created_by=member)


def test_start_refuses_a_closed_call_and_a_second_application(member):
    organisation = member.organisations.get()
    with pytest.raises(ValidationError, match="pas ouvert"):
        services.application_start(
            actor=member, call=CallFactory(closed=True), organisation=organisation
        )
    call = CallFactory()
    services.application_start(actor=member, call=call, organisation=organisation)
    with pytest.raises(ValidationError, match="déjà une candidature"):
        services.application_start(actor=member, call=call, organisation=organisation)


def test_submission_lists_every_missing_item(member):
    call = CallFactory()
    call.questions.create(
        label="Combien de bénéficiaires ?", kind=QuestionKind.NUMBER, required=True
    )
    call.required_documents.create(label="Statuts", required=True)
    application = ApplicationFactory(
        call=call, organisation=member.organisations.get(), need="", availability_commitment=False
    )
    CoApplicantFactory(application=application)
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=member, application=application)
    messages = " ".join(error.value.messages)
    assert "Décrivez votre besoin" in messages
    assert "engagement de disponibilité" in messages
    assert "Combien de bénéficiaires ?" in messages
    assert "Statuts" in messages
    assert "n'a pas confirmé" in messages
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_late_submission_is_refused(draft, member):
    later = draft.call.closes_at + timedelta(minutes=1)
    with pytest.raises(ValidationError, match="clos depuis"):
        services.application_submit(actor=member, application=draft, now=later)


def test_submission_snapshots_eligibility_logs_and_acknowledges(
    draft, member, django_capture_on_commit_callbacks
):
    EligibilityCriterion.objects.create(
        call=draft.call,
        order=1,
        label="Au moins 1 salarié",
        rule_type="min_employees",
        params={"fte": 1},
    )
    draft.organisation.employees_fte = 3
    draft.organisation.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(actor=member, application=draft)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.eligibility[0]["status"] == "pass" and draft.eligibility_summary == "pass"
    transition = draft.transitions.get()
    assert (transition.from_status, transition.to_status, transition.actor) == (
        S.DRAFT,
        S.SUBMITTED,
        member,
    )
    assert len(mail.outbox) == 1
    assert draft.decision_maker_email in mail.outbox[0].to
    assert "Mutualiser un outil" in mail.outbox[0].body  # the summary


# The moves a file may make, written out once more so that a change to the lifecycle is seen.
EXPECTED_MOVES = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ELIGIBLE, S.NOT_ELIGIBLE, S.WITHDRAWN},
    S.ELIGIBLE: {S.INTERVIEW_SCHEDULED, S.ADMITTED, S.REDIRECTED, S.DECLINED, S.WITHDRAWN},
    S.NOT_ELIGIBLE: {S.ELIGIBLE, S.REDIRECTED, S.DECLINED},
    S.INTERVIEW_SCHEDULED: {S.QUALIFIED, S.WITHDRAWN},
    S.QUALIFIED: {S.ADMITTED, S.REDIRECTED, S.DECLINED, S.WITHDRAWN},
}


@pytest.mark.parametrize("source", S.values)
def test_the_lifecycle_allows_exactly_the_expected_moves(source):
    assert APPLICATION_LIFECYCLE.targets(source) == EXPECTED_MOVES.get(source, set())


@pytest.mark.parametrize(
    ("source", "transition"),
    APPLICATION_LIFECYCLE.moves(allowed=False),
)
def test_every_forbidden_transition_is_refused(source, transition):
    application = ApplicationFactory(status=source)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        services.application_transition(application=application, transition=transition, actor=None)
    assert error.value.code == "forbidden_transition"
    application.refresh_from_db()
    assert application.status == source and not application.transitions.exists()


def test_a_submitted_application_is_read_only_for_the_applicant(member):
    application = ApplicationFactory(organisation=member.organisations.get(), submitted=True)
    with pytest.raises(ValidationError, match="plus modifiable"):
        services.application_save_draft(
            actor=member, application=application, data={"need": "Autre"}
        )


def test_co_applicant_rules(draft, member, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError, match="propre structure"):
        services.co_applicant_invite(
            actor=member, application=draft, organisation=draft.organisation
        )
    partner = MembershipFactory(role=Role.MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        co = services.co_applicant_invite(
            actor=member, application=draft, organisation=partner.organisation
        )
    assert mail.outbox[0].to == [partner.user.email]
    assert co.token in mail.outbox[0].body
    with pytest.raises(ValidationError, match="déjà invitée"):
        services.co_applicant_invite(
            actor=member, application=draft, organisation=partner.organisation
        )
    services.co_applicant_respond(actor=partner.user, co_applicant=co, accept=True)
    co.refresh_from_db()
    assert co.status == CoApplicant.Status.CONFIRMED
    assert services.missing_items(draft) == []


def test_an_email_invitation_is_confirmed_with_one_of_the_invitees_organisations(draft, member):
    co = services.co_applicant_invite(
        actor=member, application=draft, email="contact@nouvelle.fr", name="Nouvelle asso"
    )
    newcomer = MembershipFactory(role=Role.MEMBER)
    with pytest.raises(ValidationError, match="Choisissez la structure"):
        services.co_applicant_respond(actor=newcomer.user, co_applicant=co, accept=True)
    services.co_applicant_respond(
        actor=newcomer.user, co_applicant=co, accept=True, organisation=newcomer.organisation
    )
    co.refresh_from_db()
    assert co.organisation == newcomer.organisation and co.status == "confirmed"


def test_pending_invitations_are_reminded_once_then_expire(
    draft, member, django_capture_on_commit_callbacks
):
    co = CoApplicantFactory(application=draft)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.co_applicants_remind_and_expire(now=now + timedelta(days=5)) == {
            "reminded": 1,
            "expired": 0,
        }
    assert "Rappel" in mail.outbox[-1].subject
    assert services.co_applicants_remind_and_expire(now=now + timedelta(days=6))["reminded"] == 0
    assert services.co_applicants_remind_and_expire(now=now + timedelta(days=15))["expired"] == 1
    co.refresh_from_db()
    assert co.status == CoApplicant.Status.EXPIRED
    with pytest.raises(ValidationError):
        services.co_applicant_respond(actor=member, co_applicant=co, accept=True)


def test_disguised_and_oversized_files_are_refused_and_nothing_is_stored(draft, member, settings):
    exe = SimpleUploadedFile(
        "statuts.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        services.document_add(
            actor=member, application=draft, required_document=None, uploaded_file=exe
        )
    assert error.value.code == "type_not_allowed"
    big = SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf")
    big.size = 200 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        services.document_add(
            actor=member, application=draft, required_document=None, uploaded_file=big
        )
    assert error.value.code == "too_large" and "200,0 Mo" in error.value.messages[0]
    assert not ApplicationDocument.objects.exists()
    ok = services.document_add(
        actor=member,
        application=draft,
        required_document=None,
        uploaded_file=SimpleUploadedFile("Rapport d'activité.PDF", PDF),
    )
    assert ok.file.name.endswith("/rapport-dactivite.pdf") and ok.file.name.startswith(
        "candidatures/"
    )


def test_eligibility_override_needs_a_reason_and_is_traced():
    advisor = UserFactory()
    application = ApplicationFactory(submitted=True, eligibility_summary="fail")
    with pytest.raises(ValidationError, match="motif"):
        services.eligibility_confirm(actor=advisor, application=application, eligible=True)
    services.eligibility_confirm(
        actor=advisor, application=application, eligible=True, reason="Siège en cours de transfert"
    )
    application.refresh_from_db()
    assert application.status == S.ELIGIBLE
    assert application.eligibility_override_reason == "Siège en cours de transfert"
    assert application.timeline.filter(
        kind=TimelineEntry.Kind.ELIGIBILITY_OVERRIDDEN, internal=True
    ).exists()


def test_information_request_reopens_only_the_named_items(
    member, django_capture_on_commit_callbacks
):
    advisor = UserFactory()
    application = ApplicationFactory(organisation=member.organisations.get(), submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.information_request(
            actor=advisor,
            application=application,
            items=["need"],
            message="Précisez le calendrier.",
        )
    assert "Précisez le calendrier." in mail.outbox[0].body
    services.application_save_draft(
        actor=member, application=application, data={"need": "Calendrier : 2027."}
    )
    with pytest.raises(ValidationError, match="rouverts"):
        services.application_save_draft(
            actor=member, application=application, data={"decision_maker_name": "X"}
        )
    services.information_provide(actor=member, application=application, message="C'est précisé.")
    application.refresh_from_db()
    assert application.need == "Calendrier : 2027." and application.reopened_items == []
    assert list(application.timeline.values_list("kind", flat=True)) == [
        "information_requested",
        "information_provided",
    ]


def test_only_an_expert_of_the_programme_can_be_asked():
    advisor, expert = UserFactory(), UserFactory()
    application = ApplicationFactory(submitted=True)
    with pytest.raises(ValidationError, match="experte de ce programme"):
        services.opinion_request(
            actor=advisor, application=application, expert=expert, question="Viable ?"
        )
    application.call.programme.experts.add(expert)
    opinion = services.opinion_request(
        actor=advisor, application=application, expert=expert, question="Viable ?"
    )
    services.opinion_give(actor=expert, opinion=opinion, text="Oui, modèle solide.")
    assert application.timeline.filter(kind="opinion_given", internal=True).exists()


def test_interview_invitation_carries_an_ics_and_the_grid_qualifies(
    django_capture_on_commit_callbacks,
):
    advisor = UserFactory()
    application = ApplicationFactory(eligible=True)
    when = timezone.now().replace(microsecond=0) + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        interview = services.interview_schedule(
            actor=advisor,
            application=application,
            scheduled_at=when,
            location="Caen, locaux de l'opérateur",
        )
    name, content, mime = mail.outbox[0].attachments[0]
    assert (name, mime) == ("entretien.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == when
    assert "Caen" in str(event.get("location"))
    with pytest.raises(ValidationError, match="de 1 à 4"):
        services.interview_record(
            actor=advisor, interview=interview, scores={}, recommendation="admit"
        )
    scores = {
        key: {"score": 3, "comment": ""}
        for key in (
            "need_clarity",
            "pair_availability",
            "cooperation_will",
            "maturity",
            "theme_fit",
        )
    }
    with pytest.raises(ValidationError, match="après l'entretien"):
        services.interview_record(
            actor=advisor, interview=interview, scores=scores, recommendation="admit"
        )
    with time_machine.travel(when + timedelta(hours=1)):
        services.interview_record(
            actor=advisor, interview=interview, scores=scores, recommendation="admit"
        )
    application.refresh_from_db()
    assert application.status == S.QUALIFIED and interview.total_score == 15


def test_decisions_need_a_reason_redirect_needs_suggestions_and_the_applicant_is_told(
    django_capture_on_commit_callbacks,
):
    advisor = UserFactory()
    application = ApplicationFactory(eligible=True)
    with pytest.raises(ValidationError, match="motif"):
        services.application_decide(
            actor=advisor, application=application, kind="decline", reason=""
        )
    with pytest.raises(ValidationError, match="Suggérez"):
        services.application_decide(
            actor=advisor, application=application, kind="redirect", reason="Besoin individuel"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            actor=advisor,
            application=application,
            kind="redirect",
            reason="Besoin individuel",
            redirect_suggestions="Le DLA de votre département",
        )
    application.refresh_from_db()
    assert application.status == S.REDIRECTED
    assert "Besoin individuel" in application.decision_message
    assert "Le DLA de votre département" in mail.outbox[0].body


def test_operator_templates_shape_decision_messages():
    from essaim.applications.models import DecisionTemplate

    application = ApplicationFactory(eligible=True)
    DecisionTemplate.objects.create(
        operator=application.call.programme.operator,
        kind="admit",
        subject="Bienvenue",
        body="Bravo {structure} ! {motif} {inconnue}",
    )
    services.application_decide(
        actor=UserFactory(), application=application, kind="admit", reason="Projet mûr"
    )
    application.refresh_from_db()
    assert (
        application.decision_message
        == f"Bravo {application.organisation.name} ! Motif : Projet mûr {{inconnue}}"
    )


def test_bulk_decision_decides_what_it_can_and_reports_the_rest():
    advisor = UserFactory()
    call = CallFactory()
    ready = ApplicationFactory.create_batch(2, call=call, eligible=True)
    waiting = ApplicationFactory(call=call, submitted=True)
    result = services.applications_decide_bulk(
        actor=advisor, applications=[*ready, waiting], kind="decline", reason="Places pourvues"
    )
    assert len(result["done"]) == 2
    assert result["refused"][0][0] == waiting
    assert {a.status for a in Application.objects.filter(pk__in=[a.pk for a in ready])} == {
        S.DECLINED
    }


def test_the_daily_command_reminds_and_expires(draft):
    import io

    from django.core.management import call_command

    CoApplicantFactory(application=draft, expires_at=timezone.now() - timedelta(minutes=1))
    out = io.StringIO()
    call_command("remind_co_applicants", stdout=out)
    assert "1 expiration" in out.getvalue()
