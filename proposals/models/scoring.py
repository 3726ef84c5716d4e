"""The review's scores: each funding source's rubric, in versions, and the rounds of a
proposal's review, in which each reviewer fills in a score sheet.

A rubric version is frozen once stored: editing a rubric stores a new version, and a round
scores with the version that was current when it opened, so a weight changed later never
rewrites a total given before (proposals/scoring.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from proposals.models.proposal import FundingSource, Proposal


class RubricVersion(models.Model):
    """One version of a funding source's rubric: its criteria, as they were when it was stored."""

    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["funding_source", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["funding_source", "number"], name="rubric_version_per_funding_source"
            ),
        ]

    def __str__(self):
        return gettext("{source}: version {number}").format(
            source=self.get_funding_source_display(), number=self.number
        )


class Criterion(models.Model):
    """What reviewers score, with its weight in the total and the scale of its scores."""

    version = models.ForeignKey(
        RubricVersion,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("rubric version"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        help_text=_("How much the criterion counts in the total, against the others."),
    )
    scale_min = models.SmallIntegerField(_("lowest score"), default=0)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message=_("A weight must be greater than 0."),
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_max_above_min",
                violation_error_message=_("The highest score must be above the lowest."),
            ),
        ]

    def __str__(self):
        return self.name


class ReviewRound(models.Model):
    """One review of a proposal: it opens when the team starts the review and ends when they
    request changes or approve it, or its authors withdraw it."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="review_rounds", verbose_name=_("proposal")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    rubric_version = models.ForeignKey(
        RubricVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        verbose_name=_("rubric version"),
        help_text=_("The rubric current when the round opened; none if its fund had none."),
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Proposal.Status.choices, blank=True
    )

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="review_round_number"),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(ended_at__isnull=True),
                name="review_round_one_open_per_proposal",
            ),
        ]

    def __str__(self):
        return gettext("Round {number}").format(number=self.number)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class ScoreSheet(models.Model):
    """One reviewer's scores in one round: a score and a note for every criterion."""

    round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="sheets", verbose_name=_("round")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["round", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "reviewer"], name="score_sheet_per_reviewer"),
        ]
        permissions = [("score_proposal", _("Can score proposals in review"))]

    def __str__(self):
        return gettext("Score sheet #{number}").format(number=self.pk)


class Score(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("score sheet")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    value = models.SmallIntegerField(_("score"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_per_criterion"),
        ]

    def __str__(self):
        return str(self.value)
