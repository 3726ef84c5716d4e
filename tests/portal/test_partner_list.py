"""The partners page: every city with its sister region and the unpaired regions, a page of 50
rows at a time, searchable by a city's, a region's or a country's name."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains

from partners.models import Partner
from tests.factories import PartnerFactory, RegionFactory
from tests.pages import main_text

ROLES = ["anonymous", "alice", "bob", "charlie", "dora"]
INTRO = (
    "Partners The cities and regions taking part in MILE. Each city works with its sister "
    "region, whose Managing Authority joins the city’s learning sets. "
    "City, region or country "
)
TABLE = "Partner cities and their sister regions City Sister region Country "


def pairs(count: int, *, start: int = 1, country: str = "PT") -> None:
    """Cities "City 01"… each with its "Region 01"…, named so that they sort by number."""
    for number in range(start, start + count):
        region = RegionFactory(name=f"Region {number:02}", slug=f"r-{number}", country=country)
        PartnerFactory(
            name=f"City {number:02}", slug=f"c-{number}", country=country, sister_region=region
        )


def rows(text: str) -> list[str]:
    return re.findall(r"City \d+ Region \d+ Portugal", text)


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_each_city_with_its_sister_region_then_the_unpaired(
    as_role, role, lisboa, komotini
):
    RegionFactory(name="Andalucía", slug="andalucia", country="ES")

    response = as_role(role).get("/partners/")

    assert main_text(response) == (
        INTRO + "Search 1–3 of 3 " + TABLE + "Amadora Lisboa e Vale do Tejo Portugal "
        "Komotini not yet paired Greece "
        "not yet paired Andalucía Spain"
    )
    assertContains(
        response,
        '<tr><td><span class="text-body-secondary">not yet paired</span></td>'
        '<td><a href="/partners/andalucia/">Andalucía</a></td><td>Spain</td></tr>',
        html=True,
    )


def test_the_list_is_fifty_rows_a_page(client, db):
    pairs(55)

    first = main_text(client.get("/partners/"))
    second = main_text(client.get("/partners/?page=2"))

    assert "1–50 of 55 " in first
    assert rows(first) == [f"City {n:02} Region {n:02} Portugal" for n in range(1, 51)]
    assert first.endswith("City 50 Region 50 Portugal Page 1 of 2 Next")
    assert "51–55 of 55 " in second
    assert rows(second) == [f"City {n} Region {n} Portugal" for n in range(51, 56)]
    assert second.endswith("City 55 Region 55 Portugal Previous Page 2 of 2")


@pytest.mark.parametrize(
    ("page", "shown"), [("abc", "1–50 of 55"), ("0", "51–55 of 55"), ("99", "51–55 of 55")]
)
def test_a_page_number_that_is_not_one_shows_the_first_or_the_last(client, db, page, shown):
    pairs(55)

    response = client.get(f"/partners/?page={page}")

    assert response.status_code == 200
    assert f" {shown} " in main_text(response)


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("amad", "1–1 of 1 for “amad” " + TABLE + "Amadora Lisboa e Vale do Tejo"),
        ("VALE DO", "1–1 of 1 for “VALE DO” " + TABLE + "Amadora Lisboa e Vale"),
        ("greece", "1–1 of 1 for “greece” " + TABLE + "Komotini not yet paired"),
        ("spa", "1–1 of 1 for “spa” " + TABLE + "not yet paired Andalucía Spain"),
    ],
)
def test_a_search_finds_a_city_a_sister_region_or_a_country_by_part_of_its_name(
    client, lisboa, komotini, search, found
):
    RegionFactory(name="Andalucía", slug="andalucia", country="ES")

    response = client.get("/partners/", {"q": search})

    text = main_text(response)
    assert found in text
    assert text.count(" Sister region Country ") == 1
    assertContains(response, f'value="{search}"')
    assertContains(response, '<a class="btn btn-link" href="/partners/">Clear</a>', html=True)


def test_a_search_with_no_match_says_so(client, lisboa):
    response = client.get("/partners/", {"q": "Zagreb"})

    assert main_text(response) == (
        INTRO
        + "Search Clear No city, region or country has “Zagreb” in its name. Show all partners"
    )


def test_a_search_too_long_is_refused_with_the_reason_and_everything_is_shown(client, lisboa):
    response = client.get("/partners/", {"q": "x" * 101})

    assert main_text(response) == (
        INTRO + "Ensure this value has at most 100 characters (it has 101). All partners are "
        "shown. Search Clear 1–1 of 1 " + TABLE + "Amadora Lisboa e Vale do Tejo Portugal"
    )
    assertContains(response, 'aria-invalid="true"')


def test_the_partners_page_queries_do_not_grow_with_partners(client, lisboa):
    def cold_count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    small = cold_count("/partners/?page=2")
    pairs(120)

    assert cold_count("/partners/?page=2") == small
    assert cold_count("/partners/?q=city") == small
    assert Partner.objects.count() == 242


def test_home_shows_the_first_twelve_and_links_to_all_the_partners(client, db):
    pairs(13)

    text = main_text(client.get("/"))

    partners = text.split("Partners Each city works")[1]
    assert " City 12 Region 12 Portugal All 26 partners, with a search by name or country" in (
        partners
    )
    assert "City 13" not in partners


def test_the_menu_and_a_partners_breadcrumb_lead_to_the_partners_page(client, lisboa):
    response = client.get("/partners/amadora/")

    assertContains(response, '<a class="nav-link" href="/partners/">Partners</a>', html=True)
    assertContains(
        response, '<li class="breadcrumb-item"><a href="/partners/">Partners</a></li>', html=True
    )
