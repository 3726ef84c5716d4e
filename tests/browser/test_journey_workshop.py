"""Journey 2 in chromium: the management team curates a workshop in the admin."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from outbox.models import Email
from tests.browser.conftest import assert_no_script_blocked, browser_test
from tests.factories import MemberFactory
from workshops import services
from workshops.models import Registration, Workshop

pytestmark = browser_test


@pytest.fixture
def komotini_people(other_als):
    return [
        MemberFactory(learning_set=other_als, name=name, organisation="Municipality of Komotini")
        for name in ("Eleni", "Giorgos", "Katerina")
    ]


@pytest.fixture
def ana(als):
    return MemberFactory(learning_set=als, name="Ana", organisation="Amadora town hall")


def choose_in_autocomplete(page: Page, field: str, text: str) -> None:
    """Pick `text` in the admin's autocomplete (select2) widget of `field`."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


def fill_session(page: Page, row: int, day: dt.date, start: str, end: str, title: str) -> None:
    prefix = f"sessions-{row}-"
    page.locator(f"[name='{prefix}day']").fill(f"{day:%Y-%m-%d}")
    page.locator(f"[name='{prefix}start_time']").fill(start)
    page.locator(f"[name='{prefix}end_time']").fill(end)
    page.locator(f"[name='{prefix}title_en_gb']").fill(title)
    page.locator(f"[name='{prefix}kind']").select_option(label="Plenary")


def admin_action(page: Page, action: str) -> None:
    page.locator("select[name='action']").select_option(label=action)
    page.get_by_role("button", name="Go", exact=True).click()


def test_the_team_curates_a_workshop_in_the_admin(
    open_page, dora, alice, charlie, amadora, komotini, als, ana, komotini_people
):
    start = timezone.localdate() + dt.timedelta(days=30)
    opens = timezone.localdate() - dt.timedelta(days=1)
    closes = timezone.localdate() + dt.timedelta(days=20)
    page = open_page(dora)

    # A new workshop with two agenda sessions, in one form.
    page.goto("/admin/workshops/workshop/add/")
    page.locator("#id_title_en_gb").fill("Active inclusion in Komotini")
    # the slug follows the (English) title on change
    page.locator("#id_title_en_gb").press("Tab")
    expect(page.get_by_label("Slug:", exact=True)).to_have_value("active-inclusion-in-komotini")
    page.get_by_label("Theme [en-gb]:", exact=True).fill("Pathways to work for migrant women")
    choose_in_autocomplete(page, "sub_theme", als.sub_theme.name)
    choose_in_autocomplete(page, "host", "Komotini")
    page.get_by_label("City:", exact=True).fill("Komotini")
    page.locator("[name='start_date']").fill(f"{start:%Y-%m-%d}")
    page.locator("[name='end_date']").fill(f"{start + dt.timedelta(days=1):%Y-%m-%d}")
    page.locator("[name='status']").select_option(label="Published")
    page.locator("[name='registration_opens_at_0']").fill(f"{opens:%Y-%m-%d}")
    page.locator("[name='registration_opens_at_1']").fill("09:00")
    page.locator("[name='registration_closes_at_0']").fill(f"{closes:%Y-%m-%d}")
    page.locator("[name='registration_closes_at_1']").fill("18:00")
    fill_session(page, 0, start, "09:30", "11:00", "Welcome and introductions")
    page.get_by_text("Add another Session").click()
    fill_session(page, 1, start, "11:30", "13:00", "ALS meetings")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    workshop = Workshop.objects.get(slug="active-inclusion-in-komotini")
    assert list(workshop.sessions.order_by("start_time").values_list("title", flat=True)) == [
        "Welcome and introductions",
        "ALS meetings",
    ]
    assert set(workshop.invited_partners.all()) == {amadora, komotini}
    assert not workshop.is_registration_open()

    # Registration opens.
    page.locator("[name='status']").select_option(label="Registration open")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    workshop.refresh_from_db()
    assert workshop.is_registration_open()

    # Meanwhile Komotini registers its three delegates and Amadora one.
    services.delegates_register(
        workshop=workshop, partner=komotini, members=komotini_people, by=charlie
    )
    services.delegates_register(workshop=workshop, partner=amadora, members=[ana], by=alice)

    # The overview shows who is still missing delegates.
    page.goto(f"/admin/workshops/workshop/{workshop.pk}/registrations/")
    rows = page.locator("#registration-overview tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("th")).to_have_text("Amadora")
    expect(rows.nth(0).locator(".places")).to_have_text("1 / 3 — 2 missing")
    expect(rows.nth(1).locator("th")).to_have_text("Komotini")
    expect(rows.nth(1).locator(".places")).to_have_text("3 / 3")

    # One action reminds the partners missing delegates: Amadora's contact only.
    page.goto("/admin/workshops/workshop/")
    page.get_by_role("row", name="Active inclusion in Komotini").get_by_role("checkbox").check()
    admin_action(page, "Send a reminder now…")
    page.get_by_label("Partners missing delegates").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messagelist")).to_have_text("1 reminder queued.")
    reminders = Email.objects.filter(kind="reminder_missing_delegates")
    assert list(reminders.values_list("to", "about_type__model", "about_id", "status")) == [
        ("alice@amadora.example", "workshop", workshop.pk, "sent")
    ]

    # The delegate list downloads as CSV.
    page.goto(f"/admin/workshops/workshop/{workshop.pk}/registrations/")
    page.get_by_role("link", name="Export delegates").click()
    page.get_by_label("Format").select_option(label="csv")
    with page.expect_download() as download:
        page.get_by_role("button", name="Submit").click()
    assert download.value.suggested_filename == f"delegates-{timezone.localdate()}.csv"
    exported = csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig")))
    assert sorted((row["Partner"], row["Name"], row["Status"]) for row in exported) == [
        ("Amadora", "Ana", "Invited"),
        ("Komotini", "Eleni", "Invited"),
        ("Komotini", "Giorgos", "Invited"),
        ("Komotini", "Katerina", "Invited"),
    ]

    # The workshop's first day has come: attendance is marked in bulk.
    Workshop.objects.filter(pk=workshop.pk).update(start_date=timezone.localdate())
    page.goto(f"/admin/workshops/registration/?workshop__id__exact={workshop.pk}")
    page.locator("#action-toggle").check()
    admin_action(page, "Mark attended")
    expect(page.locator(".messagelist")).to_have_text("4 delegates marked attended.")
    assert set(Registration.objects.values_list("status", flat=True)) == {"attended"}
    assert_no_script_blocked(open_page)
