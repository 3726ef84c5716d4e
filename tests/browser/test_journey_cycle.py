"""The Action Learning cycle in chromium: a partner contact records a set meeting with a problem
and two actions; the owner is reminded, sees the action on My MILE and closes it; the team's
overview counts one open action fewer."""

import datetime as dt

from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from learningsets.models import Action, Meeting
from learningsets.reminders import action_reminders_scan
from outbox.models import Email
from tests.browser.conftest import assert_no_script_blocked, browser_test

pytestmark = browser_test


def activity(page, set_name: str) -> list[str]:
    """The meetings, open and overdue actions the overview shows for a learning set."""
    row = page.locator("#activity tbody tr").filter(has=page.get_by_role("link", name=set_name))
    return [row.locator("td").nth(i).inner_text() for i in range(3)]


def test_a_meeting_agrees_two_actions_and_the_owner_closes_one(
    open_page, alice, bob, ana, dora, als, mailoutbox
):
    today = timezone.localdate()
    set_name = als.name
    page = open_page(alice)

    # Alice records yesterday's meeting of the set, Bob and Ana attending.
    page.goto(als.get_absolute_url())
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Date").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Starts at").fill("17:00")
    page.get_by_label("Ends at").fill("19:00")
    page.get_by_label("Place").fill("Town hall, room 2")
    page.get_by_label("Bob").check()
    page.get_by_label("Ana Costa").check()
    page.get_by_role("button", name="Record the meeting").click()
    meeting = Meeting.objects.get()
    expect(page).to_have_url(f"{page.url.split('/meetings/')[0]}/meetings/{meeting.pk}/")

    # On the meeting's page she adds the problem Bob brought, with two actions agreed.
    page.get_by_role("link", name="Add a problem").click()
    page.get_by_label("Brought by").select_option(label="Bob")
    page.get_by_label("The problem").fill("Few migrant entrepreneurs ask us for advice.")
    page.get_by_label("The questions that helped").fill("Who do they ask instead?")
    first, second = (
        page.locator("fieldset fieldset").nth(0),
        page.locator("fieldset fieldset").nth(1),
    )
    first.get_by_label("Action").fill("Meet the Cape Verdean traders' association.")
    first.get_by_label("Who will do it").select_option(label="Bob")
    first.get_by_label("Due on").fill((today + dt.timedelta(days=2)).isoformat())
    second.get_by_label("Action").fill("Translate the advice leaflet.")
    second.get_by_label("Who will do it").select_option(label="Ana Costa")
    second.get_by_label("Due on").fill((today + dt.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.locator("#action-" + str(Action.objects.get(owner__name="Bob").pk))
    ).to_contain_text("Meet the Cape Verdean traders' association.")
    assert sorted(Action.objects.values_list("owner__name", "state")) == [
        ("Ana Costa", "open"),
        ("Bob", "open"),
    ]

    # Beat's scan reminds Bob, in his partner's Portuguese: his action is due in two days.
    assert action_reminders_scan() == {"action_due_soon": 1, "action_overdue": 0}
    (reminder,) = [m for m in mailoutbox if m.to == ["bob@amadora.example"]]
    with translation.override("pt-pt"):
        due = formats.date_format(today + dt.timedelta(days=2), "DATE_FORMAT")
    assert reminder.subject == f"A sua ação termina a {due}"
    assert Email.objects.get(kind="action_due_soon").status == "sent"

    # The team's overview: the set met once and has two open actions.
    team = open_page(dora)
    team.goto("/manage/")
    assert activity(team, set_name) == ["1", "2", "0"]

    # Bob sees his action on My MILE, follows it and closes it as done.
    member = open_page(bob)
    member.goto("/my/")
    actions = member.get_by_role("region", name="My open actions")
    expect(actions.get_by_role("listitem")).to_have_count(1)
    actions.get_by_role("link", name="Meet the Cape Verdean traders' association.").click()
    mine = member.locator(f"#action-{Action.objects.get(owner__name='Bob').pk}")
    mine.get_by_role("link", name="Close this action").click()
    member.get_by_label("Done").check()
    member.get_by_label("Outcome").fill("They will host two advice sessions in March.")
    member.get_by_role("button", name="Close the action").click()
    expect(mine).to_contain_text("They will host two advice sessions in March.")
    member.goto("/my/")
    expect(member.get_by_role("region", name="My open actions")).to_have_count(0)

    # The overview counts one open action fewer.
    team.reload()
    assert activity(team, set_name) == ["1", "1", "0"]
    assert Action.objects.get(owner__name="Bob").closed_by == bob
    assert_no_script_blocked(open_page)
