"""Posting a hypothesis example to the site and checking what it did to the database."""

from contextlib import contextmanager
from urllib.parse import quote

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client

APPS = ("accounts", "partners", "learningsets", "workshops", "proposals", "outbox")


def encode_form(data: dict[str, list[str]]) -> bytes:
    """application/x-www-form-urlencoded, sending a lone surrogate as the bytes a broken or
    hostile client would (UTF-8 cannot encode it, so the test client would refuse it)."""

    def q(text: str) -> str:
        return quote(text, safe="", errors="surrogatepass")

    return "&".join(
        f"{q(name)}={q(value)}" for name, values in data.items() for value in values
    ).encode()


def undecodable(data: dict[str, list[str]]) -> bool:
    """Whether encode_form() sends bytes that are not UTF-8: the site refuses those with 400
    before anything else (common.middleware.refuse_unreadable)."""
    return any(
        0xD800 <= ord(char) <= 0xDFFF
        for name, values in data.items()
        for text in (name, *values)
        for char in text
    )


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table of the project's apps (their history tables included)."""
    rows = {}
    for config in APPS:
        for model in apps.get_app_config(config).get_models():
            fields = [field.attname for field in model._meta.concrete_fields]
            rows[model._meta.label] = list(
                model._default_manager.order_by("pk").values_list(*fields)
            )
    return rows


def changed(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


_clients: list[Client] = []


def _client() -> Client:
    """One test client for every example, its cookies emptied: a new Client loads the
    middleware again, and WhiteNoise scans the static files each time."""
    if not _clients:
        _clients.append(Client(raise_request_exception=True))
    client = _clients[0]
    client.cookies.clear()
    return client


@contextmanager
def example(user=None):
    """One hypothesis example: a fresh client logged in as `user`, in a savepoint that is
    rolled back at the end, with an empty cache (allauth's rate limits live there)."""
    cache.clear()
    with transaction.atomic():
        client = _client()
        if user is not None:
            client.force_login(user)
        yield client
        transaction.set_rollback(True)


def post(client: Client, url: str, data: dict[str, list[str]], **headers):
    """POST the form; the request must not fail (the client re-raises any exception)."""
    response = client.generic(
        "POST",
        url,
        encode_form(data),
        content_type="application/x-www-form-urlencoded",
        headers=headers,
    )
    assert response.status_code < 500, (url, response.status_code)
    return response


def post_checked(client, url, data, *, accepted, **headers):
    """POST and check the two properties: never a 500, and a rejected request (one that
    `accepted(response)` says was not taken) changes no row. Returns (response, changed)."""
    before = snapshot()
    response = post(client, url, data, **headers)
    after = snapshot()
    diff = changed(before, after)
    if not accepted(response):
        assert diff == [], (url, response.status_code, diff)
    return response, diff


def redirected(response) -> bool:
    return response.status_code in (301, 302, 303)


def no_error_message(response) -> bool:
    """A redirect that reports no error: the request was taken."""
    from django.contrib.messages import constants, get_messages

    if not redirected(response):
        return False
    return all(m.level < constants.ERROR for m in get_messages(response.wsgi_request))
