"""Searching the proposals one may read (/proposals/search/): ranked, with the passage that
matched, among the proposals and comments the reader may see, on PostgreSQL's full-text search
and SQLite's fallback alike."""

import pytest
from django.db import connection
from pytest_django.asserts import assertContains

from proposals import comments, search, services
from proposals.models import Proposal
from tests.factories import LearningSetFactory, sub_theme
from tests.pages import main_text
from tests.proposals.factories import make_proposal

URL = "/proposals/search/"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search"
)


def write(proposal, key: str, text: str, by=None) -> None:
    section = proposal.sections.get(key=key)
    services.section_save(section=section, text=text, version=section.version, by=by)


def found(response) -> list[str]:
    return [proposal.title for proposal in response.context["page"]]


def vector(proposal, field="search_vector") -> str:
    return str(Proposal.objects.values_list(field, flat=True).get(pk=proposal.pk))


@pytest.fixture
def drafts(als, other_als, bob, charlie):
    """Amadora's draft on mentoring (with the team's question in a comment), Komotini's draft
    that also speaks of mentors, and Komotini's public proposal on the same."""
    amadora = make_proposal(als, title="Mentoring for migrant entrepreneurs", by=bob)
    write(amadora, "summary", "Experienced business owners mentor newcomers for a year.", bob)
    comments.comment_add(proposal=amadora, section=None, body="Are the volunteers insured?", by=bob)
    theirs = make_proposal(other_als, title="Komotini's secret plan", by=charlie)
    write(theirs, "summary", "Mentoring by the chamber of commerce; volunteers insured.", charlie)
    public = make_proposal(other_als, title="Language cafés", by=charlie)
    write(public, "summary", "Volunteers and mentoring in the library's language café.", charlie)
    comments.comment_add(
        proposal=public, section=None, body="Are the volunteers insured there?", by=charlie
    )
    Proposal.objects.filter(pk=public.pk).update(status="approved", is_public=True)
    return amadora


def test_it_requires_a_login(client):
    response = client.get(URL, {"q": "mentoring"})

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/proposals/search/%3Fq%3Dmentoring"


def test_an_author_finds_their_proposals_and_public_ones_never_another_sets_draft(as_role, drafts):
    response = as_role("bob").get(URL, {"q": "mentoring"})

    assert sorted(found(response)) == ["Language cafés", "Mentoring for migrant entrepreneurs"]
    assert "Komotini's secret plan" not in main_text(response)


def test_the_team_finds_every_proposal(as_role, drafts):
    response = as_role("dora").get(URL, {"q": "mentoring"})

    assert sorted(found(response)) == [
        "Komotini's secret plan",
        "Language cafés",
        "Mentoring for migrant entrepreneurs",
    ]


def test_an_author_finds_the_comments_they_may_read_only(as_role, drafts):
    response = as_role("bob").get(URL, {"q": "insured"})

    # Amadora's comment, not the one on Komotini's public proposal (comments are never public).
    assert found(response) == ["Mentoring for migrant entrepreneurs"]
    assert "Are the volunteers <mark>insured</mark>?" in response.content.decode()


def test_the_passage_that_matched_is_shown_marked(as_role, drafts):
    response = as_role("bob").get(URL, {"q": "newcomers"})

    assert found(response) == ["Mentoring for migrant entrepreneurs"]
    assertContains(response, "<mark>newcomers</mark>")
    assert "1–1 of 1 for “newcomers”" in main_text(response)


def test_the_passage_lets_no_html_of_the_text_through(as_role, als, bob):
    proposal = make_proposal(als, title="Outreach", by=bob)
    text = 'Door to door <img src=x onerror="alert(1)"> outreach & "advice".'
    write(proposal, "summary", text, bob)

    response = as_role("bob").get(URL, {"q": "outreach"})

    passage = str(response.context["page"][0].passage)
    assert "<img" not in passage
    assert "<mark>outreach</mark> &amp; &quot;advice&quot;." in passage


