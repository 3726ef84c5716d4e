"""The people every feature is tested for.

alice is the contact of Amadora, whose enterprise learning set is `als`; bob is an ALS member
of that set; charlie is the contact of another partner (Komotini); dora is on the management
team; an anonymous visitor is the Django test client with nobody logged in. A staff account
without permissions and a superuser are there to show that the site asks the admin's
permissions, not the staff flag.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from demo.data import TEAM_APPS, TEAM_GROUP, TEAM_WITHHELD
from mile.celery import app as celery_app
from tests.factories import (
    LearningSetFactory,
    MemberFactory,
    PartnerFactory,
    RegionFactory,
    UserFactory,
    sub_theme,
)
from tests.workers import use_own_redis_databases
from tests.workshops.factories import enterprise_workshop


def pytest_configure(config):
    use_own_redis_databases()  # under pytest-xdist: each worker on a cache and broker of its own


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The default PBKDF2 hasher costs a third of a second per password; MD5 keeps the suite fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_the_test():
    # Unit tests run tasks in-process even when CELERY_BROKER_URL points at a real Redis;
    # the worker integration tests start a real worker of their own.
    configured = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = configured


@pytest.fixture(autouse=True)
def _backups_beside_the_tests(settings, tmp_path_factory):
    # An erasure copies the erasure log beside the backups: never into the checkout's var/.
    location = tmp_path_factory.getbasetemp() / "backups"
    settings.STORAGES = {
        **settings.STORAGES,
        "dbbackup": {**settings.STORAGES["dbbackup"], "OPTIONS": {"location": str(location)}},
    }


@pytest.fixture(scope="session", autouse=True)
def _documents_beside_the_tests(tmp_path_factory):
    # Session-wide, so that a world built for a whole module stores its documents here too,
    # never in the checkout's var/media.
    location = tmp_path_factory.getbasetemp() / "documents"
    documents = {**settings.STORAGES["documents"], "OPTIONS": {"location": str(location)}}
    with override_settings(STORAGES={**settings.STORAGES, "documents": documents}):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # allauth keeps its login and password-reset rate limits in the cache. Under pytest-xdist
    # each worker has a Redis database of its own (tests/workers.py): this empties only its own.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def amadora(db):
    return PartnerFactory(name="Amadora", slug="amadora")


@pytest.fixture
def lisboa(amadora):
    """Amadora's sister region."""
    region = RegionFactory(name="Lisboa e Vale do Tejo", slug="lisboa-e-vale-do-tejo")
    amadora.sister_region = region
    amadora.save()
    return region


@pytest.fixture
def komotini(db):
    return PartnerFactory(name="Komotini", slug="komotini", country="GR")


@pytest.fixture
def als(amadora):
    return LearningSetFactory(partner=amadora)


@pytest.fixture
def amadora_sets(als):
    """Amadora's three learning sets, one per sub-theme, in sub-theme order."""
    return [als] + [
        LearningSetFactory(partner=als.partner, sub_theme=sub_theme(number)) for number in (2, 3)
    ]


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
def bob_member(bob):
    return bob.memberships.get()


@pytest.fixture
def ana(als):
    """A member of Amadora's learning set without an account."""
    return MemberFactory(learning_set=als, name="Ana Costa", email="ana@amadora.example")


@pytest.fixture
def workshop(amadora, komotini, als):
    """ "Enterprise development", hosted by Amadora on the sub-theme of `als`, inviting Amadora and
    Komotini, open for registration until 2090 (tests/workshops has a workshop of its own)."""
    return enterprise_workshop(host=amadora, invited=[amadora, komotini], learning_set=als)


@pytest.fixture
def charlie(komotini):
    user = UserFactory(email="charlie@komotini.example")
    komotini.contacts.add(user)
    return user


@pytest.fixture
def team_group(db):
    group, _ = Group.objects.get_or_create(name=TEAM_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=TEAM_APPS)
    group.permissions.set(permissions.exclude(codename__in=TEAM_WITHHELD))
    return group


@pytest.fixture
def dora(team_group):
    user = UserFactory(email="dora@mile.example", is_staff=True)
    user.groups.add(team_group)
    return user


@pytest.fixture
def staff_without_permissions(db):
    """A staff account in no group and with no permission: on the site, like any account."""
    return UserFactory(email="intern@mile.example", is_staff=True)


@pytest.fixture
def superuser(db):
    """A superuser in no group: every permission without being given one."""
    return UserFactory(email="root@mile.example", is_staff=True, is_superuser=True)


@pytest.fixture
def anonymous(db):
    """Nobody: the test client stays logged out."""
    return None


@pytest.fixture
def login(client):
    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def as_role(request, login):
    """The test client logged in as the role fixture named by the test's `role` parameter."""

    def _as_role(role: str):
        return login(request.getfixturevalue(role))

    return _as_role


@pytest.fixture
def count_queries(client):
    """The number of SQL queries a GET of `url` issues (after one warm-up request)."""

    def _count(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(context.captured_queries)

    return _count


@pytest.fixture
def count_rendering_queries(client):
    """The SQL queries of a GET of `url` after a warm-up request."""

    def _count(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(context.captured_queries)

    return _count


@pytest.fixture
def english_only(settings):
    """A site that offers English alone: its e-mails are English whoever reads them. For the
    tests of what an e-mail says; which language it says it in is tests/*/test_*languages.py's."""
    settings.LANGUAGES = [("en-gb", "English")]


@pytest.fixture
def repository_lacks(monkeypatch):
    """repository_lacks(kind, language): the repository has no default wording of the kind in
    that language. Every kind has one in each of the five languages; the order a wording is
    looked up in is tested as it goes for a kind or a language written later."""
    from outbox import mail

    missing = set()
    found = mail._repository_source

    def source(kind, extension, language):
        return None if (kind, language) in missing else found(kind, extension, language)

    monkeypatch.setattr(mail, "_repository_source", source)
    return lambda kind, language: missing.add((kind, language))
