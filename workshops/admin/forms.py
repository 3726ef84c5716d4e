"""Admin forms: a workshop's times in its own time zone, and delegates through the services."""

import datetime as dt
import zoneinfo

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from workshops import rules, services
from workshops.models import Registration, Workshop

WALL_CLOCK_FIELDS = ("registration_opens_at", "registration_closes_at")


class WallClockDateTimeField(forms.SplitDateTimeField):
    """A date and time as read on a clock, left naive: the form knows the zone, not the field."""

    def compress(self, data_list):
        if not data_list:
            return None
        if data_list[0] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if data_list[1] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return dt.datetime.combine(*data_list)


def _in_zone(wall_clock: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    aware = wall_clock.replace(tzinfo=zone)
    # A time skipped or repeated by a clock change has two readings (PEP 495): refuse to guess.
    if aware.utcoffset() != aware.replace(fold=1).utcoffset():
        raise ValidationError(
            _(
                "%(time)s does not exist or happens twice in %(zone)s (the clocks change then); "
                "choose another time."
            ),
            params={"time": formats.date_format(wall_clock, "DATETIME_FORMAT"), "zone": zone.key},
        )
    return aware


def _zone_name(form) -> str:
    """The zone the registration times are read in: the one posted, else the saved one."""
    posted = form.data.get(form.add_prefix("time_zone")) if form.is_bound else None
    names = {name for name, _ in form.fields["time_zone"].choices}
    return posted if posted in names else form.instance.time_zone


class WorkshopForm(forms.ModelForm):
    """Registration opens and closes at wall-clock times in the workshop's time zone."""

    class Meta:
        model = Workshop
        fields = [
            *("title", "slug", "theme", "sub_theme", "host"),
            *("venue", "city", "time_zone", "start_date", "end_date"),
            *("status", *WALL_CLOCK_FIELDS, "delegates_per_partner", "invited_partners"),
            "handbook",
        ]
        field_classes = dict.fromkeys(WALL_CLOCK_FIELDS, WallClockDateTimeField)
        widgets = dict.fromkeys(WALL_CLOCK_FIELDS, AdminSplitDateTime)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = zoneinfo.ZoneInfo(self.instance.time_zone)
        for name in WALL_CLOCK_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = _(
                    "In the workshop's time zone (%(zone)s), as set under Place and time."
                ) % {"zone": _zone_name(self)}
            if isinstance(self.initial.get(name), dt.datetime):
                self.initial[name] = timezone.make_naive(self.initial[name], zone)

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("time_zone")
        for field in WALL_CLOCK_FIELDS:
            wall_clock = cleaned.get(field)
            if wall_clock is None:
                continue
            if name is None:
                # Without a valid zone the time means nothing; time_zone shows the error.
                del cleaned[field]
                continue
            try:
                cleaned[field] = _in_zone(wall_clock, zoneinfo.ZoneInfo(name))
            except ValidationError as error:
                self.add_error(field, error)
        quota = cleaned.get("delegates_per_partner")
        if self.instance.pk and quota is not None:
            try:
                services.quota_validate(workshop=self.instance, quota=quota)
            except ValidationError as error:
                self.add_error("delegates_per_partner", error)
        partners = cleaned.get("invited_partners")
        if self.instance.pk and partners is not None:
            try:
                services.invited_partners_validate(workshop=self.instance, partners=partners)
            except ValidationError as error:
                self.add_error("invited_partners", error)
        return cleaned


def _add_service_errors(form, field: str, error: ValidationError) -> None:
    """Show what the service refused on `field`, which also spares the model's own check of it
    (a duplicate would otherwise be reported twice, in two wordings)."""
    form.add_error(field, error.messages)


class RegistrationAddForm(forms.ModelForm):
    """Registers one delegate through services.delegates_register.

    The admin saves after validation with no way back to the form, so the service runs in
    clean(): its quota, window and uniqueness errors become form errors. It runs inside the
    admin's transaction, which RegistrationAdmin rolls back if the page is shown again.
    """

    user = None  # set per request by RegistrationAdmin.get_form

    class Meta:
        model = Registration
        fields = ["workshop", "member"]

    def clean(self):
        cleaned = super().clean()
        workshop, member = cleaned.get("workshop"), cleaned.get("member")
        if workshop is None or member is None:
            return cleaned
        try:
            [self.instance] = services.delegates_register(
                workshop=workshop,
                partner=member.learning_set.partner,
                members=[member],
                by=self.user,
            )
        except ValidationError as error:
            _add_service_errors(self, "member", error)
        return cleaned


class RegistrationChangeForm(forms.ModelForm):
    """Moves a delegate along the lifecycle through services.registration_set_status."""

    user = None  # set per request by RegistrationAdmin.get_form

    class Meta:
        model = Registration
        fields = ["status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        allowed = {current, *rules.TRANSITIONS[current]}
        self.fields["status"].choices = [
            (value, label) for value, label in Registration.Status.choices if value in allowed
        ]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status is None or "status" not in self.changed_data:
            return cleaned
        try:
            services.registration_set_status(
                registration=self.instance, status=status, by=self.user
            )
        except ValidationError as error:
            _add_service_errors(self, "status", error)
        else:
            self.instance.refresh_from_db()
        return cleaned
