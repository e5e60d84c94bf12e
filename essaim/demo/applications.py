"""Demo applications to the ESSor call: a pipeline in every state, and 12 admitted organisations
ready to be composed into cohorts. Loaded once (a second run finds them and changes nothing)."""

from datetime import timedelta

from django.utils import timezone

from essaim.applications.models import APPLICATION_LIFECYCLE, ApplicationStatus, Interview
from essaim.applications.services import application_eligibility, application_transition
from essaim.programmes.eligibility import summarise

S = ApplicationStatus
NEEDS = {
    "Numérique": [
        "Choisir et mutualiser un logiciel de suivi des bénéficiaires entre plusieurs structures "
        "d'insertion du territoire.",
        "Créer une boutique en ligne commune pour vendre les produits de nos ateliers et partager "
        "la logistique des expéditions.",
        "Former nos bénévoles aux outils collaboratifs et sécuriser les données personnelles que "
        "nous collectons.",
        "Mettre en place un outil de réservation partagé pour nos salles et véhicules.",
        "Numériser la gestion des adhésions et des dons avec d'autres associations culturelles.",
        "Développer une application de mise en relation entre habitants et services de mobilité "
        "solidaire en zone rurale.",
        "Partager un CRM et une base de contacts entre structures de l'accompagnement à l'emploi.",
    ],
    "Accès à la commande publique": [
        "Répondre ensemble aux marchés publics de restauration collective avec des produits "
        "locaux et des salariés en insertion.",
        "Constituer un groupement pour les marchés d'entretien des espaces verts du département.",
        "Comprendre les clauses sociales et se positionner sur les marchés de collecte et de "
        "réemploi des encombrants.",
        "Proposer une offre consolidée de formation aux collectivités avec d'autres organismes.",
        "Se regrouper pour répondre aux marchés de transport à la demande en milieu rural.",
        "Mutualiser une veille des appels d'offres et une cellule de réponse entre SCOP du "
        "bâtiment.",
        "Accéder aux marchés de services à la personne des collectivités en groupement.",
    ],
    "Nouvelles filières de la transition écologique": [
        "Structurer une filière de réemploi des matériaux du bâtiment avec des ressourceries.",
        "Créer une légumerie partagée pour transformer les légumes bio des maraîchers en "
        "insertion.",
        "Développer une filière locale de collecte et de recyclage des textiles usagés.",
        "Monter une plateforme de réparation de vélos et de mobilité douce avec d'autres ateliers.",
        "Organiser une filière de compostage des biodéchets des restaurants et cantines.",
        "Valoriser le bois local en circuit court avec des menuiseries solidaires.",
        "Mutualiser la collecte et le reconditionnement du matériel informatique des entreprises.",
    ],
}
# (target statuses after submission, how many): the pipeline an advisor finds in the demo.
PLAN = [
    ([S.ELIGIBLE, S.ADMITTED], 12),
    ([], 3),
    ([S.ELIGIBLE], 2),
    ([S.ELIGIBLE, S.INTERVIEW_SCHEDULED], 1),
    ([S.NOT_ELIGIBLE], 1),
    ([S.ELIGIBLE, S.REDIRECTED], 1),
    ([S.ELIGIBLE, S.DECLINED], 1),
]
REASONS = {
    S.ADMITTED: "Besoin clair, binôme disponible et forte volonté de coopérer.",
    S.REDIRECTED: "Besoin surtout individuel : le DLA de votre département est plus adapté.",
    S.DECLINED: "Cohortes complètes pour ce thème ; nous vous informerons du prochain appel.",
    S.NOT_ELIGIBLE: "Critère « Solution éprouvée » non rempli : pas encore de premiers résultats.",
}


def applications_demo_load(*, call, organisations, advisor, member) -> None:
    if call.applications.exists():
        return
    themes = list(call.themes.order_by("order"))
    questions = list(call.questions.all())
    attestations = {str(c.pk): True for c in call.criteria.all() if c.rule_type == "attestation"}
    member_organisation = member.organisations.first()
    needed = sum(count for _path, count in PLAN)
    candidates = [o for o in organisations if o != member_organisation][:needed]
    drafts = [
        _draft(call, o, themes, questions, attestations, i, member)
        for i, o in enumerate(candidates)
    ]
    for application in drafts:
        application.eligibility = application_eligibility(application)
        application.eligibility_summary = summarise(application.eligibility)
    # Give the files that must pass to organisations the rules accept.
    drafts.sort(key=lambda a: a.eligibility_summary == "fail")
    failing = next((a for a in reversed(drafts) if a.eligibility_summary == "fail"), drafts[-1])
    ordered = [a for a in drafts if a is not failing]
    submitted_at = call.opens_at + timedelta(days=1)
    for path, count in PLAN:
        for _ in range(count):
            application = failing if path == [S.NOT_ELIGIBLE] else ordered.pop(0)
            _play(application, path, advisor, submitted_at)
    if member_organisation is not None:
        _draft(call, member_organisation, themes, questions, attestations, 0, member, need="")


def _draft(call, organisation, themes, questions, attestations, index, author, need=None):
    theme = themes[index % len(themes)] if themes else None
    texts = NEEDS.get(theme.name, NEEDS["Numérique"]) if theme else NEEDS["Numérique"]
    answers = {}
    for question in questions:
        if question.kind == "choice":
            answers[question.key] = question.choices[index % len(question.choices)]
        elif question.required:
            answers[question.key] = texts[(index // 3) % len(texts)]
    return call.applications.create(
        organisation=organisation,
        created_by=author,
        theme=theme,
        need=texts[(index // 3) % len(texts)] if need is None else need,
        decision_maker_name="Direction",
        decision_maker_role="Directeur·rice",
        decision_maker_email=f"direction+{organisation.pk}@demo.essaim.fr",
        operational_lead_name="Chargé·e de projet",
        operational_lead_role="Chargé·e de projet",
        operational_lead_email=f"projet+{organisation.pk}@demo.essaim.fr",
        availability_commitment=True,
        availability_note="1 jour par semaine partagé pendant 6 mois",
        answers=answers,
        attestations=attestations,
    )


def _play(application, path, advisor, submitted_at):
    application.submitted_at = submitted_at
    application.save(update_fields=["eligibility", "eligibility_summary", "submitted_at"])
    application_transition(
        application=application, transition="submit", actor=application.created_by
    )
    for status in path:
        if status == S.INTERVIEW_SCHEDULED:
            Interview.objects.create(
                application=application,
                scheduled_at=timezone.now().replace(minute=0, second=0, microsecond=0)
                + timedelta(days=7),
                location="Caen — locaux de SocialCOBizz",
                interviewer=advisor,
            )
        reason = REASONS.get(status, "")
        if status in (S.ADMITTED, S.REDIRECTED, S.DECLINED):
            application.decision_reason = reason
            application.decision_message = reason
            application.save(update_fields=["decision_reason", "decision_message"])
        (transition,) = (
            t.name for t in APPLICATION_LIFECYCLE.available(application) if t.target == status
        )
        application_transition(
            application=application, transition=transition, actor=advisor, reason=reason
        )
