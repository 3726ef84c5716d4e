"""The management team's admin for proposals and comments: read-only, the steps through the
workflow service."""

import datetime as dt
from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from outbox.models import Email
from proposals.models import BudgetLine, Comment, Proposal, Transition
from tests.factories import UserFactory, add_partners
from tests.proposals.factories import make_proposal

S = Proposal.Status
CHANGELIST = "/admin/proposals/proposal/"
COMMENTS = "/admin/proposals/comment/"


def put(proposal: Proposal, status: str, *, public: bool = False) -> Proposal:
    Proposal.objects.filter(pk=proposal.pk).update(status=status, is_public=public)
    proposal.refresh_from_db()
    return proposal


def change_url(proposal) -> str:
    return f"{CHANGELIST}{proposal.pk}/change/"


def shown(response) -> list[tuple[str, str]]:
    """The messages on the page the action led to."""
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


@pytest.fixture
def reviewed(proposal, other_als, dora):
    """The draft of Amadora in review with a budget line and a step; Komotini's submitted."""
    put(proposal, S.IN_REVIEW)
    BudgetLine.objects.create(
        proposal=proposal, category="staff", description="Mentor", amount=Decimal("1200.50")
    )
    Transition.objects.create(
        proposal=proposal,
        from_status=S.SUBMITTED,
        to_status=S.IN_REVIEW,
        by=dora,
        at=dt.datetime(2030, 3, 4, 9, 0, tzinfo=dt.UTC),
    )
    komotini = put(make_proposal(other_als, title="Komotini business hub"), S.SUBMITTED)
    return proposal, komotini


@pytest.fixture
def staff_without_permissions(db):
    return UserFactory(email="intern@mile.example", is_staff=True)


class TestProposalList:
    def test_the_team_sees_every_proposal_with_its_facts(self, login, dora, reviewed):
        response = login(dora).get(CHANGELIST)

        changelist = response.context["cl"]
        assert changelist.result_count == 2
        assert [spec.title for spec in changelist.filter_specs] == [
            "status",
            "funding source",
            "sub theme",
            "partner",
        ]
        assertContains(response, '<td class="field-partner">Komotini</td>', html=True)
        assertContains(
            response,
            '<td class="field-learning_set_name">ALS Komotini — Enterprise support and development'
            "</td>",
            html=True,
        )
        assertContains(response, '<td class="field-status">In review</td>', html=True)

    @pytest.mark.parametrize(
        ("query", "titles"),
        [
            ("status__exact=submitted", ["Komotini business hub"]),
            ("q=Komotini", ["Komotini business hub"]),
            ("q=start-up", ["Start-up support for migrant entrepreneurs"]),
        ],
    )
    def test_it_filters_and_searches(self, login, dora, reviewed, query, titles):
        response = login(dora).get(f"{CHANGELIST}?{query}")

        assert [p.title for p in response.context["cl"].result_list] == titles

    def test_its_queries_do_not_grow_with_the_proposals(
        self, login, dora, reviewed, count_queries, django_assert_num_queries
    ):
        client = login(dora)
        small = count_queries(CHANGELIST)
        for city in add_partners(10):
            for learning_set in city.learning_sets.all():
                make_proposal(learning_set)

        with django_assert_num_queries(small):
            response = client.get(CHANGELIST)

        assert response.context["cl"].result_count == 32

    def test_a_proposal_is_not_added_in_the_admin(self, login, dora, db):
        assert login(dora).get(f"{CHANGELIST}add/").status_code == 403


class TestProposalPage:
    def test_it_shows_the_proposal_read_only_but_for_its_language_and_extension(
        self, login, dora, reviewed
    ):
        proposal, _ = reviewed

        response = login(dora).get(change_url(proposal))

        assert response.status_code == 200
        form_fields = set(response.context["adminform"].form.fields)
        assert form_fields == {"language", "deadline_extended_to"}
        assertNotContains(response, 'name="status"')
        assertContains(response, 'name="_save"')
        assertContains(
            response,
            '<div class="readonly">ALS Amadora — Enterprise support and development</div>',
            html=True,
        )
        assertContains(response, "Sections (written on the site)")
        assertContains(response, "0 / 1500")
        assertContains(
            response, f'<a href="/proposals/{proposal.pk}/#section-summary">Read the section</a>'
        )
        assertContains(response, "Mentor")
        assertContains(response, "<p>€1,200.50</p>", html=True)
        assertContains(response, "Workflow history")
        assertContains(
            response, f'<a href="/proposals/{proposal.pk}/#workflow">Open the proposal</a>'
        )

    def test_its_status_cannot_be_changed_by_posting(self, login, dora, reviewed):
        proposal, _ = reviewed

        login(dora).post(
            change_url(proposal),
            {"status": S.APPROVED, "is_public": "on", "title": "Renamed", "_save": "Save"},
        )

        proposal.refresh_from_db()
        assert (proposal.status, proposal.is_public, proposal.title) == (
            S.IN_REVIEW,
            False,
            "Start-up support for migrant entrepreneurs",
        )
        assert Transition.objects.count() == 1


