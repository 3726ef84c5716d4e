"""The public library: approved proposals made public, by sub-theme, for everybody."""

import re

import pytest
from pytest_django.asserts import assertContains

from proposals import comments, services
from proposals.models import Proposal
from tests.factories import LearningSetFactory, PartnerFactory, sub_theme
from tests.pages import main_text
from tests.proposals.factories import make_proposal

URL = "/proposals/"
EMPTY = "No proposal has been made public yet."


def approve(proposal, *, public=True) -> Proposal:
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=public)
    proposal.refresh_from_db()
    return proposal


def write_summary(proposal, text: str, by=None) -> None:
    """The summary written as authors write it, while the proposal is a draft."""
    section = proposal.sections.get(key="summary")
    services.section_save(section=section, text=text, version=section.version, by=by)


def titles(response) -> list[str]:
    return [proposal.title for proposal in response.context["page"]]


@pytest.fixture
def library(als, other_als, bob, charlie):
    """Amadora's public enterprise proposal, Komotini's public housing one, and others that
    must not be shown: a draft, a submitted one and an approved one that is not public."""
    amadora = make_proposal(als, title="Small loans for ethnic minority businesses")
    write_summary(amadora, "**A loan desk** and business advice in the town hall.", bob)
    Proposal.objects.filter(pk=amadora.pk).update(
        acronym="AMA-LOANS", call="Regional operational programme 2007–2013"
    )
    approve(amadora)
    housing = LearningSetFactory(partner=other_als.partner, sub_theme=sub_theme(3))
    mediators = make_proposal(
        housing, title="Intercultural mediators in housing", funding_source="esf"
    )
    approve(mediators)
    make_proposal(als, title="A draft")
    submitted = make_proposal(other_als, title="A submitted one")
    Proposal.objects.filter(pk=submitted.pk).update(status="submitted")
    approve(make_proposal(other_als, title="Approved, not public"), public=False)
    return amadora


@pytest.mark.parametrize("role", ["anonymous", "bob", "charlie", "dora"])
def test_everybody_sees_only_the_approved_public_proposals_by_sub_theme(as_role, role, library):
    response = as_role(role).get(URL)

    assert response.status_code == 200
    assert titles(response) == [
        "Small loans for ethnic minority businesses",
        "Intercultural mediators in housing",
    ]
    text = main_text(response)
    assert (
        "Enterprise support and development "
        "Small loans for ethnic minority businesses (AMA-LOANS) "
        "Amadora · ERDF (European Regional Development Fund): Regional operational programme "
        "2007–2013 "
        "A loan desk and business advice in the town hall. "
        "Read the proposal: Small loans for ethnic minority businesses "
        "PDF of Small loans for ethnic minority businesses "
        "Access to key services (education, housing, health) and intercultural dialogue "
        "Intercultural mediators in housing Komotini · ESF (European Social Fund)"
    ) in text
    assert "A draft" not in text
    assert "A submitted one" not in text
    assert "Approved, not public" not in text


def test_each_proposal_links_to_its_page_and_its_pdf(client, library):
    response = client.get(URL)

    assertContains(response, f'href="/proposals/{library.pk}/"', count=2)
    assertContains(response, f'href="/proposals/{library.pk}/pdf/"', count=1)
    assertContains(response, 'href="/partners/amadora/"', count=1)


def test_the_summary_is_shown_as_text_cut_short(client, library):
    # Set directly: an approved proposal's text is not edited any more.
    library.sections.filter(key="summary").update(text="word " * 100)

    response = client.get(URL)

    assert f"{'word ' * 60}… Read the proposal" in main_text(response)


def test_the_library_says_so_when_nothing_is_public(client, als):
    make_proposal(als)

    response = client.get(URL)

    assert EMPTY in main_text(response)


def test_the_library_is_paginated(client, als):
    for number in range(21):
        approve(make_proposal(als, title=f"Proposal {number:02}"))

    first, second = client.get(URL), client.get(f"{URL}?page=2")

    assert len(titles(first)) == 20
    assert titles(second) == ["Proposal 20"]
    assert "Page 2 of 2" in main_text(second)
    assert titles(client.get(f"{URL}?page=abc")) == titles(first)
    assert titles(client.get(f"{URL}?page=99")) == ["Proposal 20"]


def test_the_navbar_leads_to_the_library(client, db):
    response = client.get("/")

    assertContains(response, '<a class="nav-link" href="/proposals/">Proposals</a>', html=True)


def test_it_rejects_post(client, db):
    assert client.post(URL).status_code == 405


def test_the_library_issues_as_many_queries_for_many_proposals_as_for_two(
    client, library, count_queries
):
    two = count_queries(URL)
    for number in range(15):
        partner = PartnerFactory()
        learning_set = LearningSetFactory(partner=partner, sub_theme=sub_theme(number % 3 + 1))
        proposal = make_proposal(learning_set, title=f"Proposal {number}")
        write_summary(proposal, f"Summary {number}.")
        approve(proposal)

    assert count_queries(URL) == two


def links_in_main(response) -> list[str]:
    """The site's own addresses that the page's main part links to."""
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return sorted(set(re.findall(r'href="(/[^"#]*)', main)))


