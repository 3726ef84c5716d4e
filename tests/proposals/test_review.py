"""The management team's review list: every proposal past its draft, with filters."""

import datetime as dt
import re
from html import unescape

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from proposals.models import FundingSource, Proposal
from tests.factories import add_partners, sub_theme
from tests.pages import main_text
from tests.proposals.factories import make_proposal

S = Proposal.Status
URL = "/proposals/review/"
DAY = dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC)


def arrange(learning_set, title, status, *, hours=0, funding_source=FundingSource.ERDF):
    """A proposal as the workflow would have left it, last changed `hours` after DAY."""
    proposal = make_proposal(learning_set, title=title, funding_source=funding_source)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, updated_at=DAY + dt.timedelta(hours=hours)
    )
    return proposal


@pytest.fixture
def proposals(als, other_als, amadora_sets):
    """Proposals of Amadora and Komotini in every status, on two sub-themes and funds."""
    inclusion_set = amadora_sets[1]
    return [
        arrange(als, "Draft of Amadora", S.DRAFT, hours=9),
        arrange(als, "Mentoring start-ups", S.SUBMITTED, hours=1),
        arrange(als, "Micro-credit desk", S.IN_REVIEW, hours=2, funding_source=FundingSource.ESF),
        arrange(inclusion_set, "Language for work", S.CHANGES_REQUESTED, hours=3),
        arrange(other_als, "Komotini business hub", S.APPROVED, hours=4),
        arrange(other_als, "Komotini withdrawn idea", S.WITHDRAWN, hours=5),
    ]


def rows(response) -> list[str]:
    """The table's rows as they read: title | partner | sub-theme | fund | status | updated."""
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")] if "<tbody>" in html else ""
    return [
        " | ".join(" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells)
        for cells in (re.findall(r"<td>(.*?)</td>", row, re.S) for row in body.split("<tr>")[1:])
    ]


def titles(response) -> list[str]:
    return [row.split(" | ")[0] for row in rows(response)]


class TestWhoMaySeeIt:
    def test_the_team_sees_every_proposal_past_its_draft_latest_change_first(
        self, login, dora, proposals
    ):
        response = login(dora).get(URL)

        assert response.status_code == 200
        assert rows(response) == [
            "Komotini withdrawn idea | Komotini | Enterprise support and development | "
            "ERDF (European Regional Development Fund) | Withdrawn | 4 Mar 2030, 15:00",
            "Komotini business hub | Komotini | Enterprise support and development | "
            "ERDF (European Regional Development Fund) | Approved | 4 Mar 2030, 14:00",
            "Language for work | Amadora | Active inclusion measures for labour market access | "
            "ERDF (European Regional Development Fund) | Changes requested | 4 Mar 2030, 13:00",
            "Micro-credit desk | Amadora | Enterprise support and development | "
            "ESF (European Social Fund) | In review | 4 Mar 2030, 12:00",
            "Mentoring start-ups | Amadora | Enterprise support and development | "
            "ERDF (European Regional Development Fund) | Submitted | 4 Mar 2030, 11:00",
        ]
        assertContains(response, "5 proposals")
        assertContains(response, f'<a href="/proposals/{proposals[1].pk}/">Mentoring start-ups</a>')

    def test_a_public_proposal_is_marked(self, login, dora, proposals):
        Proposal.objects.filter(pk=proposals[4].pk).update(is_public=True)

        response = login(dora).get(URL)

        assert rows(response)[1].endswith("| Approved Public | 4 Mar 2030, 14:00")

    def test_nothing_submitted_yet_says_so(self, login, dora, proposal):
        response = login(dora).get(URL)

        assert rows(response) == []
        assertContains(response, "No submitted proposal matches these filters.")

    @pytest.mark.parametrize("role", ["alice", "bob", "charlie", "staff_without_permissions"])
    def test_it_is_not_found_for_anybody_else(self, as_role, role, proposals):
        response = as_role(role).get(URL)

        assert response.status_code == 404
        assertNotContains(response, "Mentoring start-ups", status_code=404)

    def test_an_anonymous_visitor_is_asked_to_log_in(self, client, proposals):
        response = client.get(URL)

        assert (response.status_code, response["Location"]) == (
            302,
            "/accounts/login/?next=/proposals/review/",
        )

    def test_it_rejects_post(self, login, dora):
        response = login(dora).post(URL)

        assert response.status_code == 405

    def test_the_team_finds_it_on_the_dashboard(self, login, dora):
        response = login(dora).get("/my/")

        assertContains(
            response,
            '<a class="btn btn-outline-primary" href="/proposals/review/">Review proposals</a>',
        )

    @pytest.mark.parametrize("role", ["alice", "bob"])
    def test_others_do_not(self, as_role, role, db):
        response = as_role(role).get("/my/")

        assertNotContains(response, "Review proposals")


class TestFilters:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            (
                "sub_theme=enterprise-support-and-development",
                [
                    "Komotini withdrawn idea",
                    "Komotini business hub",
                    "Micro-credit desk",
                    "Mentoring start-ups",
                ],
            ),
            ("partner=amadora", ["Language for work", "Micro-credit desk", "Mentoring start-ups"]),
            ("funding_source=esf", ["Micro-credit desk"]),
            ("status=approved", ["Komotini business hub"]),
            ("status=changes_requested", ["Language for work"]),
            ("partner=amadora&sub_theme=enterprise-support-and-development&status=submitted",
             ["Mentoring start-ups"]),
            ("partner=komotini&funding_source=esf", []),
        ],
    )  # fmt: skip
    def test_each_filter_narrows_the_list(self, login, dora, proposals, query, expected):
        response = login(dora).get(f"{URL}?{query}")

        assert titles(response) == expected

    def test_the_chosen_filters_stay_chosen(self, login, dora, proposals):
        response = login(dora).get(f"{URL}?partner=amadora&status=in_review")

        assertContains(response, '<option value="amadora" selected>Amadora</option>', html=True)
        assertContains(response, '<option value="in_review" selected>In review</option>', html=True)

    def test_drafts_cannot_be_filtered_in(self, login, dora, proposals):
        response = login(dora).get(f"{URL}?status=draft")

        assert "Draft of Amadora" not in titles(response)
        assert len(titles(response)) == 5
        assertNotContains(response, '<option value="draft"')

    @pytest.mark.parametrize(
        "query",
        [
            "sub_theme=nope",
            "partner=999999999999999999999999",
            "funding_source=<script>",
            "status=approved%27--",
            "page=abc",
            "page=-1",
            "page=99999999999999999999",
            "sub_theme[]=1&partner=&status=",
        ],
    )
    def test_a_bad_value_is_ignored(self, login, dora, proposals, query):
        response = login(dora).get(f"{URL}?{query}")

        assert response.status_code == 200
        assert len(titles(response)) == 5

    def test_a_nul_is_refused_like_on_every_page(self, login, dora, proposals):
        response = login(dora).get(f"{URL}?partner=%00")

        assert (response.status_code, main_text(response)) == (
            400,
            "Request refused The address contains a character that is not allowed (NUL). "
            "Go to the home page",
        )

    def test_a_bad_value_leaves_the_good_ones_working(self, login, dora, proposals):
        response = login(dora).get(f"{URL}?partner=atlantis&funding_source=esf")

        assert titles(response) == ["Micro-credit desk"]


