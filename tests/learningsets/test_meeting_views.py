"""Set meetings on the site: who records and reads them, what each page shows, and what each
role that may not gets (a 404, nothing changed)."""

import datetime as dt
import zoneinfo

import pytest
from pytest_django.asserts import assertRedirects

from learningsets.models import Action, LearningLogEntry, Meeting
from tests.factories import MeetingFactory, MemberFactory, UserFactory
from tests.learningsets.meetings_helpers import (
    NOT_FOUND,
    cycle_rows,
    meeting_form,
    problem_form,
)
from tests.pages import main_text

DENIED = ["charlie", "erin", "staff_without_permissions"]


def aware(text: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo(zone))


# Recording a meeting.


@pytest.mark.parametrize("role", ["alice", "bob", "dora"])
def test_the_sets_people_and_the_team_record_a_meeting_in_the_partners_time_zone(
    as_role, role, als, ana, request
):
    client = as_role(role)
    data = meeting_form(date="2026-03-29", attendees=[ana.pk], guests="Zé Mendes\n\n")

    response = client.post(f"/learning-sets/{als.pk}/meetings/add/", data)

    meeting = Meeting.objects.get()
    assertRedirects(response, f"/meetings/{meeting.pk}/", fetch_redirect_response=False)
    # Lisbon moved its clocks to summer time that night: 10:00 there is 09:00 UTC.
    assert (meeting.starts_at, meeting.ends_at) == (
        aware("2026-03-29T09:00", "UTC"),
        aware("2026-03-29T11:00", "UTC"),
    )
    assert list(meeting.attendees.all()) == [ana]
    assert meeting.guests == "Zé Mendes"
    assert meeting.recorded_by == request.getfixturevalue(role)
    assert main_text(client.get(response["Location"])).startswith(
        "The meeting was recorded: add the problems brought."
    )


def test_the_form_says_the_time_zone_beside_the_times(alice, login, other_als, charlie):
    response = login(charlie).get(f"/learning-sets/{other_als.pk}/meetings/add/")

    assert main_text(response).count("In the time zone Europe/Athens.") == 3


def test_a_meeting_of_komotini_is_entered_in_athens_time(login, charlie, other_als):
    login(charlie).post(f"/learning-sets/{other_als.pk}/meetings/add/", meeting_form())

    meeting = Meeting.objects.get()
    assert meeting.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Athens")).hour == 10


@pytest.mark.parametrize("role", DENIED)
def test_nobody_else_records_a_meeting_of_the_set(as_role, role, als, erin):
    client = as_role(role)

    assert client.get(f"/learning-sets/{als.pk}/meetings/add/").status_code == 404
    response = client.post(f"/learning-sets/{als.pk}/meetings/add/", meeting_form())

    assert response.status_code == 404
    assert not Meeting.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, als):
    response = client.post(f"/learning-sets/{als.pk}/meetings/add/", meeting_form())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Meeting.objects.exists()


def test_a_member_of_any_of_the_partners_sets_records_a_support_group_meeting(
    login, erin, bob_member, amadora_sets
):
    erin_member = erin.memberships.get()
    data = meeting_form(attendees=[bob_member.pk, erin_member.pk])

    response = login(erin).post("/partners/amadora/support-group/meetings/add/", data)

    meeting = Meeting.objects.get()
    assertRedirects(response, f"/meetings/{meeting.pk}/")
    assert (meeting.partner.slug, meeting.learning_set) == ("amadora", None)
    assert set(meeting.attendees.all()) == {bob_member, erin_member}
    page = main_text(login(erin).get(f"/meetings/{meeting.pk}/"))
    assert "Local Support Group meeting Local Support Group of Amadora" in page


@pytest.mark.parametrize("role", ["charlie", "staff_without_permissions"])
def test_nobody_outside_the_partner_records_a_support_group_meeting(as_role, role, amadora):
    response = as_role(role).post("/partners/amadora/support-group/meetings/add/", meeting_form())

    assert response.status_code == 404
    assert not Meeting.objects.exists()


