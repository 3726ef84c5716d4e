"""The set meetings' fixtures: a meeting of Amadora's set with Bob's problem and action, and
members of other sets."""

import pytest

from tests.factories import ActionFactory, MemberFactory, UserFactory


@pytest.fixture
def action(als, bob_member):
    """Bob's open action about a problem he brought to Amadora's meeting a week ago."""
    return ActionFactory(problem__meeting__learning_set=als, problem__brought_by=bob_member)


@pytest.fixture
def meeting(action):
    return action.problem.meeting


@pytest.fixture
def erin(amadora_sets):
    """A member with an account of another of Amadora's sets (inclusion): not of `als`."""
    user = UserFactory(email="erin@amadora.example")
    MemberFactory(learning_set=amadora_sets[1], name="Erin", email=user.email, user=user)
    return user


@pytest.fixture
def nikos(other_als):
    return MemberFactory(learning_set=other_als, name="Nikos")