class TestPages:
    @pytest.fixture
    def thirty(self, als):
        return [arrange(als, f"Proposal {n:02}", S.SUBMITTED, hours=n) for n in range(30)]

    def test_it_shows_25_a_page(self, login, dora, thirty):
        client = login(dora)

        first, second = client.get(URL), client.get(f"{URL}?page=2")

        assert titles(first) == [f"Proposal {n:02}" for n in range(29, 4, -1)]
        assert titles(second) == [f"Proposal {n:02}" for n in range(4, -1, -1)]
        assertContains(first, "Page 1 of 2")

    def test_the_next_page_keeps_the_filters(self, login, dora, thirty):
        response = login(dora).get(f"{URL}?partner=amadora&status=submitted")

        assertContains(
            response, 'href="?partner=amadora&amp;status=submitted&amp;page=2">Older</a>'
        )

    @pytest.mark.parametrize(
        ("query", "shown_after"),
        [("", 25), ("?sub_theme=active-inclusion-measures-for-labour-market-access", 25)],
    )
    def test_its_queries_do_not_grow_from_5_to_30_proposals(
        self, login, dora, count_queries, django_assert_num_queries, query, shown_after
    ):
        client = login(dora)
        cities = add_partners(6)
        for n, city in enumerate(cities[:5]):
            arrange(city.learning_sets.get(sub_theme=sub_theme(2)), "Early", S.SUBMITTED, hours=n)
        small = count_queries(f"{URL}{query}")
        for n in range(25):
            city = cities[n % 6]
            learning_set = city.learning_sets.get(sub_theme=sub_theme(2))
            arrange(learning_set, f"Later {n}", S.IN_REVIEW, hours=10 + n)

        with django_assert_num_queries(small):
            response = client.get(f"{URL}{query}")

        assert (len(titles(response)), Proposal.objects.count()) == (shown_after, 30)
