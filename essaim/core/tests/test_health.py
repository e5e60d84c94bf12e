"""The health check load balancers and the load benchmark call."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_health_check_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:health"))
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_health_check_asks_the_database_when_told(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get(reverse("core:health"), {"db": "1"}).content == b"ok"


def test_the_health_check_refuses_a_post(client):
    assert client.post(reverse("core:health")).status_code == 405
