"""Admin forms: a workshop's times in its own time zone, and delegates through the services."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.wallclock import WallClockDateTimeField, WallClockFormMixin
from workshops import rules, services
from workshops.models import Registration, Workshop

WALL_CLOCK_FIELDS = ("registration_opens_at", "registration_closes_at")


class WorkshopForm(WallClockFormMixin, forms.ModelForm):
    """Registration opens and closes at wall-clock times in the workshop's time zone."""

    wall_clock_fields = WALL_CLOCK_FIELDS
    wall_clock_help = _("In the workshop's time zone (%(zone)s), as set under Place and time.")

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

    def clean(self):
        cleaned = super().clean()
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
