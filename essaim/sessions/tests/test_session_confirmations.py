"""Unregistering from an open session and cancelling a session ask first, saying what will
happen and to whom; the first POST changes nothing, the confirmed one acts."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from essaim.cohorts.tests.factories import cohort_scenario
from essaim.sessions import services
from essaim.sessions.models import Participant, Session, SessionKind
from essaim.sessions.planner import PARIS

pytestmark = pytest.mark.django_db
P = Participant.Status
NOW = datetime(2026, 3, 2, 10, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def clock():
    """Frozen for the fixtures too: the sessions they create are then still to come."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scenario(role_users):
    return cohort_scenario(role_users)


def create(scenario, **overrides):
    data = {
        "kind": SessionKind.WORKSHOP,
        "title": "Atelier",
        "starts_at": datetime(2026, 3, 12, 9, 30, tzinfo=PARIS),
        "duration_minutes": 120,
        "location": "Caen",
        "cohort": scenario["cohort"],
        "facilitators": [scenario["advisor"]],
    }
    return services.session_create(actor=scenario["advisor"], **{**data, **overrides})


@pytest.fixture
def full_training(scenario):
    """One place, taken by the member; the other member waits."""
    training = create(
        scenario,
        kind=SessionKind.TRAINING,
        cohort=None,
        context_cohort=scenario["cohort"],
        capacity=1,
        title="Formation paie",
    )
    services.session_register(actor=scenario["member"], session=training)
    services.session_register(actor=scenario["other_member"], session=training)
    return training


def statuses(session):
    return dict(session.participants.values_list("user", "status"))


def test_unregistering_first_says_the_place_goes_to_the_waitlist_and_changes_nothing(
    client, scenario, full_training, django_capture_on_commit_callbacks
):
    url = reverse("sessions:session_unregister", args=[full_training.pk])
    before = statuses(full_training)
    mail.outbox.clear()
    client.force_login(scenario["member"])
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Vous désinscrire de « Formation paie » ?" in page
    assert (
        "Votre place sera libérée et proposée à la première personne en liste d&#x27;attente"
        in page
    )
    assert 'name="confirmed" value="1"' in page
    assert statuses(full_training) == before and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirmed": "1"}, follow=True)
    assert "Votre inscription est annulée." in done.content.decode()
    assert statuses(full_training) == {
        scenario["member"].pk: P.CANCELLED,
        scenario["other_member"].pk: P.EXPECTED,
    }
    assert {m.to[0] for m in mail.outbox} == {
        scenario["member"].email,
        scenario["other_member"].email,
    }


def test_leaving_the_waitlist_is_confirmed_in_its_own_words(client, scenario, full_training):
    url = reverse("sessions:session_unregister", args=[full_training.pk])
    client.force_login(scenario["other_member"])
    page = client.post(url).content.decode()
    assert "Quitter la liste d&#x27;attente de « Formation paie » ?" in page
    assert "vous ne serez plus prévenu·e si une place se libère" in page
    assert full_training.participants.get(user=scenario["other_member"]).status == P.WAITLISTED
    client.post(url, {"confirmed": "1"})
    assert full_training.participants.get(user=scenario["other_member"]).status == P.CANCELLED


def test_cancelling_a_session_first_says_who_will_be_told_and_changes_nothing(
    client, scenario, django_capture_on_commit_callbacks
):
    session = create(scenario, title="Atelier gouvernance")
    url = reverse("sessions:session_cancel", args=[session.pk])
    mail.outbox.clear()
    client.force_login(scenario["advisor"])
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url, {"reason": "Salle inondée"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Annuler la session « Atelier gouvernance » ?" in page
    assert "du jeudi 12 mars 2026 à 9 h 30 sera annulée" in page
    assert "part vers 3 personnes" in page
    for person in ("member", "peer", "peer_bis"):
        assert str(scenario[person]) in page
    assert 'name="reason" value="Salle inondée"' in page  # carried over to the confirmation
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"reason": "Salle inondée", "confirmed": "1"})
    assert done.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and len(mail.outbox) == 3
