"""The home page shows a bounded selection (issue 9): the open calls closing soonest and the
programmes with the soonest open calls, then the latest; links lead to the paginated lists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from essaim.programmes.selectors import HOME_LIMIT
from essaim.programmes.tests.factories import CallFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def closing_in(days: int | None, **kwargs):
    closes_at = None if days is None else timezone.now() + timedelta(days=days)
    return CallFactory(closes_at=closes_at, **kwargs)


def test_the_open_calls_closing_soonest_come_first_and_no_more_than_the_limit(client):
    calls = [closing_in(days) for days in range(HOME_LIMIT + 3, 0, -1)]
    without_end = closing_in(None)
    closing_in(-1, closed=True)
    response = client.get(reverse("portal:home"))
    shown = list(response.context["open_calls"])
    assert shown == sorted(calls, key=lambda c: c.closes_at)[:HOME_LIMIT]
    assert without_end not in shown
    html = response.content.decode()
    assert "Voir tous les appels ouverts" in html and reverse("programmes:open_calls") in html


def test_programmes_with_open_calls_come_first_then_the_latest(client):
    old, *_, latest = [ProgrammeFactory() for _ in range(HOME_LIMIT + 2)]
    soon = ProgrammeFactory()
    later = ProgrammeFactory()
    parent = ProgrammeFactory()
    closing_in(30, programme=later)
    closing_in(3, programme=soon)
    closing_in(10, programme=ProgrammeFactory(parent=parent))  # an experiment's call
    closing_in(1, programme=old, draft=True)  # not open: does not count
    response = client.get(reverse("portal:home"))
    shown = list(response.context["programmes"])
    assert len(shown) == HOME_LIMIT
    assert shown[:3] == [soon, parent, later]
    assert latest in shown and old not in shown
    assert "Voir tous les programmes" in response.content.decode()


@pytest.mark.parametrize("many", [False, True])
def test_the_home_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries, many):
    count = 3 * HOME_LIMIT if many else 2
    for programme in ProgrammeFactory.create_batch(count):
        closing_in(5, programme=programme)
        ProgrammeFactory(parent=programme)
    # The open calls with their programme; the programmes whose calls close soonest; the
    # programmes shown, their regions and their sub-programmes.
    with django_assert_num_queries(5):
        response = client.get(reverse("portal:home"))
    assert len(response.context["programmes"]) == min(count, HOME_LIMIT)


def test_the_programme_list_is_paginated(client):
    ProgrammeFactory.create_batch(25)
    first = client.get(reverse("programmes:list"))
    assert len(first.context["page"]) == 24
    assert "Page 1 sur 2" in first.content.decode()
    assert len(client.get(reverse("programmes:list"), {"page": 2}).context["page"]) == 1
    assert client.get(reverse("programmes:list"), {"page": "abc"}).context["page"].number == 1


def test_the_open_call_list_shows_every_open_call_by_closing_date_page_by_page(
    client, django_assert_num_queries
):
    calls = [closing_in(days) for days in range(25, 0, -1)]
    closed = closing_in(-1, closed=True)
    draft = closing_in(3, draft=True)
    # The count, the page of calls with their programme.
    with django_assert_num_queries(2):
        first = client.get(reverse("programmes:open_calls"))
    assert list(first.context["page"]) == sorted(calls, key=lambda c: c.closes_at)[:20]
    second = client.get(reverse("programmes:open_calls"), {"page": 2})
    assert len(second.context["page"]) == 5
    html = first.content.decode() + second.content.decode()
    assert closed.title not in html and draft.title not in html
    assert "25 appels ouverts" in html
