"""allauth's signup, login and password reset."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outbox.models import Email
from tests.fuzz import strategies as s
from tests.fuzz.harness import example, post_checked

pytestmark = pytest.mark.django_db

PASSWORDS = st.sampled_from(["mile-demo-2008", "correct horse battery staple"])


@given(
    data=st.data(),
    page=st.sampled_from(["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]),
)
def test_allauth_forms(world, data, page):
    """Signup is by invitation only and a login or a reset request writes none of our rows."""
    posted = data.draw(
        s.form(
            login=st.sampled_from(["alice@amadora.example", "nobody@x.example"]),
            email=s.emails,
            password=PASSWORDS,
            password1=PASSWORDS,
            password2=PASSWORDS,
            remember=st.sampled_from(["on"]),
        )
    )
    with example() as client:
        post_checked(client, page, posted, accepted=lambda r: page == "/accounts/login/")


@given(data=st.data())
def test_a_password_reset_writes_only_outbox_e_mails_and_never_their_key(world, data):
    known = [user.email for user in world.users.values() if user is not None]
    posted = data.draw(s.form(email=st.one_of(st.sampled_from(known), s.emails)))
    with example() as client:
        _, changed = post_checked(
            client, "/accounts/password/reset/", posted, accepted=lambda r: True
        )
        bodies = Email.objects.values_list("body_text", "body_html")
        assert set(changed) <= {"outbox.Email"}
        assert [body for body in bodies if "/password/reset/key/" in "".join(body)] == []
