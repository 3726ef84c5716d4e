"""The calls the management team curates: their names and programmes in each language, their
eligible sub-themes, and their opening and deadline on the clocks of the call's time zone."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from common.choices import RowsChoiceField
from common.wallclock import WallClockDateTimeField, WallClockFormMixin, zone_of_change
from common.zones import DEFAULT_ZONE
from proposals import calls, deadlines
from proposals.models import Call


class CallForm(WallClockFormMixin, forms.ModelForm):
    wall_clock_fields = ("opens_at", "deadline")
    wall_clock_help = _("On the clocks of the call's time zone (%(zone)s).")
    url = forms.URLField(
        label=_("Link to the call"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Call
        fields = ["name", "funding_source", "programme", "url", "sub_themes", "time_zone",
                  "opens_at", "deadline"]  # fmt: skip
        field_classes = dict.fromkeys(("opens_at", "deadline"), WallClockDateTimeField)
        widgets = dict.fromkeys(("opens_at", "deadline"), AdminSplitDateTime)


class CallState(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Not open yet")), ("open", _("Open")), ("closed", _("Closed"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        wanted = {
            "upcoming": {"opens_at__gt": now},
            "open": {"opens_at__lte": now, "deadline__gt": now},
            "closed": {"deadline__lte": now},
        }
        return queryset.filter(**wanted[self.value()]) if self.value() in wanted else queryset


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    """Name and programme in each language (name_en_gb, name_pt_pt…); English is required."""

    form = CallForm
    list_display = ["name", "funding_source", "programme", "opens", "closes", "proposal_count"]
    list_filter = [CallState, "funding_source", "sub_themes"]
    search_fields = ["name", "programme"]
    filter_horizontal = ["sub_themes"]
    fieldsets = [
        (_("Call"), {"fields": ["name", "funding_source", "programme", "url", "sub_themes"]}),
        (_("Dates"), {"fields": ["time_zone", "opens_at", "deadline"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RowsChoiceField)  # an id beyond any row is refused
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(proposals_drafted=Count("proposals"))

    @admin.display(description=_("Opens"), ordering="opens_at")
    def opens(self, call):
        return deadlines.on_its_clocks(call, call.opens_at, "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("Deadline"), ordering="deadline")
    def closes(self, call):
        return deadlines.on_its_clocks(call, call.deadline, "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("Proposals"), ordering="proposals_drafted")
    def proposal_count(self, call):
        return call.proposals_drafted

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Show the page on the clocks of the call's time zone (the admin's shortcuts too)."""
        with timezone.override(zone_of_change(request, Call, object_id, DEFAULT_ZONE)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Proposals that named this call in free text before it was curated now point at it.
        calls.proposals_link_to_calls()
