"""A reviewer's scores are their personal data: the export lists them, erasure anonymises the
scorer and keeps the scores, so every total stands."""

import pytest

from accounts.personal_data import person_erase, person_erasure_plan, person_export, person_of_user
from learningsets.models import CommonBasicPrinciple
from proposals import scoring, workflow
from proposals.models import Score
from tests.factories import UserFactory


@pytest.fixture
def eva(team_group):
    user = UserFactory(email="eva@mile.example", first_name="Eva", last_name="Lopes", is_staff=True)
    user.groups.add(team_group)
    return user


@pytest.fixture
def scored(proposal, bob, eva):
    """Eva's sheet in round 1 of the proposal, a note naming her."""
    proposal.sections.update(text="Written.")
    proposal.principles.add(CommonBasicPrinciple.objects.get(number=1))
    workflow.proposal_transition(proposal=proposal, action="submit", by=bob)
    workflow.proposal_transition(proposal=proposal, action="start_review", by=eva)
    review_round = proposal.review_rounds.get()
    criteria = list(review_round.rubric_version.criteria.all())
    notes = ["Eva Lopes met the set (eva@mile.example).", "", "", "", ""]
    scoring.score_sheet_save(
        review_round=review_round,
        by=eva,
        scores={
            c.pk: scoring.ScoreInput(value, note)
            for c, value, note in zip(criteria, [5, 4, 3, 2, 1], notes, strict=True)
        },
    )
    return proposal


def test_the_export_lists_a_reviewers_scores_and_notes(scored, eva):
    [sheet] = person_export(person_of_user(eva))["proposals"]["scores"]

    assert (sheet["proposal_title"], sheet["round"], sheet["rubric"]) == (
        "Start-up support for migrant entrepreneurs", 1, "ERDF (European Regional Development "
        "Fund): version 1",
    )  # fmt: skip
    assert sheet["scores"][0] == {
        "criterion": "Relevance to the sub-theme",
        "score": 5,
        "note": "Eva Lopes met the set (eva@mile.example).",
    }
    assert [score["score"] for score in sheet["scores"]] == [5, 4, 3, 2, 1]


def test_an_author_without_scores_exports_none(scored, bob):
    assert person_export(person_of_user(bob))["proposals"]["scores"] == []


def test_the_erasure_plan_counts_the_score_sheets(scored, eva):
    assert ("score sheets", 1) in person_erasure_plan(person_of_user(eva))


def test_erasure_anonymises_the_scorer_and_keeps_the_scores(scored, eva, dora):
    log = person_erase(person=person_of_user(eva))

    [shown] = scoring.rounds_shown(proposal=scored, user=dora)
    assert [(sheet.reviewer, sheet.total) for sheet in shown.sheets] == [("Erased person", 63)]
    assert list(Score.objects.values_list("value", flat=True)) == [5, 4, 3, 2, 1]
    assert Score.objects.first().note == f"Erased person met the set (erased-{log.pk}@invalid)."
