"""A NUL character in the address (query string or path), or a query string beyond 8 KiB, is
refused with 400 and the reason.

PostgreSQL refuses NUL in any string it is sent, so an admin filter, search or autocomplete
term with one answered 500; run on PostgreSQL (DATABASE_URL) to see the failure it prevents.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import EmptyFieldListFilter
from django.urls import reverse

from tests.factories import UserFactory
from tests.pages import main_text

REFUSED = (
    "Request refused The address contains a character that is not allowed (NUL). "
    "Go to the home page"
)


def changelists():
    """Every admin changelist with its search and each of its filters' parameters."""
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        params = ["q"] if model_admin.search_fields else []
        for item in model_admin.list_filter:
            if isinstance(item, tuple) and item[1] is EmptyFieldListFilter:
                params.append(f"{item[0]}__isempty")
            elif isinstance(item, str):
                params.append(f"{item}__exact")
        for param in params:
            yield pytest.param(url, param, id=f"{model._meta.label}?{param}")


@pytest.mark.parametrize(("url", "param"), list(changelists()))
def test_a_nul_in_an_admin_filter_or_search_is_refused_with_the_reason(
    login, superuser, url, param
):
    response = login(superuser).get(url, {param: "a\x00b"})

    assert (response.status_code, main_text(response)) == (400, REFUSED)


def test_a_nul_in_the_autocomplete_term_is_refused_with_the_reason(login, superuser):
    query = {
        "term": "\x00",
        "app_label": "learningsets",
        "model_name": "member",
        "field_name": "learning_set",
    }

    response = login(superuser).get("/admin/autocomplete/", query)

    assert (response.status_code, main_text(response)) == (400, REFUSED)


@pytest.mark.parametrize(
    "address", ["/partners/?search=%00", "/workshops/?page=1%00", "/?%00=1", "/partners/%00/"]
)
def test_a_nul_anywhere_in_a_public_address_is_refused_with_the_reason(client, db, address):
    response = client.get(address)

    assert (response.status_code, main_text(response)) == (400, REFUSED)


def test_an_address_without_nul_is_served(client, db):
    assert client.get("/partners/", {"search": "Amadora"}).status_code == 200


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@mile.example", is_staff=True, is_superuser=True)


def test_a_query_string_beyond_8_kib_is_refused_with_the_reason(login, superuser):
    response = login(superuser).get("/admin/learningsets/member/", {"q": "A" * 8191})

    assert (response.status_code, main_text(response)) == (
        400,
        "Request refused The address is too long. Go to the home page",
    )
