"""Member add / edit / remove / invite (My partner) under random and hostile input."""

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from learningsets.forms import MemberForm
from learningsets.models import Action, LearningLogEntry, Meeting, Member
from tests.fuzz import strategies as s
from tests.fuzz.harness import encode_form, example, post_checked, redirected, undecodable

pytestmark = pytest.mark.django_db

ACTOR_TYPES = st.sampled_from([choice for choice, _ in Member.ActorType.choices])


def member_form(world):
    return s.form(
        learning_set=s.ids(world.learning_set.pk, world.other_learning_set.pk),
        name=s.names,
        email=s.emails,
        organisation=s.names,
        position=s.names,
        actor_type=ACTOR_TYPES,
    )


def cleaned(world, data, instance=None) -> dict | None:
    """What the form makes of the posted data, before the request changes anything."""
    form = MemberForm(QueryDict(encode_form(data)), partner=world.partner, instance=instance)
    return form.cleaned_data if form.is_valid() else None


def stored(member: Member, expected: dict) -> dict:
    return {name: getattr(member, name) for name in expected}


@given(data=st.data())
def test_member_add(world, data):
    posted = data.draw(member_form(world))
    url = reverse("learningsets:member_add", args=[world.partner.slug])
    with example(world.users["contact"]) as client:
        expected = cleaned(world, posted)
        response, _diff = post_checked(client, url, posted, accepted=redirected)
        if redirected(response):
            added = Member.objects.order_by("-pk").first()
            assert stored(added, expected) == expected
            assert added.learning_set.partner == world.partner


@given(data=st.data())
def test_member_edit(world, data):
    posted = data.draw(member_form(world))
    pk = data.draw(st.sampled_from([world.member.pk, world.other_member.pk]))
    url = reverse("learningsets:member_edit", args=[world.partner.slug, pk])
    with example(world.users["contact"]) as client:
        expected = cleaned(world, posted, Member.objects.get(pk=pk))
        response, _diff = post_checked(client, url, posted, accepted=redirected)
        if redirected(response):
            assert pk == world.member.pk
            assert stored(Member.objects.get(pk=pk), expected) == expected


@given(
    data=st.data(),
    action=st.sampled_from(["workshops:member_remove", "learningsets:member_invite"]),
    role=st.sampled_from(["contact", "other_contact", "member", "anonymous"]),
)
def test_member_remove_and_invite(world, data, action, role):
    """Only the contact of the member's own partner changes anything, whatever is posted."""
    pk = data.draw(st.sampled_from([world.member.pk, world.other_member.pk, 2**31 - 1]))
    url = reverse(action, args=[world.partner.slug, pk])
    own = role == "contact" and pk == world.member.pk

    form = data.draw(s.form())
    with example(world.users[role]) as client:
        response, _diff = post_checked(client, url, form, accepted=lambda response: own)
        if undecodable(form):
            assert response.status_code == 400
        elif not own:
            assert response.status_code in (302, 404)


# Set meetings: a meeting, a problem with its actions, closing an action, the learning log.

TIMES = st.sampled_from(["10:00", "09:30", "23:59", "00:00", "24:00", "10:00:00"])
DAYS = st.sampled_from(["2026-11-01", "2008-02-26", "2099-01-01", "1989-12-31", "2026-03-29"])


def meeting_data(world):
    return s.form(
        date=DAYS,
        starts=TIMES,
        ends=TIMES,
        place=s.names,
        online_link=st.sampled_from(["https://meet.example/x", "meet.example", "javascript:x"]),
        attendees=s.ids(world.member.pk, world.other_member.pk),
        guests=s.names,
    )


@given(data=st.data())
def test_meeting_add(world, data):
    posted = data.draw(meeting_data(world))
    url = reverse("learningsets:meeting_add", args=[world.learning_set.pk])
    with example(world.users["contact"]) as client:
        response, _diff = post_checked(client, url, posted, accepted=redirected)
        if redirected(response):
            meeting = Meeting.objects.order_by("-pk").first()
            assert meeting.learning_set == world.learning_set
            assert world.other_member not in meeting.attendees.all()
            assert meeting.ends_at > meeting.starts_at


@given(data=st.data())
def test_meeting_edit(world, data):
    posted = data.draw(meeting_data(world))
    url = reverse("learningsets:meeting_edit", args=[world.meeting.pk])
    with example(world.users["member"]) as client:
        response, _diff = post_checked(client, url, posted, accepted=redirected)
        if redirected(response):
            meeting = Meeting.objects.get(pk=world.meeting.pk)
            assert meeting.ends_at > meeting.starts_at


def problem_data(world):
    member = s.ids(world.member.pk, world.other_member.pk)
    return s.form(
        brought_by=member,
        description=s.names,
        questions=s.names,
        **{
            "actions-TOTAL_FORMS": st.sampled_from(["1", "2", "3", "0", "50"]),
            "actions-INITIAL_FORMS": st.sampled_from(["0", "1"]),
            "actions-0-description": s.names,
            "actions-0-owner": member,
            "actions-0-due_on": DAYS,
            "actions-1-description": s.names,
            "actions-1-owner": member,
            "actions-1-due_on": DAYS,
        },
    )


@given(data=st.data(), edit=st.booleans())
def test_problem_add_and_edit(world, data, edit):
    posted = data.draw(problem_data(world))
    if edit:
        url = reverse("learningsets:problem_edit", args=[world.meeting.pk, world.problem.pk])
    else:
        url = reverse("learningsets:problem_add", args=[world.meeting.pk])
    with example(world.users["contact"]) as client:
        response, _diff = post_checked(client, url, posted, accepted=redirected)
        if redirected(response):
            owners = Action.objects.filter(problem__meeting=world.meeting).values("owner")
            assert not owners.exclude(owner__learning_set=world.learning_set).exists()


@given(
    data=st.data(),
    role=st.sampled_from(["contact", "member", "other_contact", "other_member", "anonymous"]),
)
def test_action_close(world, data, role):
    posted = data.draw(s.form(state=st.sampled_from(["done", "dropped", "open"]), outcome=s.names))
    url = reverse("learningsets:action_close", args=[world.action.pk])
    allowed = role in ("contact", "member")
    with example(world.users[role]) as client:
        response, _diff = post_checked(
            client, url, posted, accepted=lambda response: allowed and redirected(response)
        )
        if not allowed and not undecodable(posted):
            assert response.status_code in (302, 404)


@given(data=st.data())
def test_learning_log_write(world, data):
    posted = data.draw(
        s.form(text=s.names, visibility=st.sampled_from(["set", "public", "everyone"]))
    )
    url = reverse("learningsets:learning_log_write", args=[world.meeting.pk])
    with example(world.users["member"]) as client:
        response, _diff = post_checked(client, url, posted, accepted=redirected)
        if redirected(response):
            entry = LearningLogEntry.objects.get(meeting=world.meeting, author__user__isnull=False)
            assert entry.visibility in ("set", "public")
