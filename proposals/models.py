from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.history import user_or


class FundingSource(models.TextChoices):
    ERDF = "erdf", "ERDF (European Regional Development Fund)"
    ESF = "esf", "ESF (European Social Fund)"
    OTHER_EU = "other_eu", "Other EU programme"
    NATIONAL = "national", "National funding"
    OTHER = "other", "Other funding"


class Proposal(models.Model):
    """A concrete project that an Action Learning Set drafts to secure EU or national funding."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    learning_set = models.ForeignKey(
        "learningsets.LearningSet", on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(max_length=300)
    acronym = models.CharField(max_length=30, blank=True)
    funding_source = models.CharField(max_length=10, choices=FundingSource.choices)
    call = models.CharField("call or programme", max_length=300, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    planned_start = models.DateField(null=True, blank=True)
    co_financing_rate = models.DecimalField(
        "co-financing rate (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("75"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The share of the eligible costs the fund is asked to pay.",
    )
    principles = models.ManyToManyField(
        "learningsets.CommonBasicPrinciple",
        blank=True,
        related_name="proposals",
        verbose_name="Common Basic Principles served",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(
        default=False, help_text="An approved proposal shown in the public library."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(co_financing_rate__gte=0) & Q(co_financing_rate__lte=100),
                name="proposal_rate_between_0_and_100",
                violation_error_message="The co-financing rate must be between 0 and 100 %.",
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(status="approved"),
                name="proposal_only_approved_ones_are_public",
                violation_error_message="Only an approved proposal can be made public.",
            ),
        ]
        indexes = [models.Index(fields=["status", "funding_source"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"pk": self.pk})


class Section(models.Model):
    """One part of a proposal's text. `version` grows by one with every save."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    help = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField()
    required = models.BooleanField(default=True)
    char_limit = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    # The text itself is kept by Revision (with its author and a word diff): the trail records
    # who saved which version when, without storing every text twice.
    history = HistoricalRecords(excluded_fields=["text"], get_user=user_or("updated_by"))

    class Meta:
        ordering = ["proposal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "key"], name="section_key_per_proposal"),
        ]

    def __str__(self):
        # Its own columns only: the admin names every row a deletion takes by its __str__.
        return self.title

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def is_over_limit(self) -> bool:
        return self.length > self.char_limit


class Revision(models.Model):
    """A saved text of a section: every save that changes the text keeps one."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The section's version this text became; empty if not."
    )
    text = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_conflict = models.BooleanField(
        default=False,
        help_text="A text saved against an older version: kept here, not written over.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["section", "-created_at"])]

    def __str__(self):
        return f"Revision #{self.pk} at {self.created_at:%Y-%m-%d %H:%M}"


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        STAFF = "staff", "Staff"
        TRAVEL = "travel", "Travel and subsistence"
        EQUIPMENT = "equipment", "Equipment"
        INFRASTRUCTURE = "infrastructure", "Infrastructure and works"
        EXTERNAL_EXPERTISE = "external_expertise", "External expertise and services"
        PARTICIPANTS = "participants", "Participants' costs"
        OTHER = "other", "Other"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=300)
    amount = models.DecimalField(
        "amount (EUR)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_amount_not_negative",
                violation_error_message="An amount cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description}"


class Comment(models.Model):
    """A remark on a proposal, anchored to a section (or to the whole), with replies."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(get_user=user_or("author"))

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment #{self.pk} on proposal #{self.proposal_id}"


class Transition(models.Model):
    """A step of the proposal's workflow: who moved it from which status to which, and when."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Proposal.Status.choices)
    to_status = models.CharField(max_length=20, choices=Proposal.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
