import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from common import l10n
from common.admin_autocomplete import SafeAutocompleteAdmin
from common.audit import TrailAdmin
from common.choices import RowsChoiceField
from common.richtext import render_markdown
from common.wallclock import zone_of_change
from partners.models import Partner
from workshops import reminders, rules
from workshops.admin.forms import WorkshopForm
from workshops.admin.overview import registration_overview
from workshops.models import Session, Workshop

NO_REMINDER_NEEDED = {
    reminders.MISSING: _(
        "No reminder was needed: every invited partner has its delegates, or registration is "
        "not open."
    ),
    reminders.UNANSWERED: _(
        "No reminder was needed: no delegate is waiting to answer an invitation."
    ),
}


class ReminderChoiceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Reminder"),
        choices=reminders.SEND_NOW_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "Partners missing delegates: every contact of an invited partner with places left, "
            "while registration is open. Delegates who have not answered: every delegate still "
            "invited, with the link of their invitation. Sending twice on one day sends nothing "
            "twice."
        ),
    )


class SessionInline(TranslationStackedInline):
    """A session's title and description in each language (title_en_gb, title_el…)."""

    model = Session
    fields = ["day", "start_time", "end_time", "kind", "location", "title", "description"]
    extra = 1


@admin.register(Workshop)
class WorkshopAdmin(SafeAutocompleteAdmin, TranslationAdmin, TrailAdmin):
    """Title, theme and handbook in each language: TranslationAdmin puts a field per language
    (title_en_gb, title_pt_pt…) where the fieldsets name the field; English is required."""

    form = WorkshopForm
    list_display = [
        "title",
        "sub_theme",
        "host",
        "dates",
        "status",
        "registrations",
        "overview_link",
    ]
    list_filter = ["status", "sub_theme", "host"]
    list_select_related = ["sub_theme", "host"]
    search_fields = ["title", "theme", "city", "host__name"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["host", "sub_theme"]
    filter_horizontal = ["invited_partners"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RowsChoiceField)  # an id beyond any row is refused
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    readonly_fields = ["handbook_preview"]
    inlines = [SessionInline]
    actions = ["send_reminders_now"]
    fieldsets = [
        (_("Workshop"), {"fields": ["title", "slug", "theme", "sub_theme", "host"]}),
        (
            _("Place and time"),
            {"fields": ["venue", "city", "time_zone", "start_date", "end_date"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "status",
                    "registration_opens_at",
                    "registration_closes_at",
                    "delegates_per_partner",
                    "invited_partners",
                ]
            },
        ),
        (
            _("Reminders"),
            {
                "fields": [
                    "reminder_missing_days",
                    "reminder_unanswered_days",
                    "reminder_upcoming_days",
                ]
            },
        ),
        (_("Handbook"), {"fields": ["handbook", "handbook_preview"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                places_taken=Count(
                    "registrations",
                    filter=Q(registrations__status__in=rules.HOLDING_A_PLACE),
                    distinct=True,
                ),
                partners_invited=Count("invited_partners", distinct=True),
            )
        )

    @admin.display(description=_("Dates"), ordering="start_date")
    def dates(self, workshop):
        return l10n.date_range(workshop.start_date, workshop.end_date)

    @admin.display(description=_("Delegates / places"))
    def registrations(self, workshop):
        places = workshop.delegates_per_partner * workshop.partners_invited
        return f"{workshop.places_taken} / {places}"

    @admin.display(description=_("Registrations"))
    def overview_link(self, workshop):
        return format_html('<a href="{}">{}</a>', self._overview_url(workshop), _("Overview"))

    @admin.display(description=_("Preview"))
    def handbook_preview(self, workshop):
        # Safe to mark: render_markdown has sanitised the HTML with nh3.
        return mark_safe(render_markdown(workshop.handbook))

    @admin.action(description=_("Send a reminder now…"), permissions=["change"])
    def send_reminders_now(self, request, queryset):
        """Choose the reminder on an intermediate page; reminders_send_now sends it."""
        form = ReminderChoiceForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": gettext("Send a reminder now"),
                "workshops": queryset,
                "form": form,
                "action": "send_reminders_now",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(
                request, "admin/workshops/workshop/reminders_send.html", context
            )
        kind = form.cleaned_data["kind"]
        queued = reminders.reminders_send_now(workshops=queryset, kind=kind, by=request.user)
        if queued:
            message = ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", queued)
            self.message_user(request, message % {"count": queued}, messages.SUCCESS)
        else:
            self.message_user(request, NO_REMINDER_NEEDED[kind], messages.INFO)
        return None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("invited_partners", list(Partner.objects.values_list("pk", flat=True)))
        return initial

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Show the page in the workshop's time zone (the admin's clock shortcuts use it too)."""
        with timezone.override(self._zone(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response

    def _zone(self, request, object_id) -> zoneinfo.ZoneInfo:
        default = Workshop._meta.get_field("time_zone").default
        return zone_of_change(request, Workshop, object_id, default)

    def get_urls(self):
        overview = path(
            "<int:object_id>/registrations/",
            self.admin_site.admin_view(self.overview_view),
            name="workshops_workshop_registrations",
        )
        return [overview, *super().get_urls()]

    def _overview_url(self, workshop) -> str:
        return reverse(
            "admin:workshops_workshop_registrations",
            args=[workshop.pk],
            current_app=self.admin_site.name,
        )

    @method_decorator(require_safe)
    def overview_view(self, request, object_id):
        """Every invited partner with its delegates against the quota; who is still missing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        workshop = get_object_or_404(
            Workshop.objects.select_related("host", "sub_theme"), pk=object_id
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Registrations: %(workshop)s") % {"workshop": workshop},
            "workshop": workshop,
            "window": {
                "opens": rules.local_time(workshop, workshop.registration_opens_at),
                "closes": rules.local_time(workshop, workshop.registration_closes_at),
            },
            **registration_overview(
                workshop=workshop,
                status=request.GET.get("status", ""),
                partner_slug=request.GET.get("partner", ""),
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/workshops/workshop/registration_overview.html", context
        )
