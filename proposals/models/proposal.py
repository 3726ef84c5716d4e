from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import offered_languages
from common.history import user_or


def site_language() -> str:
    # A callable: a migration names it instead of copying the code.
    return settings.LANGUAGE_CODE


class FundingSource(models.TextChoices):
    ERDF = "erdf", _("ERDF (European Regional Development Fund)")
    ESF = "esf", _("ESF (European Social Fund)")
    OTHER_EU = "other_eu", _("Other EU programme")
    NATIONAL = "national", _("National funding")
    OTHER = "other", _("Other funding")


class Proposal(models.Model):
    """A concrete project that an Action Learning Set drafts to secure EU or national funding."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    learning_set = models.ForeignKey(
        "learningsets.LearningSet",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("learning set"),
    )
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(
        _("language"),
        max_length=15,
        choices=offered_languages,
        default=site_language,
        help_text=_(
            "The language the proposal is written in: its sections' titles and help and its "
            "PDF are in this language, whatever the language of the person reading it."
        ),
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )
    call = models.CharField(_("call or programme"), max_length=300, blank=True)
    funding_call = models.ForeignKey(
        "proposals.Call",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("call"),
        help_text=_("The curated call the proposal is drafted for, with its deadline."),
    )
    deadline_extended_to = models.DateTimeField(
        _("deadline extended to"),
        null=True,
        blank=True,
        help_text=_(
            "For this proposal only: it may be submitted until then, after the call's deadline."
        ),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    co_financing_rate = models.DecimalField(
        _("co-financing rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("75"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of the eligible costs the fund is asked to pay."),
    )
    principles = models.ManyToManyField(
        "learningsets.CommonBasicPrinciple",
        blank=True,
        related_name="proposals",
        verbose_name=_("Common Basic Principles served"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_public = models.BooleanField(
        _("is public"),
        default=False,
        help_text=_("An approved proposal shown in the public library."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Full-text search (proposals/search.py), in the dictionary of the proposal's language and
    # written by the services that change the words: the title and the sections' texts, which
    # the public library may search, and apart from them the comments, which it never may.
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    comments_vector = SearchVectorField(_("comments' search vector"), null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "comments_vector"])

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(co_financing_rate__gte=0) & Q(co_financing_rate__lte=100),
                name="proposal_rate_between_0_and_100",
                violation_error_message=_("The co-financing rate must be between 0 and 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(status="approved"),
                name="proposal_only_approved_ones_are_public",
                violation_error_message=_("Only an approved proposal can be made public."),
            ),
        ]
        indexes = [models.Index(fields=["status", "funding_source"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    def in_its_language(self):
        """The one rule of a proposal's document — its sections' titles and help, its PDF's
        fixed texts, dates and budget categories: they are written in the proposal's language,
        while the page around it follows its reader. A context manager:
        `with proposal.in_its_language(): ...`."""
        return translation.override(self.language)

    @property
    def deadline(self):
        """When the proposal must be submitted by: its own extension, else its call's deadline;
        None without a call."""
        if self.deadline_extended_to is not None:
            return self.deadline_extended_to
        return self.funding_call.deadline if self.funding_call_id else None


class Section(models.Model):
    """One part of a proposal's text. `version` grows by one with every save."""

    # Indexed by section_in_order (Meta), whose first column it is.
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("proposal"),
        db_index=False,
    )
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    help = models.CharField(_("help"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"))
    required = models.BooleanField(_("required"), default=True)
    char_limit = models.PositiveIntegerField(_("char limit"))
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    # The text itself is kept by Revision (with its author and a word diff): the trail records
    # who saved which version when, without storing every text twice.
    history = HistoricalRecords(excluded_fields=["text"], get_user=user_or("updated_by"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["proposal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "key"], name="section_key_per_proposal"),
        ]
        # A search reads a proposal's sections in order until one holds the words.
        indexes = [models.Index(fields=["proposal", "position"], name="section_in_order")]

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

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("section")
    )
    version = models.PositiveIntegerField(
        _("version"),
        null=True,
        blank=True,
        help_text=_("The section's version this text became; empty if not."),
    )
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restored from"),
    )
    is_conflict = models.BooleanField(
        _("is conflict"),
        default=False,
        help_text=_("A text saved against an older version: kept here, not written over."),
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("co-authors"),
        help_text=_("Who else wrote this text with the author, live, in the same burst."),
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["section", "-created_at"])]

    def __str__(self):
        return gettext("Revision #{number} at {time}").format(
            number=self.pk, time=f"{self.created_at:%Y-%m-%d %H:%M}"
        )


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        STAFF = "staff", _("Staff")
        TRAVEL = "travel", _("Travel and subsistence")
        EQUIPMENT = "equipment", _("Equipment")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure and works")
        EXTERNAL_EXPERTISE = "external_expertise", _("External expertise and services")
        PARTICIPANTS = "participants", _("Participants' costs")
        OTHER = "other", _("Other")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("proposal")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description}"


class Comment(models.Model):
    """A remark on a proposal, anchored to a section (or to the whole), with replies."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("proposal")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("section"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("parent"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("body"), max_length=5000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    history = HistoricalRecords(get_user=user_or("author"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return gettext("Comment #{number} on proposal #{proposal}").format(
            number=self.pk, proposal=self.proposal_id
        )


class Transition(models.Model):
    """A step of the proposal's workflow: who moved it from which status to which, and when."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("proposal")
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=Proposal.Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Proposal.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
