from django.contrib import admin, messages
from django.db import router, transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin_autocomplete import SafeAutocompleteAdmin
from common.admin_export import TeamExport
from common.audit import TrailAdmin
from workshops import services
from workshops.admin.forms import RegistrationAddForm, RegistrationChangeForm
from workshops.models import Registration, StatusChange
from workshops.resources import DelegateResource


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ["status", "changed_at", "changed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("status change")
    verbose_name_plural = _("History")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(Registration)
class RegistrationAdmin(SafeAutocompleteAdmin, TeamExport, TrailAdmin):
    list_display = [
        "member",
        "partner",
        "workshop",
        "status",
        "registered_at",
        "registered_by",
        "status_changed_at",
        "status_changed_by",
    ]
    list_filter = ["workshop", "status", "partner"]
    search_fields = ["member__name", "member__email", "partner__name"]
    list_select_related = [
        "member",
        "partner",
        "workshop__sub_theme",
        "registered_by",
        "status_changed_by",
    ]
    autocomplete_fields = ["workshop", "member"]
    actions = ["mark_attended", "mark_no_show"]
    resource_classes = [DelegateResource]
    export_name = "delegates"
    readonly_fields = [
        "workshop",
        "partner",
        "member",
        "replaced",
        "registered_at",
        "registered_by",
        "status_changed_at",
        "status_changed_by",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["workshop", "member"]
        return ["status", *self.readonly_fields]

    def get_inlines(self, request, obj):
        return [StatusChangeInline] if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RegistrationChangeForm if obj else RegistrationAddForm
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # The forms write through the services in clean(); a page shown again with
            # errors (say, an invalid inline) must leave nothing behind.
            if getattr(response, "context_data", {}).get("errors"):
                transaction.set_rollback(True)
        return response

    @admin.display(description=_("Replaces"))
    def replaced(self, registration):
        """The delegate whose place this one took, by name (a registration's __str__ is its
        number)."""
        if registration.replaces is None:
            return None
        url = reverse(
            "admin:workshops_registration_change",
            args=[registration.replaces_id],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, registration.replaces.member.name)

    def save_model(self, request, obj, form, change):
        """Nothing to do: the form's service call has saved the registration."""

    @admin.action(description=_("Mark attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, Registration.Status.ATTENDED)

    @admin.action(description=_("Mark no-show"), permissions=["change"])
    def mark_no_show(self, request, queryset):
        self._mark(request, queryset, Registration.Status.NO_SHOW)

    def _mark(self, request, queryset, status):
        changed, refused = services.registrations_mark_attendance(
            registrations=queryset.select_related("member", "workshop"),
            status=status,
            by=request.user,
        )
        label = Registration.Status(status).label.lower()
        done = ngettext(
            "%(count)d delegate marked %(status)s.",
            "%(count)d delegates marked %(status)s.",
            changed,
        )
        self.message_user(request, done % {"count": changed, "status": label}, messages.SUCCESS)
        if refused:
            not_done = ngettext(
                "%(count)d not changed: %(reasons)s",
                "%(count)d not changed: %(reasons)s",
                len(refused),
            )
            reasons = " ".join(refused)
            self.message_user(
                request, not_done % {"count": len(refused), "reasons": reasons}, messages.WARNING
            )
