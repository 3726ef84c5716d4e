import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.history import user_or
from common.zones import time_zone_choices
from outbox.models import PersonalLink


class Workshop(models.Model):
    """A Transnational Exchange Workshop: the learning sets of all partners on one sub-theme."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        REGISTRATION_OPEN = "registration_open", _("Registration open")
        REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
        HELD = "held", _("Held")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    theme = models.CharField(
        _("theme"),
        max_length=300,
        help_text=_("e.g. “Enterprise development for ethnic minorities”."),
    )
    sub_theme = models.ForeignKey(
        "learningsets.SubTheme",
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("sub theme"),
    )
    host = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="hosted_workshops",
        verbose_name=_("host"),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=200)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Europe/Brussels"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    delegates_per_partner = models.PositiveSmallIntegerField(
        _("delegates per partner"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("The quota of each partner."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    handbook = models.TextField(
        _("handbook"),
        blank=True,
        help_text=_("The workshop handbook, in Markdown; HTML is sanitised."),
    )
    invited_partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="workshops", verbose_name=_("invited partners")
    )
    reminder_missing_days = models.CharField(
        _("remind partners missing delegates, days before registration closes"),
        max_length=50,
        default="7, 2",
        validators=[
            RegexValidator(
                r"^\s*[1-9]\d{0,2}\s*(,\s*[1-9]\d{0,2}\s*)*$",
                _("Enter whole numbers of days from 1 to 999, separated by commas, e.g. “7, 2”."),
            )
        ],
        help_text=_("Each reminder goes once to the contacts of partners with places left."),
    )
    reminder_unanswered_days = models.PositiveSmallIntegerField(
        _("remind delegates who have not answered, days after the invitation"),
        default=5,
        validators=[MinValueValidator(1)],
    )
    reminder_upcoming_days = models.PositiveSmallIntegerField(
        _("remind confirmed delegates, days before the workshop"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("With the agenda and the workshop in a calendar file."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Its history (Workshop.history) is registered in translation.py, after its languages.

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="workshop_ends_after_it_starts",
                violation_error_message=_("The workshop cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="workshop_registration_closes_after_it_opens",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = gettext("The workshop cannot end before it starts.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = gettext("Registration must close after it opens.")
        if closes and self.start_date and closes > self.starts_at:
            errors["registration_closes_at"] = gettext(
                "Registration must close before the workshop starts."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def starts_at(self):
        """Midnight of the first day, in the workshop's time zone."""
        return timezone.make_aware(
            timezone.datetime.combine(self.start_date, timezone.datetime.min.time()), self.zone
        )

    def is_registration_open(self, at=None) -> bool:
        """Partner contacts may register, replace and withdraw delegates now."""
        at = at or timezone.now()
        return (
            self.status == self.Status.REGISTRATION_OPEN
            and self.registration_opens_at <= at < self.registration_closes_at
        )

    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class Session(models.Model):
    """One item of a workshop's agenda."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        ALS_MEETING = "als_meeting", _("ALS meeting")
        SITE_VISIT = "site_visit", _("Site visit")
        SPEAKER = "speaker", _("Speaker")
        BREAK = "break", _("Break")
        SOCIAL = "social", _("Social event")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("workshop")
    )
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PLENARY)
    location = models.CharField(_("location"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    # Its history (Session.history) is registered in translation.py, after its languages.

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["day", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self):
        day = formats.date_format(self.day, "SHORT_DATE_FORMAT")
        return f"{day} {formats.time_format(self.start_time)} {self.title}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": gettext("A session must end after it starts.")})
        workshop = getattr(self, "workshop", None)
        dates = workshop and workshop.start_date and workshop.end_date
        if dates and self.day and not workshop.start_date <= self.day <= workshop.end_date:
            message = gettext("The day must be within the workshop (%(start)s to %(end)s).") % {
                "start": formats.date_format(workshop.start_date, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(workshop.end_date, "SHORT_DATE_FORMAT"),
            }
            raise ValidationError({"day": message})

    def starts_at(self):
        return timezone.make_aware(
            timezone.datetime.combine(self.day, self.start_time), self.workshop.zone
        )

    def ends_at(self):
        return timezone.make_aware(
            timezone.datetime.combine(self.day, self.end_time), self.workshop.zone
        )


class Registration(models.Model):
    """A delegate: an ALS member whom their partner registered for a workshop."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("workshop")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("partner"),
    )
    member = models.ForeignKey(
        "learningsets.Member",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )

    history = HistoricalRecords(get_user=user_or("status_changed_by"))

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "member"],
                condition=~Q(status="withdrawn"),
                name="registration_one_per_member_and_workshop",
                violation_error_message=_("This person is already a delegate for this workshop."),
            ),
        ]
        indexes = [models.Index(fields=["workshop", "partner", "status"])]

    def __str__(self):
        # Its own columns only: the admin names every row a deletion takes by its __str__.
        return gettext("Registration #%(number)s") % {"number": self.pk}

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class StatusChange(models.Model):
    """The history of a registration's status: what it became, when and by whom."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("registration"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Registration.Status.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return gettext("%(status)s at %(time)s") % {
            "status": self.get_status_display(),
            "time": f"{self.changed_at:%Y-%m-%d %H:%M}",
        }


class Invitation(PersonalLink):
    """The e-mail link with which a delegate confirms or declines, without logging in."""

    TOKEN_PURPOSE = "workshop-invitation"
    PERSON = "registration__member"

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("registration"),
    )

    history = HistoricalRecords(
        excluded_fields=["nonce", "token_hash"],
        get_user=user_or("registration.status_changed_by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return gettext("Invitation sent to %(email)s") % {"email": self.email}
