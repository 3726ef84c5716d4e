"""Scoring a proposal in review: rubrics in versions, review rounds and reviewers' score sheets.

A rubric version is never changed: the team's edit stores a new one (`rubric_version_create`),
and a round scores with the version current when it opened, so a weight changed later never
rewrites a total given before. A round opens when the team starts the review and ends when the
proposal leaves review (changes requested, approved, withdrawn): `review_round_follow`, called
by the workflow for every step. In an open round each reviewer of the team — never an author of
the proposal — scores every criterion with a note, and may change them until the round ends.

A reviewer's total, out of 100: 100 × Σ weight × (score − lowest) / (highest − lowest) / Σ
weight; the round's total is the mean of its reviewers' totals.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.team import is_management
from proposals import permissions
from proposals.models import (
    Criterion,
    Proposal,
    ReviewRound,
    RubricVersion,
    Score,
    ScoreSheet,
    Transition,
)

NOTE_LIMIT = 100_000
SCORE = "proposals.score_proposal"
FULL_MARKS = Decimal(100)

NOT_A_SCORER = _("Only the reviewers of the MILE management team score proposals.")
AUTHOR_SCORES = _(
    "You are one of this proposal's authors: another member of the MILE management team scores it."
)
NO_ROUND = _("This proposal is not in review: there is no round to score.")
ROUND_ENDED = _("This round of the review has ended: its scores can no longer be changed.")
NO_RUBRIC = _(
    "The proposal's funding source had no rubric when this round opened: it cannot be scored."
)


def is_scorer(user) -> bool:
    """A reviewer of the team who may score proposals (not those they are an author of)."""
    return is_management(user, [permissions.READ_EVERY_PROPOSAL, SCORE])


def rubric_current(funding_source: str) -> RubricVersion | None:
    """The newest version of the funding source's rubric: the one a new round scores with."""
    return RubricVersion.objects.filter(funding_source=funding_source).order_by("-number").first()


def criterion_problems(*, name: str, weight, scale_min, scale_max) -> dict[str, str]:
    """What is wrong with a criterion of a rubric, by field; empty if nothing."""
    problems = {}
    if not (name or "").strip():
        problems["name"] = gettext("A criterion needs a name.")
    if weight is not None and weight <= 0:
        problems["weight"] = gettext("A weight must be greater than 0.")
    if None not in (scale_min, scale_max) and scale_max <= scale_min:
        problems["scale_max"] = gettext("The highest score must be above the lowest.")
    return problems


@transaction.atomic
def rubric_version_create(*, funding_source: str, criteria: list[dict], by) -> RubricVersion:
    """Store a new version of the funding source's rubric with these criteria (each a dict of
    Criterion's fields, the names' language columns included), after the newest one.

    Raises ValidationError, and stores nothing, without a criterion or with a bad one.
    """
    if not criteria:
        raise ValidationError(gettext("A rubric needs at least one criterion."))
    for criterion in criteria:
        problems = criterion_problems(
            name=criterion.get("name_en_gb") or criterion.get("name"),
            weight=criterion.get("weight"),
            scale_min=criterion.get("scale_min"),
            scale_max=criterion.get("scale_max"),
        )
        if problems:
            raise ValidationError(list(problems.values()))
    # Serialise the numbering per funding source: two editors store versions n+1 and n+2 (a
    # lock takes rows, not an aggregate, so the numbers are read and the highest taken here).
    versions = RubricVersion.objects.select_for_update().filter(funding_source=funding_source)
    latest = max(versions.values_list("number", flat=True), default=0)
    version = RubricVersion.objects.create(
        funding_source=funding_source, number=latest + 1, created_by=by
    )
    Criterion.objects.bulk_create(
        Criterion(version=version, position=position, **fields)
        for position, fields in enumerate(criteria, start=1)
    )
    return version


