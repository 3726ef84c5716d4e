"""Times entered as read on the clocks of a time zone: a workshop's registration window, a
call's opening and deadline. The form knows the zone (its `time_zone` field, the one posted
else the saved one); the field leaves the time naive until the form gives it that zone."""

import datetime as dt
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _


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


def in_zone(wall_clock: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
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


def zone_name(form) -> str:
    """The zone the times are read in: the one posted, else the saved one."""
    posted = form.data.get(form.add_prefix("time_zone")) if form.is_bound else None
    names = {name for name, _ in form.fields["time_zone"].choices}
    return posted if posted in names else form.instance.time_zone


class WallClockFormMixin:
    """A model form whose `wall_clock_fields` are read on the clocks of its `time_zone` field;
    `wall_clock_help` (with a `%(zone)s`) says so under each."""

    wall_clock_fields: tuple[str, ...] = ()
    wall_clock_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = zoneinfo.ZoneInfo(self.instance.time_zone)
        for name in self.wall_clock_fields:
            if name in self.fields:
                self.fields[name].help_text = self.wall_clock_help % {"zone": zone_name(self)}
            if isinstance(self.initial.get(name), dt.datetime):
                self.initial[name] = timezone.make_naive(self.initial[name], zone)

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("time_zone")
        for field in self.wall_clock_fields:
            wall_clock = cleaned.get(field)
            if wall_clock is None:
                continue
            if name is None:
                # Without a valid zone the time means nothing; time_zone shows the error.
                del cleaned[field]
                continue
            try:
                cleaned[field] = in_zone(wall_clock, zoneinfo.ZoneInfo(name))
            except ValidationError as error:
                self.add_error(field, error)
        return cleaned


def zone_of_change(request, model, object_id, default: str) -> zoneinfo.ZoneInfo:
    """The zone an admin change page of `model` is read in: the posted `time_zone`, else the
    saved one, else `default`."""
    names = {name for name, _ in model._meta.get_field("time_zone").choices}
    name = request.POST.get("time_zone")
    if name not in names and str(object_id).isdigit():
        saved = model._default_manager.filter(pk=object_id).values_list("time_zone", flat=True)
        name = saved.first()
    return zoneinfo.ZoneInfo(name if name in names else default)
