from datetime import timedelta

import factory
from django.utils import timezone

from essaim.organisations.tests.factories import OrganisationFactory
from essaim.programmes.models import Call, CallStatus, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    operator = factory.SubFactory(OrganisationFactory, operator=True)
    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "Un programme d'accompagnement collectif."


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Appel à candidatures {n}")
    slug = factory.Sequence(lambda n: f"appel-{n}")
    status = CallStatus.PUBLISHED
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    class Params:
        draft = factory.Trait(status=CallStatus.DRAFT)
        closed = factory.Trait(
            status=CallStatus.CLOSED,
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30)),
        )
