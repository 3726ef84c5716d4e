"""Scoring: the rubrics in versions, the review rounds that open and end with the workflow's
steps, the reviewers' score sheets and their weighted totals."""

import datetime as dt
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db.models import Max

from learningsets.models import CommonBasicPrinciple
from proposals import scoring, workflow
from proposals.models import (
    Criterion,
    Proposal,
    ReviewRound,
    RubricVersion,
    Score,
    ScoreSheet,
    Transition,
)
from tests.factories import MemberFactory, UserFactory

S = Proposal.Status
SEEDED = [
    ("Relevance to the sub-theme", Decimal("25"), 0, 5),
    ("Partnership and local ownership", Decimal("20"), 0, 5),
    ("Feasibility", Decimal("20"), 0, 5),
    ("Budget", Decimal("15"), 0, 5),
    ("Sustainability", Decimal("20"), 0, 5),
]


@pytest.fixture
def reviewer(team_group):
    """A second member of the team (dora is the first)."""
    user = UserFactory(email="eva@mile.example", first_name="Eva", last_name="Lopes", is_staff=True)
    user.groups.add(team_group)
    return user


@pytest.fixture
def ready(proposal):
    proposal.sections.update(text="Written.")
    proposal.principles.add(CommonBasicPrinciple.objects.get(number=1))
    return proposal


def take(proposal, action, by):
    note = "Please change it." if action == "request_changes" else ""
    return workflow.proposal_transition(proposal=proposal, action=action, by=by, note=note)


@pytest.fixture
def in_review(ready, bob, dora):
    take(ready, "submit", bob)
    take(ready, "start_review", dora)
    return ready


def criteria_of(review_round) -> list[Criterion]:
    return list(review_round.rubric_version.criteria.all())


def sheet(review_round, by, values: list[int], notes=None) -> ScoreSheet:
    notes = notes or [""] * len(values)
    scores = {
        criterion.pk: scoring.ScoreInput(value, note)
        for criterion, value, note in zip(criteria_of(review_round), values, notes, strict=True)
    }
    return scoring.score_sheet_save(review_round=review_round, by=by, scores=scores)


def refusal(review_round, by, values) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        sheet(review_round, by, values)
    return refused.value.messages


def shown_totals(proposal, user) -> list[tuple[int, list[str], Decimal | None]]:
    """(round, [reviewer: total], the round's total) as the scores page has them."""
    return [
        (
            shown.round.number,
            [f"{each.reviewer}: {each.total:.1f}" for each in shown.sheets],
            shown.total,
        )
        for shown in scoring.rounds_shown(proposal=proposal, user=user)
    ]


class TestTheSeededRubrics:
    def test_every_funding_source_has_a_first_version_with_five_criteria(self, db):
        versions = RubricVersion.objects.order_by("funding_source")

        assert [(v.funding_source, v.number) for v in versions] == [
            ("erdf", 1),
            ("esf", 1),
            ("national", 1),
            ("other", 1),
            ("other_eu", 1),
        ]
        for version in versions:
            criteria = version.criteria.all()
            assert [(c.name, c.weight, c.scale_min, c.scale_max) for c in criteria] == SEEDED

    def test_the_criteria_are_named_in_the_five_languages(self, db):
        budget = Criterion.objects.filter(version__funding_source="erdf").get(name_en_gb="Budget")

        assert (
            budget.name_pt_pt,
            budget.name_el,
            budget.name_es,
            budget.name_it,
        ) == ("Orçamento", "Προϋπολογισμός", "Presupuesto", "Budget")

    def test_the_migration_opens_round_one_of_a_proposal_in_review(self, proposal, dora):
        started = dt.datetime(2008, 2, 27, 10, 0, tzinfo=dt.UTC)
        Proposal.objects.filter(pk=proposal.pk).update(status=S.IN_REVIEW)
        Transition.objects.create(proposal=proposal, from_status=S.SUBMITTED,
                                  to_status=S.IN_REVIEW, by=dora, at=started)  # fmt: skip

        import_module("proposals.migrations.0008_scoring").open_the_rounds_under_way(apps, None)

        review_round = proposal.review_rounds.get()
        assert (review_round.number, review_round.opened_at, review_round.is_open) == (
            1, started, True,
        )  # fmt: skip
        assert review_round.rubric_version == RubricVersion.objects.get(funding_source="erdf")