@pytest.mark.parametrize("role", ["anonymous", "charlie", "staff_without_permissions"])
def test_a_public_proposal_links_only_pages_its_reader_may_open(as_role, role, proposal):
    approve(proposal)
    client = as_role(role)

    links = links_in_main(client.get(f"/proposals/{proposal.pk}/"))
    outcomes = {link: client.get(link).status_code for link in links}

    assert f"/proposals/{proposal.pk}/details/" in outcomes
    assert f"/proposals/{proposal.pk}/budget/" in outcomes
    assert f"/proposals/{proposal.pk}/history/" not in outcomes
    assert {link: status for link, status in outcomes.items() if status != 200} == {}


# Filters and search.

MEDIATORS = "Intercultural mediators in housing"


@pytest.fixture
def shelves(library, other_als, charlie):
    """The library's two public proposals, Komotini's written in 2024 and with a comment, and
    a Komotini draft that says the same words."""
    mediators = Proposal.objects.get(title="Intercultural mediators in housing")
    write_summary_directly(mediators, "Mediators visit tenants in their own language.")
    Proposal.objects.filter(pk=mediators.pk).update(created_at="2024-03-01T10:00:00Z")
    comments.comment_add(
        proposal=mediators,
        section=None,
        body="Confidential: the tenants' loan arrears.",
        by=charlie,
    )
    draft = make_proposal(other_als, title="Loan arrears of tenants", by=charlie)
    write_summary(draft, "Loans and arrears of tenants.", charlie)
    return library


def write_summary_directly(proposal, text: str) -> None:
    """An approved proposal's summary, set as the service sets it (the vector too)."""
    section = proposal.sections.get(key="summary")
    Proposal.objects.filter(pk=proposal.pk).update(status="draft", is_public=False)
    services.section_save(section=section, text=text, version=section.version, by=None)
    approve(proposal)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"sub_theme": "key-services-and-intercultural-dialogue"}, [MEDIATORS]),
        ({"funding_source": "erdf"}, ["Small loans for ethnic minority businesses"]),
        ({"country": "GR"}, [MEDIATORS]),
        ({"year": "2024"}, [MEDIATORS]),
        ({"country": "PT", "funding_source": "esf"}, []),
    ],
)  # fmt: skip
def test_the_library_filters_by_sub_theme_funding_source_country_and_year(
    client, shelves, filters, expected
):
    response = client.get(URL, filters)

    assert titles(response) == expected


def test_the_filters_offer_the_countries_and_years_of_public_proposals(client, shelves):
    filters = client.get(URL).context["filters"]

    assert list(filters.fields["country"].choices) == [
        ("", "All"),
        ("GR", "Greece"),
        ("PT", "Portugal"),
    ]
    this_year = Proposal.objects.get(title="Small loans for ethnic minority businesses")
    assert list(filters.fields["year"].choices) == [
        ("", "All"),
        (this_year.created_at.year, this_year.created_at.year),
        (2024, 2024),
    ]


@pytest.mark.parametrize(
    "bad",
    [
        {"sub_theme": "nope"},
        {"funding_source": "<b>x</b>"},
        {"country": "ZZ"},
        {"year": "abc"},
        {"year": "1999"},
        {"year": "9" * 400},
    ],
)
def test_a_bad_filter_is_not_applied_and_says_so(client, shelves, bad):
    response = client.get(URL, bad)

    assert response.status_code == 200
    assert titles(response) == [
        "Small loans for ethnic minority businesses",
        "Intercultural mediators in housing",
    ]
    assert "This filter is not applied." in main_text(response)
    assert "<b>x</b>" not in response.content.decode()


def test_the_library_search_finds_words_of_public_proposals_with_their_passage(client, shelves):
    response = client.get(URL, {"q": "tenants"})

    assert titles(response) == ["Intercultural mediators in housing"]  # not Komotini's draft
    assert "Mediators visit <mark>tenants</mark> in their own language." in (
        response.content.decode()
    )
    assert "1–1 of 1 for “tenants”" in main_text(response)


def test_the_library_search_never_searches_nor_shows_comments(client, shelves):
    response = client.get(URL, {"q": "arrears"})

    assert titles(response) == []
    assert "Confidential" not in main_text(response)
    assert "No public proposal holds “arrears” with these filters." in main_text(response)


def test_the_library_search_keeps_to_the_filters(client, shelves):
    assert titles(client.get(URL, {"q": "loans mediators"})) == []
    assert titles(client.get(URL, {"q": "tenants", "country": "PT"})) == []
    assert titles(client.get(URL, {"q": "tenants", "country": "GR"})) == [
        "Intercultural mediators in housing"
    ]


@pytest.mark.parametrize("typed", ["x" * 1000, "\x01", "the of", '"', "-", "or", "!!:*&|"])
def test_an_odd_search_answers_without_an_error(client, shelves, typed):
    response = client.get(URL, {"q": typed})

    assert response.status_code == 200


def test_a_nul_in_the_library_search_is_refused_with_the_reason(client, shelves):
    response = client.get(URL + "?q=loan%00")

    assertContains(
        response, "The address contains a character that is not allowed (NUL).", status_code=400
    )


def test_the_library_search_issues_as_many_queries_for_many_results(client, shelves, count_queries):
    few = count_queries(URL + "?q=housing")
    for number in range(5):
        housing = LearningSetFactory(partner=PartnerFactory(), sub_theme=sub_theme(3))
        proposal = make_proposal(housing, title=f"Housing {number}")
        write_summary(proposal, f"Housing summary {number}.")
        approve(proposal)

    assert count_queries(URL + "?q=housing") == few
