"""A cancelled session's co-development is over: its case, roles and stages no longer change, the
page says why, and a change made while the session is being cancelled waits for the cancellation
(the session's row lock) and is then refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.accounts.tests.factories import UserFactory
from essaim.cohorts.tests.factories import cohort_scenario
from essaim.core.models import AuditEvent
from essaim.core.tests.concurrency import race, require_postgresql
from essaim.sessions import services
from essaim.sessions.codev import CODEV_STAGES
from essaim.sessions.models import CodevSession, Session
from essaim.sessions.tests.factories import SessionFactory

REFUSAL = "Cette session est annulée : sa séance de co-développement ne se modifie plus."
FORM = {f"minutes_{key}": minutes for key, _label, minutes, _hint in CODEV_STAGES}


@pytest.fixture
def scenario(role_users):
    return cohort_scenario(role_users)


@pytest.fixture
def codev(scenario):
    return SessionFactory(codev=True, cohort=scenario["cohort"], title="Co-développement n° 1")


def cancel(session, actor):
    return services.session_cancel(actor=actor, session=session, reason="Salle indisponible")


def codev_actions(record) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(record.pk), action__startswith="codev.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_a_cancelled_sessions_codev_is_neither_saved_nor_moved_on(scenario, codev):
    advisor = scenario["advisor"]
    record = services.codev_save(actor=advisor, session=codev, problem_statement="Avant")
    # Read before the cancellation: the services re-read the session, they do not trust this one.
    stale = Session.objects.get(pk=codev.pk)
    cancel(codev, advisor)

    with pytest.raises(ValidationError) as saving:
        services.codev_save(actor=advisor, session=stale, problem_statement="Après")
    with pytest.raises(ValidationError) as moving:
        services.codev_stage_next(actor=advisor, session=stale)

    for refused in (saving.value, moving.value):
        assert refused.messages == [REFUSAL] and refused.error_list[0].code == "cancelled"
    record.refresh_from_db()
    assert (record.problem_statement, record.current_stage) == ("Avant", None)
    assert codev_actions(record) == ["codev.updated"]


@pytest.mark.django_db
def test_the_codev_page_says_a_cancelled_session_no_longer_changes(client, scenario, codev):
    client.force_login(scenario["advisor"])
    services.codev_save(actor=scenario["advisor"], session=codev, problem_statement="Avant")
    cancel(codev, scenario["advisor"])
    url = reverse("sessions:codev", args=[codev.pk])

    saved = client.post(url, {**FORM, "problem_statement": "Comment fidéliser nos bénévoles ?"})
    assert saved.status_code == 400
    assert REFUSAL.replace("'", "&#x27;") in saved.content.decode()

    moved = client.post(reverse("sessions:codev_stage_next", args=[codev.pk]), follow=True)
    assert moved.redirect_chain == [(url, 302)]
    assert REFUSAL in moved.content.decode()
    record = CodevSession.objects.get(session=codev)
    assert (record.problem_statement, record.current_stage) == ("Avant", None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", ["codev_save", "codev_stage_next"])
def test_a_change_during_the_cancellation_waits_for_it_then_is_refused(reference_data, change):
    require_postgresql()
    session = SessionFactory(codev=True, title="Co-développement n° 2")
    advisor = UserFactory()

    cancelled, refused = race(
        lambda: cancel(Session.objects.get(pk=session.pk), advisor),
        lambda: getattr(services, change)(
            actor=advisor, session=Session.objects.get(pk=session.pk)
        ),
        hold="essaim.sessions.services.planning.session_recipients",
    )
    assert isinstance(cancelled, Session) and cancelled.is_cancelled
    assert isinstance(refused, ValidationError) and refused.messages == [REFUSAL]
    assert not AuditEvent.objects.filter(action__startswith="codev.").exists()


@pytest.mark.django_db
def test_a_cancelled_sessions_codev_page_says_so_and_offers_nothing_to_change(
    client, scenario, codev
):
    cancel(codev, scenario["advisor"])
    client.force_login(scenario["advisor"])
    page = client.get(reverse("sessions:codev", args=[codev.pk])).content.decode()
    assert REFUSAL in page
    assert reverse("sessions:codev_stage_next", args=[codev.pk]) not in page
    assert 'name="problem_statement"' not in page
