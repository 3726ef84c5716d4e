"""A workshop in the five languages: the reader's language where the team wrote it, else the
English marked lang="en"; its history keeps every language; the admin edits each language.

Only English is offered until the catalogues are complete: these tests offer the five.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.workshops.factories import SessionFactory
from workshops.models import Workshop

FIVE = override_settings(LANGUAGES=list(settings.MILE_LANGUAGES.items()))
GREEK_TITLE = "Ανάπτυξη επιχειρήσεων"
GREEK_SUB_THEME = "Υποστήριξη και ανάπτυξη επιχειρήσεων"
ENGLISH_THEME = "Enterprise development for ethnic minorities"


def url(workshop) -> str:
    return f"/workshops/{workshop.slug}/"


def greek(client, path):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="el")


@pytest.fixture
def greek_title(workshop):
    """The team wrote the workshop's title in Greek, nothing else."""
    workshop.title_el = GREEK_TITLE
    workshop.save()
    return workshop


@FIVE
def test_a_greek_reader_sees_the_greek_title_and_the_english_theme_marked_english(
    client, greek_title
):
    response = greek(client, url(greek_title))

    assertContains(response, f"<h1>{GREEK_TITLE}</h1>", html=True)
    assertContains(
        response, f'<p class="lead"><span lang="en">{ENGLISH_THEME}</span></p>', html=True
    )
    assertContains(response, f"<title>{GREEK_TITLE}", count=1)
    assert '<div class="handbook" lang="en">' in response.text
    assertContains(
        response,
        f'<a href="/sub-themes/enterprise-support-and-development/">{GREEK_SUB_THEME}</a>',
        html=True,
    )


@FIVE
def test_where_no_greek_is_written_the_greek_reader_sees_the_english_marked_english(
    client, workshop
):
    response = greek(client, url(workshop))

    english = workshop.title_en_gb
    assertContains(response, f'<h1><span lang="en">{english}</span></h1>', html=True)
    # The <title> cannot hold an element: the English stays plain there.
    assertContains(response, f"<title>{english} ·", count=1)


@FIVE
def test_the_agenda_marks_an_english_session_and_not_a_greek_one(client, workshop):
    SessionFactory(workshop=workshop, title="Opening", title_el="Έναρξη")
    SessionFactory(workshop=workshop, title="Site visit", start_time="14:00", end_time="16:00")

    response = greek(client, url(workshop))

    assertContains(response, '<span class="fw-semibold">Έναρξη</span>', html=True)
    assertContains(
        response, '<span class="fw-semibold"><span lang="en">Site visit</span></span>', html=True
    )


@FIVE
def test_the_list_shows_the_greek_title_where_written_and_marks_the_english(
    client, greek_title, amadora
):
    from tests.workshops.factories import WorkshopFactory

    WorkshopFactory(title="Active inclusion in Komotini", host=amadora)

    response = greek(client, "/workshops/")

    assertContains(response, f">{GREEK_TITLE}</a>")
    assertContains(response, '<span lang="en">Active inclusion in Komotini</span>')


@FIVE
def test_an_english_reader_sees_no_lang_mark(client, greek_title):
    response = client.get(url(greek_title), HTTP_ACCEPT_LANGUAGE="en-gb")

    assertContains(response, f"<h1>{greek_title.title_en_gb}</h1>", html=True)
    assertNotContains(response, 'lang="en"')


@FIVE
@pytest.mark.parametrize("language", ["en-gb", "el"])
def test_the_workshop_page_costs_the_same_queries_in_greek(client, greek_title, language):
    SessionFactory(workshop=greek_title)
    with CaptureQueriesContext(connection) as english:
        client.get(url(greek_title), HTTP_ACCEPT_LANGUAGE="en-gb")
    with CaptureQueriesContext(connection) as other:
        client.get(url(greek_title), HTTP_ACCEPT_LANGUAGE=language)

    assert len(other) == len(english)


# The history keeps every language


def test_the_history_records_a_greek_title_change_in_its_language_column(workshop):
    with translation.override("el"):
        workshop.title = GREEK_TITLE  # the active language's column: title_el
        workshop.save()

    latest, before = Workshop.history.filter(id=workshop.pk).order_by("-history_id")[:2]
    assert (before.title_el, latest.title_el) == (None, GREEK_TITLE)
    assert latest.title_en_gb == before.title_en_gb != ""
    assert [change.field for change in latest.diff_against(before).changes] == ["title_el"]


