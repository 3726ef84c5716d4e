import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.languages import language_of_country
from common.zones import time_zone_choices, zone_of_country


class Partner(models.Model):
    """A city or a region taking part in MILE; each city is paired with its sister region."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = CountryField(_("country"))
    sister_region = models.OneToOneField(
        "self",
        verbose_name=_("sister region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sister_city",
        limit_choices_to={"kind": Kind.REGION},
        help_text=_("For a city: the region whose Managing Authority joins its learning sets."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        blank=True,
        help_text=_("The clocks of its set meetings. Left empty: its country's."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contacts"),
        blank=True,
        related_name="partners",
        help_text=_("Partner contacts: they register delegates and look after the learning sets."),
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="region", sister_region__isnull=False),
                name="partner_only_cities_name_a_sister_region",
                violation_error_message=_("Only a city names its sister region."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.sister_region_id is None:
            return
        if self.kind != self.Kind.CITY:
            raise ValidationError(
                {"sister_region": gettext("Only a city names its sister region.")}
            )
        if self.sister_region_id == self.pk:
            raise ValidationError({"sister_region": gettext("A partner cannot be its own sister.")})
        if self.sister_region.kind != self.Kind.REGION:
            raise ValidationError(
                {"sister_region": gettext("The sister of a city must be a region.")}
            )

    @property
    def language(self) -> str:
        """The language its people read until they choose one: the country's (accounts)."""
        return language_of_country(self.country.code)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The zone its set meetings are entered and shown in: its own, else its country's."""
        return zoneinfo.ZoneInfo(self.time_zone or zone_of_country(self.country.code))

    @property
    def sister(self):
        """The sister region of a city, or the sister city of a region (None if unpaired)."""
        if self.kind == self.Kind.CITY:
            return self.sister_region
        try:
            return self.sister_city
        except Partner.DoesNotExist:
            return None
