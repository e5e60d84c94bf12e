from datetime import timedelta

import factory
from django.utils import timezone

from essaim.applications.models import Application, ApplicationStatus, CoApplicant
from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.tests.factories import CallFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft by default; `submitted=True` gives a file waiting for screening."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    need = "Mutualiser un outil de gestion avec d'autres structures."
    decision_maker_name = "Alice Martin"
    decision_maker_role = "Présidente"
    decision_maker_email = factory.Sequence(lambda n: f"decision{n}@exemple.fr")
    operational_lead_name = "Bruno Petit"
    operational_lead_role = "Directeur"
    operational_lead_email = factory.Sequence(lambda n: f"operationnel{n}@exemple.fr")
    availability_commitment = True

    class Params:
        submitted = factory.Trait(
            status=ApplicationStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            eligibility_summary="pass",
        )
        eligible = factory.Trait(
            status=ApplicationStatus.ELIGIBLE,
            submitted_at=factory.LazyFunction(timezone.now),
            eligibility_summary="pass",
        )


class CoApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoApplicant

    application = factory.SubFactory(ApplicationFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    invited_email = factory.Sequence(lambda n: f"partenaire{n}@exemple.fr")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
