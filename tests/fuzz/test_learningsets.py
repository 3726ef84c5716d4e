"""Member add / edit / remove / invite (My partner) under random and hostile input."""

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from learningsets.forms import MemberForm
from learningsets.models import Member
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