def review_round_follow(*, transition: Transition) -> None:
    """Open a round when a proposal goes into review; end it when the proposal leaves review."""
    proposal, now = transition.proposal, transition.at
    into = transition.to_status == Proposal.Status.IN_REVIEW
    out_of = transition.from_status == Proposal.Status.IN_REVIEW
    if out_of and not into:
        ReviewRound.objects.filter(proposal=proposal, ended_at__isnull=True).update(
            ended_at=now, outcome=transition.to_status
        )
    if into and not out_of:
        latest = proposal.review_rounds.aggregate(latest=Max("number"))["latest"] or 0
        ReviewRound.objects.create(
            proposal=proposal,
            number=latest + 1,
            rubric_version=rubric_current(proposal.funding_source),
            opened_at=now,
        )


def round_latest(*, proposal: Proposal, number: str | int | None = None) -> ReviewRound | None:
    """The proposal's latest round, or its round `number` (as posted: None if no such round)."""
    rounds = proposal.review_rounds.select_related("rubric_version")
    if number is None:
        return rounds.order_by("-number").first()
    try:
        return rounds.filter(number=int(number)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def sheet_of(*, review_round: ReviewRound, reviewer) -> ScoreSheet | None:
    """The reviewer's sheet in the round, with its scores; None before they score."""
    sheets = review_round.sheets.filter(reviewer=reviewer).prefetch_related("scores")
    return sheets.first()


def score_refusal(user, proposal: Proposal, review_round: ReviewRound | None) -> str:
    """Why the user may not score the proposal in this round now ('' if they may)."""
    if not is_scorer(user):
        return str(NOT_A_SCORER)
    if permissions.is_author(user, proposal):
        return str(AUTHOR_SCORES)
    if review_round is None:
        return str(NO_ROUND)
    if not review_round.is_open:
        return str(ROUND_ENDED)
    if review_round.rubric_version_id is None:
        return str(NO_RUBRIC)
    return ""


def score_problem(criterion: Criterion, value: int | None) -> str:
    """What is wrong with a score of the criterion ('' if nothing)."""
    if value is None:
        return gettext("Give “{criterion}” a score.").format(criterion=criterion.name)
    if not criterion.scale_min <= value <= criterion.scale_max:
        return gettext("A score of “{criterion}” is from {lowest} to {highest}.").format(
            criterion=criterion.name, lowest=criterion.scale_min, highest=criterion.scale_max
        )
    return ""


def note_problem(note: str) -> str:
    if "\x00" in note:  # PostgreSQL cannot store it; nobody types it on purpose
        return gettext("A note cannot contain a null character.")
    if len(note) > NOTE_LIMIT:
        message = gettext("A note can be at most {most} characters long; this one has {length}.")
        return message.format(most=f"{NOTE_LIMIT:,}", length=f"{len(note):,}")
    return ""


@dataclass(frozen=True)
class ScoreInput:
    value: int | None
    note: str = ""


@transaction.atomic
def score_sheet_save(*, review_round: ReviewRound, by, scores: dict[int, ScoreInput]) -> ScoreSheet:
    """Store the reviewer's scores in the round (by criterion id), replacing theirs if any.

    Raises ValidationError, and changes nothing, if they may not score it now or a criterion
    has no score, a score is off the scale or a note too long.
    """
    # The row lock makes a score posted as the round ends wait, then see it ended.
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    refusal = score_refusal(by, review_round.proposal, locked)
    if refusal:
        raise ValidationError(refusal)
    criteria = list(locked.rubric_version.criteria.all())
    given = {criterion.pk: scores.get(criterion.pk, ScoreInput(None)) for criterion in criteria}
    problems = [
        problem
        for criterion in criteria
        for problem in (
            score_problem(criterion, given[criterion.pk].value),
            note_problem(given[criterion.pk].note),
        )
        if problem
    ]
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    sheet, created = ScoreSheet.objects.get_or_create(
        round=locked, reviewer=by, defaults={"created_at": now, "updated_at": now}
    )
    if not created:
        ScoreSheet.objects.filter(pk=sheet.pk).update(updated_at=now)
        sheet.scores.all().delete()
    Score.objects.bulk_create(
        Score(sheet=sheet, criterion=criterion, value=given[criterion.pk].value,
              note=given[criterion.pk].note.strip())
        for criterion in criteria
    )  # fmt: skip
    return sheet


def sheet_total(criteria: list[Criterion], values: dict[int, int]) -> Decimal | None:
    """The weighted total out of 100 of one reviewer's scores (None if one is missing)."""
    weights = sum((criterion.weight for criterion in criteria), Decimal(0))
    if not criteria or not weights or any(c.pk not in values for c in criteria):
        return None
    reached = sum(
        criterion.weight
        * (values[criterion.pk] - criterion.scale_min)
        / (criterion.scale_max - criterion.scale_min)
        for criterion in criteria
    )
    return FULL_MARKS * reached / weights


def mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


@dataclass(frozen=True)
class SheetShown:
    """A reviewer's scores in a round: (criterion, score) in the order of the criteria."""

    reviewer: str
    scores: list[tuple[Criterion, Score | None]]
    total: Decimal | None
    updated_at: object


@dataclass(frozen=True)
class CriterionRow:
    """A criterion's line of the round's table: each reviewer's score and their mean."""

    criterion: Criterion
    scores: list[Score | None]
    mean: Decimal | None


@dataclass(frozen=True)
class RoundShown:
    """A round as the scores page shows it: a row per criterion, the sheets, the total."""

    round: ReviewRound
    rows: list[CriterionRow] = field(default_factory=list)
    sheets: list[SheetShown] = field(default_factory=list)
    total: Decimal | None = None  # the mean of the reviewers' totals


def rounds_shown(*, proposal: Proposal, user) -> list[RoundShown]:
    """The rounds the user may see, newest first: every round for the team, the ended ones for
    the authors, who see the reviewers' names only if REVIEWERS_NAMED_TO_AUTHORS. Four queries
    however many rounds, reviewers and criteria."""
    team = permissions.reads_every_proposal(user)
    sheets = ScoreSheet.objects.select_related("reviewer").prefetch_related("scores")
    rounds = proposal.review_rounds.select_related("rubric_version").prefetch_related(
        "rubric_version__criteria", Prefetch("sheets", sheets.order_by("created_at", "pk"))
    )
    if not team:
        rounds = rounds.filter(ended_at__isnull=False)
    named = team or settings.REVIEWERS_NAMED_TO_AUTHORS
    return [_round_shown(each, named) for each in rounds.order_by("-number")]


def _reviewer(sheet: ScoreSheet, number: int, named: bool) -> str:
    if not named:
        return gettext("Reviewer {number}").format(number=number)
    return str(sheet.reviewer) if sheet.reviewer else gettext("A former reviewer")


def _round_shown(review_round: ReviewRound, named: bool) -> RoundShown:
    version = review_round.rubric_version
    criteria = list(version.criteria.all()) if version else []
    sheets = []
    for number, sheet in enumerate(review_round.sheets.all(), start=1):
        given = {score.criterion_id: score for score in sheet.scores.all()}
        values = {pk: score.value for pk, score in given.items()}
        sheets.append(
            SheetShown(
                reviewer=_reviewer(sheet, number, named),
                scores=[(criterion, given.get(criterion.pk)) for criterion in criteria],
                total=sheet_total(criteria, values),
                updated_at=sheet.updated_at,
            )
        )
    rows = []
    for n, criterion in enumerate(criteria):
        scores = [sheet.scores[n][1] for sheet in sheets]
        given = [Decimal(score.value) for score in scores if score is not None]
        rows.append(CriterionRow(criterion, scores, mean(given)))
    totals = [sheet.total for sheet in sheets if sheet.total is not None]
    return RoundShown(review_round, rows, sheets, mean(totals))