class TestActions:
    def act(self, client, action, proposals):
        return client.post(
            CHANGELIST,
            {"action": action, "_selected_action": [p.pk for p in proposals]},
            follow=True,
        )

    def test_approving_goes_through_the_workflow_and_says_what_it_refused(
        self, login, dora, bob, reviewed
    ):
        proposal, komotini = reviewed

        response = self.act(login(dora), "approve", [proposal, komotini])

        assert shown(response) == [
            ("success", "1 proposal approved."),
            (
                "warning",
                "1 not changed. Komotini business hub: This proposal is submitted: it can't be "
                "approved.",
            ),
        ]
        steps = Transition.objects.order_by("pk").values_list("proposal", "to_status", "by")
        assert list(steps) == [
            (proposal.pk, S.IN_REVIEW, dora.pk),
            (proposal.pk, S.APPROVED, dora.pk),
        ]
        assert list(Email.objects.values_list("kind", "to")) == [
            ("proposal_approved", "bob@amadora.example")
        ]

    def test_starting_the_review(self, login, dora, reviewed):
        _, komotini = reviewed

        response = self.act(login(dora), "start_review", [komotini])

        komotini.refresh_from_db()
        assert (komotini.status, shown(response)) == (
            S.IN_REVIEW,
            [("success", "1 proposal taken into review.")],
        )

    def test_making_public_and_taking_back(self, login, dora, reviewed):
        proposal, _ = reviewed
        put(proposal, S.APPROVED)
        client = login(dora)

        published = shown(self.act(client, "publish", [proposal]))
        proposal.refresh_from_db()
        public = proposal.is_public
        taken_back = shown(self.act(client, "unpublish", [proposal]))
        proposal.refresh_from_db()

        assert (published, public, taken_back, proposal.is_public) == (
            [("success", "1 proposal made public.")],
            True,
            [("success", "1 proposal taken out of the library.")],
            False,
        )

    def test_there_is_no_action_that_sets_a_status_directly(self, login, dora, reviewed):
        response = login(dora).get(CHANGELIST)

        assert [name for name, _ in response.context["action_form"].fields["action"].choices] == [
            "",
            "delete_selected",
            "start_review",
            "approve",
            "publish",
            "unpublish",
        ]


class TestComments:
    @pytest.fixture
    def comments(self, reviewed, bob, dora):
        proposal, _ = reviewed
        summary = proposal.sections.get(key="summary")
        open_one = Comment.objects.create(
            proposal=proposal, section=summary, author=dora, body="Shorter, please."
        )
        resolved = Comment.objects.create(
            proposal=proposal,
            author=bob,
            body="Done.",
            resolved_at=dt.datetime(2030, 3, 5, tzinfo=dt.UTC),
        )
        return open_one, resolved

    @pytest.mark.parametrize(
        ("query", "bodies"),
        [("", ["Shorter, please.", "Done."]), ("?state=open", ["Shorter, please."])],
    )
    def test_the_team_reads_the_comments(self, login, dora, comments, query, bodies):
        response = login(dora).get(f"{COMMENTS}{query}")

        assert sorted(c.body for c in response.context["cl"].result_list) == sorted(bodies)

    def test_the_list_shows_the_section_by_its_title(self, login, dora, comments):
        response = login(dora).get(f"{COMMENTS}?state=open")

        assertContains(response, '<td class="field-section nowrap">Summary</td>', html=True)

    def test_a_comment_is_read_only(self, login, dora, comments):
        open_one, _ = comments
        client = login(dora)

        page = client.get(f"{COMMENTS}{open_one.pk}/change/")
        client.post(f"{COMMENTS}{open_one.pk}/change/", {"body": "Changed."})

        open_one.refresh_from_db()
        assert (page.status_code, open_one.body) == (200, "Shorter, please.")
        assertNotContains(page, 'name="_save"')
        assert client.get(f"{COMMENTS}add/").status_code == 403
        assert client.get(f"{COMMENTS}{open_one.pk}/delete/").status_code == 403


class TestAccess:
    @pytest.mark.parametrize(
        "url", [CHANGELIST, COMMENTS, "/admin/proposals/proposal/{pk}/change/"]
    )
    def test_staff_without_permissions_are_forbidden(
        self, login, staff_without_permissions, reviewed, url
    ):
        proposal, _ = reviewed

        response = login(staff_without_permissions).get(url.format(pk=proposal.pk))

        assert response.status_code == 403

    def test_staff_without_permissions_cannot_take_a_step(
        self, login, staff_without_permissions, reviewed
    ):
        proposal, _ = reviewed

        response = login(staff_without_permissions).post(
            CHANGELIST, {"action": "approve", "_selected_action": [proposal.pk]}
        )

        proposal.refresh_from_db()
        assert (response.status_code, proposal.status) == (403, S.IN_REVIEW)

    @pytest.mark.parametrize("role", ["bob", "alice", "charlie"])
    def test_others_are_sent_to_the_admin_login(self, as_role, role, reviewed):
        response = as_role(role).get(CHANGELIST)

        assert (response.status_code, response["Location"]) == (
            302,
            f"/admin/login/?next={CHANGELIST}",
        )
