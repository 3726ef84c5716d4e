"""The people every feature is tested for.

alice is the contact of Amadora, whose enterprise learning set is `als`; bob is an ALS member
of that set; charlie is the contact of another partner (Komotini); dora is on the management
team; an anonymous visitor is the Django test client with nobody logged in.
"""

import pytest

from tests.factories import LearningSetFactory, MemberFactory, PartnerFactory, UserFactory


@pytest.fixture
def amadora(db):
    return PartnerFactory(name="Amadora", slug="amadora")


@pytest.fixture
def komotini(db):
    return PartnerFactory(name="Komotini", slug="komotini", country="GR")


@pytest.fixture
def als(amadora):
    return LearningSetFactory(partner=amadora)


@pytest.fixture
def other_als(komotini):
    return LearningSetFactory(partner=komotini)


@pytest.fixture
def alice(amadora):
    user = UserFactory(email="alice@amadora.example")
    amadora.contacts.add(user)
    return user


@pytest.fixture
def bob(als):
    user = UserFactory(email="bob@amadora.example")
    MemberFactory(learning_set=als, name="Bob", email=user.email, user=user)
    return user


@pytest.fixture
def charlie(komotini):
    user = UserFactory(email="charlie@komotini.example")
    komotini.contacts.add(user)
    return user


@pytest.fixture
def dora(db):
    return UserFactory(email="dora@mile.example", is_staff=True)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
