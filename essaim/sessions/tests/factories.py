from datetime import timedelta

import factory
from django.utils import timezone

from essaim.cohorts.tests.factories import CohortFactory
from essaim.sessions.models import Participant, Session, SessionKind


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    kind = SessionKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Atelier {n}")
    cohort = factory.SubFactory(CohortFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    duration_minutes = 180
    location = "Maison des associations, Caen"

    class Params:
        open = factory.Trait(kind=SessionKind.TRAINING, cohort=None, capacity=2)
        codev = factory.Trait(kind=SessionKind.CODEV)
        now = factory.Trait(starts_at=factory.LazyFunction(timezone.now))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory("essaim.accounts.tests.factories.UserFactory")
    status = Participant.Status.EXPECTED