# The meeting's page.


@pytest.mark.parametrize("role", ["alice", "bob", "dora"])
def test_the_meeting_page_shows_attendees_problems_actions_and_the_learning_log(
    as_role, role, meeting, action, bob_member
):
    meeting.attendees.add(bob_member)
    meeting.guests = "Zé Mendes"
    meeting.save()
    LearningLogEntry.objects.create(meeting=meeting, author=bob_member, text="Ask first.")

    text = main_text(as_role(role).get(f"/meetings/{meeting.pk}/"))

    assert "Who attended 2 Bob Zé Mendes (guest)" in text
    assert "Brought by Bob" in text
    assert "Few migrant entrepreneurs ask the town hall for advice." in text
    assert "Open Meet the association of Cape Verdean traders." in text
    assert "Ask first. Bob · The set only" in text


@pytest.mark.parametrize("role", DENIED)
def test_nobody_else_opens_the_meeting(as_role, role, meeting, erin):
    response = as_role(role).get(f"/meetings/{meeting.pk}/")

    assert response.status_code == 404
    assert main_text(response).startswith(NOT_FOUND)


def test_a_former_member_no_longer_opens_the_sets_meetings(login, bob, bob_member, meeting):
    bob_member.left_on = dt.date(2026, 1, 1)
    bob_member.save()

    assert login(bob).get(f"/meetings/{meeting.pk}/").status_code == 404


def test_the_action_links_to_its_place_on_the_meeting_page(action):
    assert action.get_absolute_url() == f"/meetings/{action.problem.meeting_id}/#action-{action.pk}"
    assert action.problem.meeting.get_absolute_url() == f"/meetings/{action.problem.meeting_id}/"


# Editing a meeting.


