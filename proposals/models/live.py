from django.db import models
from django.utils.translation import gettext_lazy as _

from proposals.models.proposal import Section


class SectionDocument(models.Model):
    """The shared Yjs document of a section's live co-editing (proposals/live/): its whole
    state, as pycrdt encodes it, written in the same transaction as the section's text. A room
    that opens again is rebuilt from it, never seeded from the plain text while browsers may
    still hold the old state (the text would double when they merge)."""

    section = models.OneToOneField(
        Section,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="document",
        verbose_name=_("section"),
    )
    state = models.BinaryField(_("state"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("section's shared document")
        verbose_name_plural = _("sections' shared documents")

    def __str__(self):
        return str(self.section)
