"""Public workshop pages at scale: upcoming workshops paginated, queries that do not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains

from tests.pages import main_text
from tests.workshops.factories import SessionFactory, WorkshopFactory


def upcoming(count: int, **fields) -> list:
    start = timezone.localdate() + datetime.timedelta(days=30)
    return [
        WorkshopFactory(
            title=f"Upcoming {n:02d}",
            slug=f"upcoming-{n:02d}",
            start_date=start + datetime.timedelta(days=n),
            end_date=start + datetime.timedelta(days=n + 1),
            status="published",
            **fields,
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_upcoming_workshops_come_twenty_to_a_page(client):
    upcoming(25)

    first, second = client.get("/workshops/"), client.get("/workshops/?upcoming=2")

    assert [f"Upcoming {n:02d}" in main_text(first) for n in (0, 19, 20)] == [True, True, False]
    assert [f"Upcoming {n:02d}" in main_text(second) for n in (19, 20, 24)] == [False, True, True]
    assertContains(first, '<nav aria-label="Pages of upcoming workshops">')
    assertContains(first, '<a class="page-link" href="?upcoming=2&amp;page=1">Later</a>', html=True)
    assertContains(
        second, '<a class="page-link" href="?upcoming=1&amp;page=1">Sooner</a>', html=True
    )


@pytest.mark.django_db
def test_a_bad_upcoming_page_number_shows_the_first_page(client):
    upcoming(21)

    response = client.get("/workshops/?upcoming=abc")

    assert response.status_code == 200
    assert "Upcoming 00" in main_text(response)


@pytest.mark.django_db
def test_the_workshop_list_queries_do_not_grow_with_upcoming_workshops(
    client, count_rendering_queries, django_assert_num_queries
):
    upcoming(3)
    small = count_rendering_queries("/workshops/")
    for n in range(40):
        WorkshopFactory(slug=f"more-{n}", status="published")

    with django_assert_num_queries(small):
        client.get("/workshops/")


def test_a_new_session_shows_on_the_workshop_page_seen_before(client, workshop):
    client.get(workshop.get_absolute_url())

    SessionFactory(workshop=workshop, title="Walk through Reboleira", day=workshop.start_date)
    response = client.get(workshop.get_absolute_url())

    assert "Walk through Reboleira" in main_text(response)


def test_the_workshop_page_queries_do_not_grow_with_the_agenda(
    client, workshop, django_assert_num_queries
):
    client.get(workshop.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(workshop.get_absolute_url())
    for n in range(20):
        SessionFactory(workshop=workshop, title=f"Session {n}", day=workshop.start_date)

    with django_assert_num_queries(len(small)):
        response = client.get(workshop.get_absolute_url())

    assert "Session 19" in main_text(response)
