import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.zones import DEFAULT_ZONE, time_zone_choices
from proposals.models.proposal import FundingSource


class Call(models.Model):
    """A funding call the team curates: proposals to it are drafted until its deadline, which
    falls at a time on the clocks of its time zone. Name and programme are in five languages
    (proposals/translation.py)."""

    name = models.CharField(_("name"), max_length=300)
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )
    programme = models.CharField(
        _("programme"),
        max_length=300,
        blank=True,
        help_text=_("The operational programme or scheme, e.g. “Lisbon ROP 2007–2013”."),
    )
    url = models.URLField(_("link to the call"), max_length=500, blank=True)
    sub_themes = models.ManyToManyField(
        "learningsets.SubTheme",
        related_name="calls",
        verbose_name=_("eligible sub-themes"),
        help_text=_("Only the learning sets of these sub-themes are offered the call."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default=DEFAULT_ZONE
    )
    opens_at = models.DateTimeField(_("opens at"))
    deadline = models.DateTimeField(_("deadline"))

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opens_at")),
                name="call_deadline_after_opening",
                violation_error_message=_("The deadline must come after the call opens."),
            ),
        ]
        indexes = [models.Index(fields=["opens_at", "deadline"])]

    def __str__(self):
        return self.name

    def clean(self):
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            raise ValidationError(
                {"deadline": gettext("The deadline must come after the call opens.")}
            )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.deadline