class TestVersions:
    def test_a_new_version_comes_after_the_newest(self, dora):
        version = scoring.rubric_version_create(
            funding_source="erdf",
            criteria=[{"name_en_gb": "Impact", "weight": Decimal("1"), "scale_min": 1,
                       "scale_max": 10}],
            by=dora,
        )  # fmt: skip

        assert (version.number, version.created_by) == (2, dora)
        assert [(c.position, c.name, c.scale_max) for c in version.criteria.all()] == [
            (1, "Impact", 10)
        ]
        assert scoring.rubric_current("erdf") == version

    @pytest.mark.parametrize(
        ("criteria", "message"),
        [
            ([], "A rubric needs at least one criterion."),
            ([{"name_en_gb": "", "weight": 1, "scale_min": 0, "scale_max": 5}],
             "A criterion needs a name."),
            ([{"name_en_gb": "Impact", "weight": 0, "scale_min": 0, "scale_max": 5}],
             "A weight must be greater than 0."),
            ([{"name_en_gb": "Impact", "weight": -2, "scale_min": 0, "scale_max": 5}],
             "A weight must be greater than 0."),
            ([{"name_en_gb": "Impact", "weight": 1, "scale_min": 5, "scale_max": 1}],
             "The highest score must be above the lowest."),
            ([{"name_en_gb": "Impact", "weight": 1, "scale_min": 3, "scale_max": 3}],
             "The highest score must be above the lowest."),
        ],
    )  # fmt: skip
    def test_a_bad_rubric_is_refused_and_nothing_is_stored(self, dora, criteria, message):
        with pytest.raises(ValidationError) as refused:
            scoring.rubric_version_create(funding_source="esf", criteria=criteria, by=dora)

        assert refused.value.messages == [message]
        assert RubricVersion.objects.count() == 5
        assert Criterion.objects.count() == 25

    def test_changing_a_weight_leaves_a_past_total_as_it_was(self, in_review, dora):
        first = in_review.review_rounds.get()
        sheet(first, dora, [5, 5, 5, 0, 0])  # 25 + 20 + 20 of 100
        before = shown_totals(in_review, dora)
        weights = [Decimal("1"), Decimal("1"), Decimal("1"), Decimal("1"), Decimal("96")]
        scoring.rubric_version_create(
            funding_source="erdf",
            criteria=[
                {"name_en_gb": c.name, "weight": weight, "scale_min": 0, "scale_max": 5}
                for c, weight in zip(criteria_of(first), weights, strict=True)
            ],
            by=dora,
        )

        assert before == [(1, ["dora@mile.example: 65.0"], Decimal("65"))]
        assert shown_totals(in_review, dora) == before
        assert ReviewRound.objects.get().rubric_version.number == 1