def test_the_audit_trail_and_the_history_page_show_the_greek_title_change(login, dora, workshop):
    workshop.title_el = GREEK_TITLE
    workshop.save()
    client = login(dora)

    trail = client.get("/admin/workshops/historicalworkshop/")
    history = client.get(f"/admin/workshops/workshop/{workshop.pk}/history/")

    assertContains(trail, f"title_el: — → {GREEK_TITLE}")
    found = client.get("/admin/workshops/historicalworkshop/", {"q": GREEK_TITLE})
    assert [row.title_el for row in found.context["cl"].result_list] == [GREEK_TITLE]
    assert history.status_code == 200
    assert len(history.context["page_obj"].object_list) == 2
    latest = Workshop.history.filter(id=workshop.pk).latest("history_id")
    version = client.get(f"/admin/workshops/workshop/{workshop.pk}/history/{latest.history_id}/")
    assert version.context["adminform"].form.initial["title_el"] == GREEK_TITLE


# The admin edits each language


def change_form(workshop, **changes) -> dict:
    """The admin's change form of `workshop` as it stands, with `changes`."""
    from django.utils import timezone

    zone = workshop.zone
    opens = timezone.localtime(workshop.registration_opens_at, zone)
    closes = timezone.localtime(workshop.registration_closes_at, zone)
    data = {
        "slug": workshop.slug,
        "sub_theme": workshop.sub_theme_id,
        "host": workshop.host_id,
        "venue": workshop.venue,
        "city": workshop.city,
        "time_zone": workshop.time_zone,
        "start_date": f"{workshop.start_date:%Y-%m-%d}",
        "end_date": f"{workshop.end_date:%Y-%m-%d}",
        "status": workshop.status,
        "registration_opens_at_0": f"{opens:%Y-%m-%d}",
        "registration_opens_at_1": f"{opens:%H:%M}",
        "registration_closes_at_0": f"{closes:%Y-%m-%d}",
        "registration_closes_at_1": f"{closes:%H:%M}",
        "delegates_per_partner": workshop.delegates_per_partner,
        "invited_partners": [partner.pk for partner in workshop.invited_partners.all()],
        "reminder_missing_days": workshop.reminder_missing_days,
        "reminder_unanswered_days": workshop.reminder_unanswered_days,
        "reminder_upcoming_days": workshop.reminder_upcoming_days,
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for field in ("title", "theme", "handbook"):
        for code in settings.MILE_LANGUAGES:
            column = f"{field}_{code.replace('-', '_')}"
            data[column] = getattr(workshop, column) or ""
    return data | changes


def test_the_team_saves_a_workshop_with_a_portuguese_title(login, dora, workshop):
    path = f"/admin/workshops/workshop/{workshop.pk}/change/"
    english = workshop.title_en_gb
    page = login(dora).get(path)
    assertContains(page, 'name="title_pt_pt"')
    assert not re.search(r"googleapis|jquery-ui", page.text)  # the plain admin: no CDN

    response = login(dora).post(
        path, change_form(workshop, title_pt_pt="Desenvolvimento empresarial")
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.title_en_gb, workshop.title_pt_pt) == (
        english,
        "Desenvolvimento empresarial",
    )
    assert Workshop.history.filter(id=workshop.pk).latest("history_id").title_pt_pt == (
        "Desenvolvimento empresarial"
    )


def test_the_admin_refuses_a_workshop_without_its_english_title(login, dora, workshop):
    path = f"/admin/workshops/workshop/{workshop.pk}/change/"

    english = workshop.title_en_gb

    response = login(dora).post(path, change_form(workshop, title_en_gb="", title_el="Τίτλος"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title_en_gb"]
    workshop.refresh_from_db()
    assert (workshop.title_en_gb, workshop.title_el) == (english, None)


@pytest.mark.parametrize("role", ["alice", "bob"])
def test_a_partner_contact_or_a_member_cannot_change_a_title(as_role, role, workshop, als):
    path = f"/admin/workshops/workshop/{workshop.pk}/change/"

    response = as_role(role).post(path, change_form(workshop, title_pt_pt="Outro"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    workshop.refresh_from_db()
    assert workshop.title_pt_pt is None


def test_a_session_s_title_is_written_per_language_in_the_admin(login, dora, workshop):
    session = SessionFactory(workshop=workshop, title="Opening")
    path = f"/admin/workshops/workshop/{workshop.pk}/change/"
    row = {
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "1",
        "sessions-0-id": session.pk,
        "sessions-0-workshop": workshop.pk,
        "sessions-0-day": f"{session.day:%Y-%m-%d}",
        "sessions-0-start_time": "09:30",
        "sessions-0-end_time": "11:00",
        "sessions-0-kind": "plenary",
        "sessions-0-title_en_gb": "Opening",
        "sessions-0-title_it": "Apertura",
        "sessions-0-description_it": "Benvenuto dei partner.",
    }

    response = login(dora).post(path, change_form(workshop) | row)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title_en_gb, session.title_it, session.description_it) == (
        "Opening",
        "Apertura",
        "Benvenuto dei partner.",
    )
