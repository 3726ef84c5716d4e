from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.models.proposal import Proposal


class Document(models.Model):
    """A file attached to a proposal: a letter of support, a budget annex... The file is in the
    private "documents" storage under `stored_as`; `name` is the name it is downloaded under.

    Replaced or deleted, a document leaves the list but stays in the history (`removed_at`)
    until the proposal is approved (proposals.documents)."""

    class Kind(models.TextChoices):
        LETTER_OF_SUPPORT = "letter_of_support", _("Letter of support")
        BUDGET_ANNEX = "budget_annex", _("Budget annex")
        OTHER = "other", _("Other")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="documents", verbose_name=_("proposal")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=150)
    stored_as = models.CharField(_("stored as"), max_length=200, unique=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_public = models.BooleanField(
        _("is public"),
        default=False,
        help_text=_("Shown with the proposal once it is in the public library."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaces"),
    )
    removed_at = models.DateTimeField(_("replaced or deleted at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced or deleted by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["proposal", "removed_at"])]

    def __str__(self):
        return self.title