class TestRounds:
    def test_starting_the_review_opens_round_one_with_the_current_rubric(self, in_review):
        [review_round] = in_review.review_rounds.all()

        assert (review_round.number, review_round.is_open, review_round.outcome) == (1, True, "")
        assert review_round.rubric_version == scoring.rubric_current("erdf")

    @pytest.mark.parametrize(
        ("action", "by", "outcome"),
        [
            ("request_changes", "dora", S.CHANGES_REQUESTED),
            ("approve", "dora", S.APPROVED),
            ("withdraw", "bob", S.WITHDRAWN),
        ],
    )
    def test_the_round_ends_when_the_proposal_leaves_review(
        self, in_review, action, by, outcome, request
    ):
        take(in_review, action, request.getfixturevalue(by))

        review_round = in_review.review_rounds.get()
        assert (review_round.is_open, review_round.outcome) == (False, outcome)
        assert review_round.ended_at == in_review.transitions.last().at

    def test_a_resubmission_reviewed_again_is_round_two(self, in_review, bob, dora, reviewer):
        first = in_review.review_rounds.get()
        sheet(first, dora, [4, 4, 4, 4, 4])
        take(in_review, "request_changes", dora)
        take(in_review, "submit", bob)
        take(in_review, "start_review", reviewer)
        second = in_review.review_rounds.get(number=2)
        sheet(second, dora, [5, 5, 5, 5, 5])
        sheet(second, reviewer, [3, 3, 3, 3, 3])

        assert shown_totals(in_review, dora) == [
            (2, ["dora@mile.example: 100.0", "Eva Lopes: 60.0"], Decimal("80")),
            (1, ["dora@mile.example: 80.0"], Decimal("80")),
        ]
        assert ReviewRound.objects.filter(ended_at__isnull=True).get() == second

    def test_changes_requested_before_the_review_started_open_no_round(self, ready, bob, dora):
        take(ready, "submit", bob)
        take(ready, "request_changes", dora)

        assert not ready.review_rounds.exists()

    def test_making_an_approved_proposal_public_opens_no_round(self, in_review, dora):
        take(in_review, "approve", dora)
        take(in_review, "publish", dora)

        assert in_review.review_rounds.aggregate(Max("number")) == {"number__max": 1}


