"""A proposal's scores page: the rounds with their scores and totals, who sees what, and a
reviewer's score sheet with its bad input."""

import pytest
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains, assertNotContains

from learningsets.models import CommonBasicPrinciple
from proposals import scoring, workflow
from proposals.models import Score, ScoreSheet
from tests.factories import MemberFactory, UserFactory


@pytest.fixture
def reviewer(team_group):
    user = UserFactory(email="eva@mile.example", first_name="Eva", last_name="Lopes", is_staff=True)
    user.groups.add(team_group)
    return user


def take(proposal, action, by):
    note = "Please change it." if action == "request_changes" else ""
    workflow.proposal_transition(proposal=proposal, action=action, by=by, note=note)


@pytest.fixture
def in_review(proposal, bob, dora):
    proposal.sections.update(text="Written.")
    proposal.principles.add(CommonBasicPrinciple.objects.get(number=1))
    take(proposal, "submit", bob)
    take(proposal, "start_review", dora)
    return proposal


def url(proposal) -> str:
    return f"/proposals/{proposal.pk}/scores/"


def criteria(proposal):
    return list(proposal.review_rounds.get(number=1).rubric_version.criteria.all())


def posted(proposal, values, notes=None, round_number=1) -> dict:
    data = {"round": str(round_number)}
    for n, (criterion, value) in enumerate(zip(criteria(proposal), values, strict=True)):
        data[f"score-{criterion.pk}"] = str(value)
        data[f"note-{criterion.pk}"] = (notes or {}).get(n, "")
    return data


def scored(proposal, by, values):
    review_round = proposal.review_rounds.order_by("-number").first()
    scores = {c.pk: scoring.ScoreInput(v) for c, v in zip(criteria(proposal), values, strict=True)}
    scoring.score_sheet_save(review_round=review_round, by=by, scores=scores)


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


class TestScoring:
    def test_a_reviewer_scores_the_proposal_on_its_page(self, login, in_review, dora):
        response = login(dora).post(
            url(in_review), posted(in_review, [5, 4, 3, 2, 1], {0: "Clear."})
        )

        assert (response.status_code, response["Location"]) == (302, url(in_review))
        assert shown(response) == [
            "Your scores are saved. You may change them until this round ends."
        ]
        assert list(Score.objects.values_list("value", "note")) == [
            (5, "Clear."), (4, ""), (3, ""), (2, ""), (1, "")
        ]  # fmt: skip

    def test_the_form_shows_the_reviewers_scores_to_change(self, login, in_review, dora):
        scored(in_review, dora, [5, 4, 3, 2, 1])

        response = login(dora).get(url(in_review))

        first = criteria(in_review)[0]
        assertContains(response, "Your scores in round 1")
        assertContains(response, f'name="score-{first.pk}" value="5"')
        assertContains(response, '<input type="hidden" name="round" value="1">', html=True)

    def test_the_team_sees_the_round_its_totals_and_the_formula(self, login, in_review, dora,
                                                                reviewer):  # fmt: skip
        scored(in_review, dora, [5, 4, 3, 2, 1])
        scored(in_review, reviewer, [4, 4, 4, 4, 4])

        response = login(reviewer).get(url(in_review))

        assertContains(response, "A reviewer's total is out of 100")
        assertContains(response, '<th scope="col" class="text-end">Eva Lopes</th>', html=True)
        assertContains(response, '<td class="text-end fw-bold">63.0</td>', html=True)
        assertContains(response, '<td class="text-end fw-bold">80.0</td>', html=True)
        assertContains(response, '<td class="text-end fw-bold" data-testid="round-total">71.5</td>',
                       html=True)  # fmt: skip

    def test_numbers_are_written_in_the_readers_language(self, client, in_review, dora,
                                                         reviewer):  # fmt: skip
        scored(in_review, dora, [5, 4, 3, 2, 1])
        scored(in_review, reviewer, [4, 4, 4, 4, 5])
        client.force_login(dora)

        response = client.get(url(in_review), HTTP_ACCEPT_LANGUAGE="pt-pt")

        assertContains(response, 'data-testid="round-total">73,5</td>')
        assertContains(response, '<td class="text-end">4,5</td>', html=True)