def test_a_passage_is_escaped_whatever_the_headline_holds():
    headline = f'<img src=x onerror="alert(1)"> {search.START}<b>{search.STOP} & more'

    assert search._marked(headline) == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>&lt;b&gt;</mark> &amp; more"
    )


@on_postgresql
def test_the_title_ranks_above_the_text_which_ranks_above_a_comment(as_role, als, bob):
    in_comment = make_proposal(als, title="Housing advice", by=bob)
    comments.comment_add(proposal=in_comment, section=None, body="And microcredit?", by=bob)
    in_text = make_proposal(als, title="Business advice", by=bob)
    write(in_text, "summary", "Advice on microcredit for new businesses.", bob)
    make_proposal(als, title="Microcredit for women entrepreneurs", by=bob)

    response = as_role("bob").get(URL, {"q": "microcredit"})

    assert found(response) == [
        "Microcredit for women entrepreneurs",
        "Business advice",
        "Housing advice",
    ]


@on_postgresql
def test_a_portuguese_proposal_is_searched_with_portuguese_stems(as_role, als, bob):
    proposal = make_proposal(als, title="Apoio", by=bob, language="pt-pt")
    write(proposal, "summary", "Formação para empresárias imigrantes.", bob)

    response = as_role("bob").get(URL, {"q": "empresária"})

    assert found(response) == ["Apoio"]
    assertContains(response, "<mark>empresárias</mark>")


@on_postgresql
def test_a_greek_proposal_is_searched_in_greek(as_role, als, bob):
    proposal = make_proposal(als, title="Στήριξη", by=bob, language="el")
    write(proposal, "summary", "Κατάρτιση για μετανάστριες επιχειρηματίες.", bob)

    response = as_role("bob").get(URL, {"q": "επιχειρηματίες"})

    assert found(response) == ["Στήριξη"]


@on_postgresql
def test_a_search_of_only_stop_words_finds_nothing_without_error(as_role, drafts):
    response = as_role("bob").get(URL, {"q": "the of and"})

    assert response.status_code == 200
    assert found(response) == []
    assert "No proposal you may read holds “the of and”." in main_text(response)


def test_a_search_of_a_thousand_characters_is_cut_and_said_so(as_role, drafts):
    response = as_role("bob").get(URL, {"q": "mentoring " + "x" * 1000})

    assert response.status_code == 200
    assert response.context["form"].text == ("mentoring " + "x" * 1000)[: search.LONGEST_QUERY]
    assert "Only the first 200 characters of the search were used." in main_text(response)


def test_a_nul_byte_in_the_search_is_refused_with_the_reason(as_role, drafts):
    response = as_role("bob").get(URL + "?q=mentor%00ing")

    assert response.status_code == 400
    assertContains(
        response, "The address contains a character that is not allowed (NUL).", status_code=400
    )


@on_postgresql
def test_websearch_syntax_is_understood(as_role, drafts):
    response = as_role("dora").get(URL, {"q": 'mentoring -"language café"'})

    assert sorted(found(response)) == [
        "Komotini's secret plan",
        "Mentoring for migrant entrepreneurs",
    ]


def test_control_characters_and_blank_searches_show_the_empty_form(as_role, drafts):
    response = as_role("bob").get(URL, {"q": " \x01\x1f "})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Type one or more words" in main_text(response)


@pytest.mark.parametrize("role", ["bob", "dora"])
def test_the_queries_do_not_grow_with_the_results(role, as_role, als, bob, count_queries):
    as_role(role)
    make_proposal(als, title="Mentoring one", by=bob)
    small = count_queries(URL + "?q=mentoring")
    for n in range(5):
        proposal = make_proposal(als, title=f"Mentoring {n}", by=bob)
        write(proposal, "summary", "Mentoring again.", bob)
        comments.comment_add(proposal=proposal, section=None, body="Mentoring?", by=bob)

    assert count_queries(URL + "?q=mentoring") == small


