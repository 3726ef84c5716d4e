"""*My MILE* lists the person's open actions: overdue first, then by due date."""

import datetime as dt

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from learningsets.models import Action
from tests.factories import ActionFactory, MemberFactory, add_partners
from tests.pages import main_text

DAY = dt.timedelta(days=1)


def action_of(member, description, due_in_days, **fields):
    return ActionFactory(
        problem__meeting__learning_set=member.learning_set,
        problem__brought_by=member,
        description=description,
        due_on=timezone.localdate() + due_in_days * DAY,
        **fields,
    )


def actions_section(response) -> str:
    text = main_text(response)
    return text[text.index("My open actions") : text.index("Search proposals")]


def test_my_mile_lists_a_members_open_actions_overdue_first_then_by_due_date(
    login, bob, bob_member
):
    action_of(bob_member, "Write to the bank.", 10)
    late = action_of(bob_member, "Call the chamber of commerce.", -3)
    action_of(bob_member, "Visit the market.", 2)
    action_of(bob_member, "Meet the traders.", -1)

    response = login(bob).get("/my/")

    today = timezone.localdate()

    def due(days):
        day = today + days * DAY
        return f"{day.day} {day:%B} {day.year}"

    set_name = "ALS Amadora — Enterprise support and development"
    assert actions_section(response) == (
        "My open actions "
        f"Call the chamber of commerce. Due on {due(-3)} · {set_name} Overdue by 3 days "
        f"Meet the traders. Due on {due(-1)} · {set_name} Overdue by 1 day "
        f"Visit the market. Due on {due(2)} · {set_name} "
        f"Write to the bank. Due on {due(10)} · {set_name} "
    )
    assertContains(
        response,
        f'<a href="/meetings/{late.problem.meeting_id}/#action-{late.pk}">'
        "Call the chamber of commerce.</a>",
        html=True,
    )


def test_my_mile_leaves_out_closed_actions_and_other_peoples(login, bob, bob_member, ana):
    action_of(bob_member, "Done already.", -5, state=Action.State.DONE)
    action_of(bob_member, "Dropped.", 5, state=Action.State.DROPPED)
    action_of(ana, "Ana's own action.", 1)

    response = login(bob).get("/my/")

    assertNotContains(response, "My open actions")
    for description in ("Done already.", "Dropped.", "Ana&#x27;s own action."):
        assertNotContains(response, description)


def test_my_mile_leaves_out_the_actions_of_a_set_the_person_has_left(login, bob, bob_member):
    action_of(bob_member, "From before I left.", 1)
    bob_member.left_on = timezone.localdate()
    bob_member.save()

    assertNotContains(login(bob).get("/my/"), "From before I left.")


def test_my_mile_lists_the_actions_of_every_set_the_person_is_in(login, bob, bob_member):
    [city] = add_partners(1)
    other = MemberFactory(learning_set=city.learning_sets.first(), email=bob.email, user=bob)
    action_of(other, "In the other set.", 4)
    action_of(bob_member, "In Amadora's set.", 3)

    text = actions_section(login(bob).get("/my/"))

    assert text.index("In Amadora's set.") < text.index("In the other set.")
    assert f"ALS {city.name} — " in text


@pytest.mark.parametrize("role", ["alice", "dora", "charlie"])
def test_my_mile_shows_no_actions_to_someone_who_owns_none(as_role, role, bob_member):
    action_of(bob_member, "Bob's action.", 1)

    assertNotContains(as_role(role).get("/my/"), "My open actions")


def test_my_actions_cost_the_same_queries_however_many(
    login, bob, bob_member, count_queries, django_assert_num_queries
):
    action_of(bob_member, "The first.", -2)
    client = login(bob)
    small = count_queries("/my/")
    for n in range(12):
        action_of(bob_member, f"Action {n}.", n - 6)
    [city] = add_partners(1)
    other = MemberFactory(learning_set=city.learning_sets.first(), email=bob.email, user=bob)
    action_of(other, "In another set.", 3)

    with django_assert_num_queries(small):
        response = client.get("/my/")

    assert actions_section(response).count("Due on") == 14