class TestBadInput:
    @pytest.mark.parametrize(
        ("values", "field", "message"),
        [
            ([6, 4, 3, 2, 1], 0, "A score of “Relevance to the sub-theme” is from 0 to 5."),
            ([5, -1, 3, 2, 1], 1, "A score of “Partnership and local ownership” is from 0 to 5."),
            ([5, 4, "", 2, 1], 2, "Give “Feasibility” a score."),
            ([5, 4, 3, "many", 1], 3, "A score is a whole number."),
        ],
    )
    def test_a_bad_score_is_shown_beside_its_field_and_nothing_is_stored(
        self, login, in_review, dora, values, field, message
    ):
        response = login(dora).post(url(in_review), posted(in_review, values))

        assert response.status_code == 200
        assert response.context["form"].errors == {
            f"score-{criteria(in_review)[field].pk}": [message]
        }
        assertContains(response, "Your scores were not saved: correct what is marked below.")
        assert not ScoreSheet.objects.exists()

    def test_a_missing_criterion_is_named(self, login, in_review, dora):
        data = posted(in_review, [5, 4, 3, 2, 1])
        missing = criteria(in_review)[4]
        del data[f"score-{missing.pk}"]

        response = login(dora).post(url(in_review), data)

        assert response.context["form"].errors == {
            f"score-{missing.pk}": ["Give “Sustainability” a score."]
        }
        assert not ScoreSheet.objects.exists()

    def test_a_note_over_the_cap_is_shown_beside_it(self, login, in_review, dora):
        response = login(dora).post(
            url(in_review), posted(in_review, [5, 4, 3, 2, 1], {1: "x" * 100_001})
        )

        assert response.context["form"].errors == {
            f"note-{criteria(in_review)[1].pk}": [
                "A note can be at most 100,000 characters long; this one has 100,001."
            ]
        }
        assertContains(response, "x" * 100_001)  # what they typed stays
        assert not ScoreSheet.objects.exists()

    def test_a_score_posted_after_the_round_ended_is_refused(self, login, in_review, dora):
        form = posted(in_review, [5, 4, 3, 2, 1])
        take(in_review, "request_changes", dora)

        response = login(dora).post(url(in_review), form)

        assert (response.status_code, response["Location"]) == (302, url(in_review))
        assert shown(response) == [
            "This round of the review has ended: its scores can no longer be changed."
        ]
        assert not ScoreSheet.objects.exists()

    def test_a_sheet_loaded_in_round_one_is_not_stored_in_round_two(
        self, login, in_review, bob, dora, reviewer
    ):
        form = posted(in_review, [5, 4, 3, 2, 1])
        take(in_review, "request_changes", dora)
        take(in_review, "submit", bob)
        take(in_review, "start_review", reviewer)

        response = login(dora).post(url(in_review), form)

        assert shown(response) == [
            "This round of the review has ended: its scores can no longer be changed."
        ]
        assert not ScoreSheet.objects.exists()

    @pytest.mark.parametrize("round_number", ["", "x", "99", "9" * 30])
    def test_a_round_that_is_not_there_is_refused(self, login, in_review, dora, round_number):
        response = login(dora).post(url(in_review), {"round": round_number})

        assert shown(response) == ["This proposal is not in review: there is no round to score."]
        assert not ScoreSheet.objects.exists()


class TestWhoMay:
    @pytest.mark.parametrize("role", ["bob", "alice"])
    def test_an_author_sees_no_form_and_posts_nothing(self, login, in_review, role, request):
        user = request.getfixturevalue(role)

        page = login(user).get(url(in_review))
        response = login(user).post(url(in_review), posted(in_review, [5, 5, 5, 5, 5]))

        assert page.context["form"] is None
        assertContains(page, "No round of the review has ended yet")
        assert shown(response) == [
            "Only the reviewers of the MILE management team score proposals."
        ]
        assert not ScoreSheet.objects.exists()

    def test_an_author_on_the_team_is_told_why_they_do_not_score(self, login, in_review, dora,
                                                                 als):  # fmt: skip
        MemberFactory(learning_set=als, email=dora.email, user=dora)

        response = login(dora).get(url(in_review))

        assert response.context["form"] is None
        assertContains(
            response,
            "You are one of this proposal&#x27;s authors: another member of the MILE management "
            "team scores it.",
        )

    @pytest.mark.parametrize("role", ["charlie", "staff_without_permissions"])
    def test_nobody_else_learns_the_page_exists(self, as_role, in_review, role):
        assert as_role(role).get(url(in_review)).status_code == 404

    def test_a_visitor_is_asked_to_log_in(self, client, in_review):
        response = client.get(url(in_review))

        assert response["Location"] == f"/accounts/login/?next={url(in_review)}"

    def test_the_authors_see_the_scores_once_the_round_ends_without_names(
        self, login, in_review, bob, dora
    ):
        scored(in_review, dora, [5, 4, 3, 2, 1])
        take(in_review, "request_changes", dora)

        response = login(bob).get(url(in_review))

        assertContains(response, '<th scope="col" class="text-end">Reviewer 1</th>', html=True)
        assertNotContains(response, "dora@mile.example")
        assertContains(response, 'data-testid="round-total">63.0</td>')

    def test_the_authors_see_the_names_when_the_setting_says(
        self, login, in_review, bob, dora, settings
    ):
        settings.REVIEWERS_NAMED_TO_AUTHORS = True
        scored(in_review, dora, [5, 4, 3, 2, 1])
        take(in_review, "approve", dora)

        response = login(bob).get(url(in_review))

        assertContains(
            response, '<th scope="col" class="text-end">dora@mile.example</th>', html=True
        )

    def test_the_proposal_page_links_to_the_scores(self, login, in_review, bob):
        response = login(bob).get(f"/proposals/{in_review.pk}/")

        assertContains(response, f'<a href="{url(in_review)}">Review scores</a>', html=True)
