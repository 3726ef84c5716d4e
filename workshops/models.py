import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.history import user_or
from outbox.models import PersonalLink

TIME_ZONES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class Workshop(models.Model):
    """A Transnational Exchange Workshop: the learning sets of all partners on one sub-theme."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        REGISTRATION_OPEN = "registration_open", "Registration open"
        REGISTRATION_CLOSED = "registration_closed", "Registration closed"
        HELD = "held", "Held"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    theme = models.CharField(
        max_length=300, help_text="e.g. “Enterprise development for ethnic minorities”."
    )
    sub_theme = models.ForeignKey(
        "learningsets.SubTheme", on_delete=models.PROTECT, related_name="workshops"
    )
    host = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="hosted_workshops"
    )
    venue = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, choices=TIME_ZONES, default="Europe/Brussels")
    start_date = models.DateField()
    end_date = models.DateField()
    registration_opens_at = models.DateTimeField()
    registration_closes_at = models.DateTimeField()
    delegates_per_partner = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1)], help_text="The quota of each partner."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    handbook = models.TextField(
        blank=True, help_text="The workshop handbook, in Markdown; HTML is sanitised."
    )
    invited_partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="workshops"
    )
    reminder_missing_days = models.CharField(
        "remind partners missing delegates, days before registration closes",
        max_length=50,
        default="7, 2",
        validators=[
            RegexValidator(
                r"^\s*[1-9]\d{0,2}\s*(,\s*[1-9]\d{0,2}\s*)*$",
                "Enter whole numbers of days from 1 to 999, separated by commas, e.g. “7, 2”.",
            )
        ],
        help_text="Each reminder goes once to the contacts of partners with places left.",
    )
    reminder_unanswered_days = models.PositiveSmallIntegerField(
        "remind delegates who have not answered, days after the invitation",
        default=5,
        validators=[MinValueValidator(1)],
    )
    reminder_upcoming_days = models.PositiveSmallIntegerField(
        "remind confirmed delegates, days before the workshop",
        default=7,
        validators=[MinValueValidator(1)],
        help_text="With the agenda and the workshop in a calendar file.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="workshop_ends_after_it_starts",
                violation_error_message="The workshop cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="workshop_registration_closes_after_it_opens",
                violation_error_message="Registration must close after it opens.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The workshop cannot end before it starts."
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = "Registration must close after it opens."
        if closes and self.start_date and closes > self.starts_at:
            errors["registration_closes_at"] = "Registration must close before the workshop starts."
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
        PLENARY = "plenary", "Plenary"
        ALS_MEETING = "als_meeting", "ALS meeting"
        SITE_VISIT = "site_visit", "Site visit"
        SPEAKER = "speaker", "Speaker"
        BREAK = "break", "Break"
        SOCIAL = "social", "Social event"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PLENARY)
    location = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="session_ends_after_it_starts",
                violation_error_message="A session must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.day:%a %d %b} {self.start_time:%H:%M} {self.title}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "A session must end after it starts."})
        workshop = getattr(self, "workshop", None)
        dates = workshop and workshop.start_date and workshop.end_date
        if dates and self.day and not workshop.start_date <= self.day <= workshop.end_date:
            raise ValidationError(
                {
                    "day": f"The day must be within the workshop ({workshop.start_date:%d %b %Y} "
                    f"to {workshop.end_date:%d %b %Y})."
                }
            )

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
        REGISTERED = "registered", "Registered"
        INVITED = "invited", "Invited"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "No-show"
        WITHDRAWN = "withdrawn", "Withdrawn"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="registrations")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        "learningsets.Member", on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REGISTERED)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(get_user=user_or("status_changed_by"))

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "member"],
                condition=~Q(status="withdrawn"),
                name="registration_one_per_member_and_workshop",
                violation_error_message="This person is already a delegate for this workshop.",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "partner", "status"])]

    def __str__(self):
        # Its own columns only: the admin names every row a deletion takes by its __str__.
        return f"Registration #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class StatusChange(models.Model):
    """The history of a registration's status: what it became, when and by whom."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=Registration.Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_status_display()} at {self.changed_at:%Y-%m-%d %H:%M}"


class Invitation(PersonalLink):
    """The e-mail link with which a delegate confirms or declines, without logging in."""

    TOKEN_PURPOSE = "workshop-invitation"
    PERSON = "registration__member"

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="invitations"
    )

    history = HistoricalRecords(
        excluded_fields=["nonce", "token_hash"],
        get_user=user_or("registration.status_changed_by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Invitation sent to {self.email}"