class TestScoreSheets:
    def test_a_reviewer_scores_every_criterion_with_a_note(self, in_review, dora):
        review_round = in_review.review_rounds.get()

        sheet(review_round, dora, [5, 4, 3, 2, 1], notes=["Clear.", "", "", "", " Thin. "])

        assert list(Score.objects.values_list("criterion__name", "value", "note")) == [
            ("Relevance to the sub-theme", 5, "Clear."),
            ("Partnership and local ownership", 4, ""),
            ("Feasibility", 3, ""),
            ("Budget", 2, ""),
            ("Sustainability", 1, "Thin."),
        ]

    def test_the_total_is_weighted_and_out_of_100(self, in_review, dora):
        sheet(in_review.review_rounds.get(), dora, [5, 4, 3, 2, 1])

        # 100 × (25×5/5 + 20×4/5 + 20×3/5 + 15×2/5 + 20×1/5) / 100
        assert shown_totals(in_review, dora) == [(1, ["dora@mile.example: 63.0"], Decimal("63"))]

    def test_a_reviewer_changes_their_scores_until_the_round_ends(self, in_review, dora):
        review_round = in_review.review_rounds.get()
        first = sheet(review_round, dora, [1, 1, 1, 1, 1])

        again = sheet(review_round, dora, [5, 5, 5, 5, 5])

        assert again.pk == first.pk
        assert list(Score.objects.values_list("value", flat=True)) == [5, 5, 5, 5, 5]

    def test_a_score_on_a_round_that_ended_is_refused(self, in_review, dora):
        review_round = in_review.review_rounds.get()
        sheet(review_round, dora, [1, 1, 1, 1, 1])
        take(in_review, "approve", dora)

        assert refusal(review_round, dora, [5, 5, 5, 5, 5]) == [
            "This round of the review has ended: its scores can no longer be changed."
        ]
        assert list(Score.objects.values_list("value", flat=True)) == [1, 1, 1, 1, 1]

    @pytest.mark.parametrize("role", ["bob", "alice", "charlie", "staff_without_permissions"])
    def test_only_the_teams_reviewers_score(self, in_review, role, request):
        assert refusal(in_review.review_rounds.get(), request.getfixturevalue(role),
                       [5, 5, 5, 5, 5]) == [
            "Only the reviewers of the MILE management team score proposals."
        ]  # fmt: skip
        assert not ScoreSheet.objects.exists()

    def test_an_author_on_the_team_never_scores_their_own_proposal(self, in_review, dora, als):
        MemberFactory(learning_set=als, email=dora.email, user=dora)
        dora = type(dora).objects.get(pk=dora.pk)  # who is an author is cached on the user

        assert refusal(in_review.review_rounds.get(), dora, [5, 5, 5, 5, 5]) == [
            "You are one of this proposal's authors: another member of the MILE management team "
            "scores it."
        ]
        assert not ScoreSheet.objects.exists()

    def test_the_permission_to_score_is_what_makes_a_scorer(self, in_review, dora, team_group):
        team_group.permissions.remove(Permission.objects.get(codename="score_proposal"))
        dora = type(dora).objects.get(pk=dora.pk)  # the permissions are cached on the user

        assert refusal(in_review.review_rounds.get(), dora, [5, 5, 5, 5, 5]) == [
            "Only the reviewers of the MILE management team score proposals."
        ]

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ([6, 5, 5, 5, 5], "A score of “Relevance to the sub-theme” is from 0 to 5."),
            ([5, -1, 5, 5, 5], "A score of “Partnership and local ownership” is from 0 to 5."),
            ([5, 5, None, 5, 5], "Give “Feasibility” a score."),
        ],
    )
    def test_a_bad_score_is_refused_and_nothing_is_stored(self, in_review, dora, values, message):
        assert refusal(in_review.review_rounds.get(), dora, values) == [message]
        assert not ScoreSheet.objects.exists()

    def test_a_missing_criterion_is_named(self, in_review, dora):
        review_round = in_review.review_rounds.get()
        _, *rest = criteria_of(review_round)

        with pytest.raises(ValidationError) as refused:
            scoring.score_sheet_save(
                review_round=review_round,
                by=dora,
                scores={criterion.pk: scoring.ScoreInput(3) for criterion in rest},
            )

        assert refused.value.messages == ["Give “Relevance to the sub-theme” a score."]
        assert not ScoreSheet.objects.exists()

    def test_a_note_over_the_cap_is_refused(self, in_review, dora):
        review_round = in_review.review_rounds.get()

        with pytest.raises(ValidationError) as refused:
            sheet(review_round, dora, [1, 1, 1, 1, 1], notes=["x" * 100_001, "", "", "", ""])

        assert refused.value.messages == [
            "A note can be at most 100,000 characters long; this one has 100,001."
        ]
        assert not ScoreSheet.objects.exists()


class TestWhoSeesTheScores:
    def test_the_authors_see_a_round_once_it_has_ended_without_names(
        self, in_review, bob, dora, reviewer
    ):
        review_round = in_review.review_rounds.get()
        sheet(review_round, dora, [5, 5, 5, 5, 5])
        sheet(review_round, reviewer, [0, 0, 0, 0, 0])
        during = shown_totals(in_review, bob)
        take(in_review, "request_changes", dora)

        assert during == []
        assert shown_totals(in_review, bob) == [
            (1, ["Reviewer 1: 100.0", "Reviewer 2: 0.0"], Decimal("50"))
        ]

    def test_the_authors_see_the_names_when_the_setting_says(self, in_review, bob, dora, settings):
        settings.REVIEWERS_NAMED_TO_AUTHORS = True
        sheet(in_review.review_rounds.get(), dora, [5, 5, 5, 5, 5])
        take(in_review, "approve", dora)

        assert shown_totals(in_review, bob) == [(1, ["dora@mile.example: 100.0"], Decimal("100"))]

    def test_the_team_sees_the_open_round(self, in_review, dora, reviewer):
        sheet(in_review.review_rounds.get(), dora, [5, 5, 5, 5, 5])

        assert shown_totals(in_review, reviewer) == [
            (1, ["dora@mile.example: 100.0"], Decimal("100"))
        ]
