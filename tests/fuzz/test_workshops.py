"""Delegate registration, replace, withdraw, the htmx table and the invitation links."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from learningsets.models import Member
from tests.fuzz import strategies as s
from tests.fuzz.harness import example, post_checked, redirected

pytestmark = pytest.mark.django_db

ACTOR_TYPES = st.sampled_from(["", *(choice for choice, _ in Member.ActorType.choices)])


def new_person(**choice):
    return s.form(
        **choice,
        name=s.names,
        email=s.emails,
        organisation=s.names,
        position=s.names,
        actor_type=ACTOR_TYPES,
    )


def member_ids(world):
    return s.ids(world.member.pk, world.other_member.pk, world.registration.member_id)


def delegates_url(world, name="delegates", *args):
    return reverse(f"workshops:{name}", args=[world.workshop.slug, world.partner.slug, *args])


@given(data=st.data())
def test_register_delegates(world, data):
    posted = data.draw(new_person(members=member_ids(world)))
    with example(world.users["contact"]) as client:
        post_checked(client, delegates_url(world), posted, accepted=redirected)


@given(data=st.data(), htmx=st.booleans())
def test_replace_a_delegate(world, data, htmx):
    posted = data.draw(new_person(member=member_ids(world)))
    pk = data.draw(st.sampled_from([world.registration.pk, world.other_registration.pk]))
    headers = {"HX-Request": "true"} if htmx else {}
    with example(world.users["contact"]) as client:
        url = delegates_url(world, "delegate_replace", pk)
        post_checked(client, url, posted, accepted=redirected, **headers)


@given(data=st.data(), htmx=st.booleans())
def test_withdraw_a_delegate_and_the_table(world, data, htmx):
    pk = data.draw(st.sampled_from([world.registration.pk, world.other_registration.pk]))
    own = pk == world.registration.pk
    headers = {"HX-Request": "true"} if htmx else {}
    with example(world.users["contact"]) as client:
        url = delegates_url(world, "delegate_withdraw", pk)
        _response, _ = post_checked(
            client, url, data.draw(s.form()), accepted=lambda r: own and r.status_code < 400
        )
        post_checked(
            client,
            delegates_url(world, "delegates_table"),
            data.draw(s.form()),
            accepted=lambda r: False,
            **headers,
        )


@given(data=st.data())
def test_invitation_answer(world, data):
    """Any token in the link, any answer: never a 500; only the real link with a real answer
    changes anything."""
    token = data.draw(st.one_of(st.just(world.invitation_token), s.hostile_string))
    posted = data.draw(s.form(answer=st.sampled_from(["confirm", "decline"])))
    genuine = token == world.invitation_token and posted.get("answer") in (["confirm"], ["decline"])
    url = "/workshops/invitation/" + quote(token, safe="", errors="surrogatepass") + "/"
    with example() as client:
        response, _diff = post_checked(client, url, posted, accepted=lambda r: genuine)
        if not genuine:
            assert response.status_code in (400, 404, 410) or not token.strip("/")


@given(data=st.data())
def test_account_invitation(world, data):
    token = data.draw(st.one_of(st.just(world.account_token), s.hostile_string))
    url = "/accounts/invitation/" + quote(token, safe="", errors="surrogatepass") + "/"
    genuine = token == world.account_token
    with example() as client:
        post_checked(client, url, data.draw(s.form()), accepted=lambda r: genuine)


@given(data=st.data())
def test_write_a_take_home(world, data):
    """The world's workshop has not started: whatever is posted, nothing is written."""
    posted = data.draw(s.form(learning_points=s.names, actions=s.names, is_public=s.names))
    url = reverse("workshops:take_home", args=[world.workshop.slug, world.learning_set.pk])
    with example(world.users["member"]) as client:
        post_checked(client, url, posted, accepted=lambda r: False)