def test_the_set_corrects_a_meeting(login, alice, meeting, ana):
    data = meeting_form(ends="13:30", attendees=[ana.pk], online_link="meet.example/als")

    response = login(alice).post(f"/meetings/{meeting.pk}/edit/", data)

    assertRedirects(response, f"/meetings/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.online_link == "https://meet.example/als"
    assert list(meeting.attendees.all()) == [ana]
    assert meeting.ends_at - meeting.starts_at == dt.timedelta(hours=3, minutes=30)


def test_the_edit_form_shows_the_times_in_the_partners_zone(login, alice, als):
    meeting = MeetingFactory(
        learning_set=als,
        starts_at=aware("2026-07-01T09:00", "UTC"),
        ends_at=aware("2026-07-01T10:00", "UTC"),
    )

    form = login(alice).get(f"/meetings/{meeting.pk}/edit/").context["form"]

    assert (form["date"].value(), form["starts"].value()) == (dt.date(2026, 7, 1), dt.time(10, 0))


@pytest.mark.parametrize("role", DENIED)
def test_nobody_else_edits_the_meeting(as_role, role, meeting, erin):
    before = cycle_rows()

    response = as_role(role).post(f"/meetings/{meeting.pk}/edit/", meeting_form(place="Elsewhere"))

    assert response.status_code == 404
    assert cycle_rows() == before


# Problems and their actions.


def test_a_problem_with_two_actions_is_added_in_one_form(login, bob, meeting, bob_member, ana):
    data = problem_form(
        ana, ("Call the association.", bob_member, 7), ("Map the advisers.", ana, 30)
    )

    response = login(bob).post(f"/meetings/{meeting.pk}/problems/add/", data)

    problem = meeting.problems.order_by("-pk").first()
    assertRedirects(response, f"/meetings/{meeting.pk}/#problem-{problem.pk}")
    assert (problem.brought_by, problem.position) == (ana, 1)
    assert list(problem.actions.values_list("description", "owner__name", "state")) == [
        ("Call the association.", "Bob", "open"),
        ("Map the advisers.", "Ana Costa", "open"),
    ]


def test_save_and_add_another_opens_the_form_again(login, bob, meeting, ana):
    data = problem_form(ana) | {"another": "1"}

    response = login(bob).post(f"/meetings/{meeting.pk}/problems/add/", data)

    assertRedirects(response, f"/meetings/{meeting.pk}/problems/add/")


def test_a_problems_actions_are_changed_and_added_to(login, alice, action, ana):
    problem = action.problem
    data = problem_form(
        problem.brought_by,
        ("Meet the traders, twice.", ana, 10),
        ("A new one.", ana, 20),
    )

    login(alice).post(f"/meetings/{problem.meeting_id}/problems/{problem.pk}/edit/", data)

    assert list(problem.actions.order_by("pk").values_list("pk", "description", "owner")) == [
        (action.pk, "Meet the traders, twice.", ana.pk),
        (action.pk + 1, "A new one.", ana.pk),
    ]


@pytest.mark.parametrize("role", DENIED)
def test_nobody_else_adds_a_problem(as_role, role, meeting, ana, erin):
    before = cycle_rows()

    response = as_role(role).post(f"/meetings/{meeting.pk}/problems/add/", problem_form(ana))

    assert response.status_code == 404
    assert cycle_rows() == before


def test_a_problem_of_another_meeting_is_not_found(login, alice, action, als):
    other = MeetingFactory(learning_set=als)

    response = login(alice).get(f"/meetings/{other.pk}/problems/{action.problem_id}/edit/")

    assert response.status_code == 404


def test_the_team_without_the_admins_change_permission_reads_but_does_not_record(
    login, meeting, team_group
):
    reader = UserFactory(email="reader@mile.example", is_staff=True)
    reader.user_permissions.add(*team_group.permissions.filter(codename="view_meeting"))
    client = login(reader)

    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/problems/add/").status_code == 404
    assert client.get(f"/learning-sets/{meeting.learning_set_id}/meetings/add/").status_code == 404


# Closing actions.


def test_its_owner_closes_an_action_as_done(login, bob, action):
    response = login(bob).post(
        f"/actions/{action.pk}/close/", {"state": "done", "outcome": "They meet monthly."}
    )

    assertRedirects(response, action.get_absolute_url(), fetch_redirect_response=False)
    action.refresh_from_db()
    assert (action.state, action.outcome, action.closed_by) == ("done", "They meet monthly.", bob)
    assert action.closed_at is not None


def test_an_owner_who_left_the_set_still_closes_their_action(login, bob, bob_member, action):
    bob_member.left_on = dt.date(2026, 1, 1)
    bob_member.save()

    login(bob).post(f"/actions/{action.pk}/close/", {"state": "dropped", "outcome": ""})

    action.refresh_from_db()
    assert action.state == "dropped"


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_the_set_closes_a_members_action_and_reopens_it(as_role, role, action):
    client = as_role(role)
    client.post(f"/actions/{action.pk}/close/", {"state": "dropped", "outcome": "No time."})

    response = client.post(f"/actions/{action.pk}/reopen/")

    action.refresh_from_db()
    assert (action.state, action.outcome, action.closed_at) == ("open", "No time.", None)
    assert "The action is open again." in main_text(client.get(response["Location"]))


def test_reopening_an_open_action_changes_nothing_and_says_so(login, alice, action):
    before = cycle_rows()

    response = login(alice).post(f"/actions/{action.pk}/reopen/", follow=True)

    assert "This action is open already. Nothing was changed." in main_text(response)
    assert cycle_rows() == before


@pytest.mark.parametrize("role", DENIED)
def test_nobody_else_closes_an_action(as_role, role, action, erin):
    before = cycle_rows()

    response = as_role(role).post(f"/actions/{action.pk}/close/", {"state": "done"})

    assert response.status_code == 404
    assert cycle_rows() == before


# The learning log.


def test_a_member_writes_and_rewrites_what_they_learnt(login, bob, bob_member, meeting):
    client = login(bob)
    url = f"/meetings/{meeting.pk}/learning-log/"
    client.post(url, {"text": "Listen first.", "visibility": "set"})

    response = client.post(url, {"text": "Listen, then ask.", "visibility": "public"})

    assertRedirects(response, f"/meetings/{meeting.pk}/#learning-log")
    entry = LearningLogEntry.objects.get()
    assert (entry.author, entry.text, entry.visibility) == (
        bob_member,
        "Listen, then ask.",
        "public",
    )


def test_before_the_meeting_starts_nobody_writes_in_its_learning_log(login, bob, als):
    week_ago = MeetingFactory.build().starts_at
    meeting = MeetingFactory(
        learning_set=als,
        starts_at=week_ago + dt.timedelta(days=14),
        ends_at=week_ago + dt.timedelta(days=14, hours=2),
    )

    response = login(bob).post(
        f"/meetings/{meeting.pk}/learning-log/", {"text": "Too soon.", "visibility": "set"}
    )

    assert "The meeting has not started yet: write what you learnt after it." in main_text(response)
    assert not LearningLogEntry.objects.exists()


@pytest.mark.parametrize("role", ["alice", "dora", *DENIED])
def test_only_members_of_the_set_write_in_its_learning_log(as_role, role, meeting, erin):
    response = as_role(role).post(
        f"/meetings/{meeting.pk}/learning-log/", {"text": "Mine.", "visibility": "set"}
    )

    assert response.status_code == 404
    assert not LearningLogEntry.objects.exists()


def test_everyone_reads_the_public_learning_on_the_sets_page_and_nothing_else(
    client, meeting, bob_member
):
    ana = MemberFactory(learning_set=meeting.learning_set, name="Ana")
    LearningLogEntry.objects.create(
        meeting=meeting, author=bob_member, text="Shared with all.", visibility="public"
    )
    LearningLogEntry.objects.create(meeting=meeting, author=ana, text="Only for the set.")

    text = main_text(client.get(f"/learning-sets/{meeting.learning_set_id}/"))

    assert "What the members learnt Shared with all. Bob, after the meeting of" in text
    assert "Only for the set." not in text
    assert "Set meetings" not in text


# The learning set's and the partner's pages.


@pytest.mark.parametrize("role", ["alice", "bob", "dora"])
def test_the_set_page_lists_its_meetings_with_their_counts(as_role, role, meeting, action):
    text = main_text(as_role(role).get(f"/learning-sets/{meeting.learning_set_id}/"))

    assert "Set meetings Record a meeting" in text
    # Attended, problems, actions (open), learning log entries.
    assert "0 1 1 (1) 0" in text


@pytest.mark.parametrize("role", DENIED)
def test_the_set_page_lists_no_meetings_to_anybody_else(as_role, role, meeting, erin):
    text = main_text(as_role(role).get(f"/learning-sets/{meeting.learning_set_id}/"))

    assert "Set meetings" not in text
    assert f"/meetings/{meeting.pk}/" not in text


def test_the_partners_page_lists_its_support_group_meetings_to_its_people(login, erin, amadora):
    MeetingFactory(learning_set=None, partner=amadora)

    text = main_text(login(erin).get("/partners/amadora/"))

    assert "Local Support Group meetings Record a meeting" in text


def test_the_partners_page_lists_them_to_nobody_else(login, charlie, amadora):
    MeetingFactory(learning_set=None, partner=amadora)

    assert "Local Support Group meetings" not in main_text(login(charlie).get("/partners/amadora/"))


def test_a_closed_action_shows_its_outcome(login, alice, action):
    Action.objects.filter(pk=action.pk).update(state="done", outcome="Done well.")

    text = main_text(login(alice).get(f"/meetings/{action.problem.meeting_id}/"))

    assert "Done Meet the association of Cape Verdean traders." in text
    assert "Outcome: Done well. Open it again" in text