class TestTheVectorFollowsEveryWrite:
    """Each service that changes the words sets the vector in its own statements."""

    pytestmark = on_postgresql

    def test_creating_a_proposal_indexes_its_title(self, als, bob):
        proposal = make_proposal(als, title="Mentoring circles", by=bob)

        assert vector(proposal) == "'circl':2A 'mentor':1A"
        assert vector(proposal, "comments_vector") == ""

    def test_a_section_save_indexes_its_text(self, als, bob):
        proposal = make_proposal(als, title="Circles", by=bob)

        write(proposal, "summary", "Weekly meetings.", bob)

        assert vector(proposal) == "'circl':1A 'meet':3B 'week':2B"

    def test_a_comment_and_a_reply_index_the_comments(self, als, bob):
        proposal = make_proposal(als, title="Circles", by=bob)

        first = comments.comment_add(proposal=proposal, section=None, body="Budget?", by=bob)
        comments.comment_reply(parent=first, body="Volunteers.", by=bob)

        assert vector(proposal, "comments_vector") == "'budget':1 'volunt':2"

    def test_a_new_title_and_language_index_in_the_new_dictionary(self, als, bob):
        from proposals import budget

        proposal = make_proposal(als, title="Circles", by=bob)
        write(proposal, "summary", "Empresárias.", bob)

        budget.proposal_details_update(
            proposal=proposal, title="Círculos de mentoras", acronym="", funding_source="erdf",
            call="", duration_months=None, planned_start=None, co_financing_rate=75,
            principles=[], language="pt-pt",
        )  # fmt: skip

        assert vector(proposal) == "'círcul':1A 'empresár':4B 'mentor':3A"

    def test_the_admins_change_of_language_indexes_anew(self, als, bob):
        proposal = make_proposal(als, title="Mentoras", by=bob)

        services.proposal_language_set(proposal=proposal, language="pt-pt")

        assert vector(proposal) == "'mentor':1A"

    def test_a_restored_revision_indexes_the_restored_text(self, als, bob):
        proposal = make_proposal(als, title="Circles", by=bob)
        write(proposal, "summary", "Weekly meetings.", bob)
        first = proposal.sections.get(key="summary").revisions.get()
        write(proposal, "summary", "Monthly.", bob)

        services.revision_restore(revision=first, by=bob)

        assert vector(proposal) == "'circl':1A 'meet':3B 'week':2B"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's fallback")
def test_search_vectors_are_left_empty_without_full_text_search(als, bob):
    proposal = make_proposal(als, title="Circles", by=bob)
    write(proposal, "summary", "Weekly meetings.", bob)
    comments.comment_add(proposal=proposal, section=None, body="Which hall?", by=bob)

    assert Proposal.objects.values_list("search_vector", "comments_vector").get() == (None, None)


def test_the_fallback_finds_words_in_titles_sections_and_readable_comments(als, bob, monkeypatch):
    """SQLite's fallback, run on either database: the same shape of answer as full-text
    search's, ordered proposals with a passage."""
    monkeypatch.setattr(search, "is_full_text", lambda: False)
    proposal = make_proposal(als, title="Circles", by=bob)
    write(proposal, "summary", "Weekly meetings in the town hall.", bob)
    comments.comment_add(proposal=proposal, section=None, body="Which hall?", by=bob)
    housing = LearningSetFactory(partner=als.partner, sub_theme=sub_theme(3))
    make_proposal(housing, title="Town hall housing desk", by=bob)
    every = Proposal.objects.all()

    matched = list(search.proposals_matching(proposals=every, text="hall", comments_of=every))
    search.passages(proposals=matched, text="hall", comments_of=every)
    in_comments = list(search.proposals_matching(proposals=every, text="which"))

    assert [p.title for p in matched] == ["Town hall housing desk", "Circles"]
    assert matched[1].passage == "Weekly meetings in the town <mark>hall</mark>."
    assert matched[0].passage is None
    assert in_comments == []  # without comments_of, comments are not searched
