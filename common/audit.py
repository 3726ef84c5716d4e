"""The audit trail (django-simple-history) in the admin: who changed what, read-only.

`TrailAdmin` gives a tracked model's admin its "History" button; `register_trail` adds an
"Audit trail" changelist of a tracked model's history rows, filtered by who, when and kind,
searchable, with the fields each change touched. Nobody adds, edits, deletes or reverts
history here.
"""

import re

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

KINDS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that are only read in the admin: nobody adds, changes or deletes them there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TrailAdmin(SimpleHistoryAdmin):
    """The "History" button on the change page, without "Revert": a change goes through the
    model's own form and services, never by copying an old record back."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class TrailChangeList(ChangeList):
    """Fetches the previous record of every row on the page in one query, for the diff."""

    def get_results(self, request):
        super().get_results(request)
        rows = list(self.result_list)
        ids = [row.previous_id for row in rows if row.previous_id]
        previous = self.model._default_manager.in_bulk(ids) if ids else {}
        for row in rows:
            row.previous = previous.get(row.previous_id)
        self.result_list = rows


class HistoryRowAdmin(ReadOnlyAdmin):
    """A read-only list of one tracked model's history rows (the audit trail)."""

    list_display = ["history_date", "who", "kind", "record", "changes", "history_change_reason"]
    list_filter = [
        ("history_user", admin.RelatedOnlyFieldListFilter),
        "history_date",
        "history_type",
    ]
    search_fields = ["history_user__email", "history_change_reason"]
    date_hierarchy = "history_date"
    list_select_related = ["history_user"]
    list_per_page = 50
    ordering = ["-history_date", "-history_id"]

    def get_queryset(self, request):
        previous = (
            self.model._default_manager.filter(
                Q(history_date__lt=OuterRef("history_date"))
                | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
                id=OuterRef("id"),
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        return super().get_queryset(request).annotate(previous_id=Subquery(previous))

    def get_changelist(self, request, **kwargs):
        return TrailChangeList

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        # A row's own words, in each language it is kept in (title, or title_en_gb, title_el…).
        readable = re.compile(r"(title|name|description)(_[a-z_]+)?")
        names = [field.name for field in self.model._meta.fields]
        return fields + [name for name in names if readable.fullmatch(name)]

    @admin.display(description=_("who"), ordering="history_user__email")
    def who(self, row):
        return row.history_user.email if row.history_user else gettext("(the system)")

    @admin.display(description=_("what"), ordering="history_type")
    def kind(self, row):
        return KINDS.get(row.history_type, row.history_type)

    @admin.display(description=_("record"), ordering="id")
    def record(self, row):
        tracked = self.model.instance_type._meta
        label = f"{tracked.verbose_name} #{row.id}"
        if row.history_type == "-":
            return label
        try:
            url = reverse(f"admin:{tracked.app_label}_{tracked.model_name}_change", args=[row.id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    def _shown(self, name, value) -> str:
        return _short(_label(self.model._meta.get_field(name), value))

    @admin.display(description=_("changed fields"))
    def changes(self, row):
        previous = getattr(row, "previous", None)
        if previous is None:
            return "—" if row.history_type != "+" else gettext("(new)")
        delta = row.diff_against(previous)
        if not delta.changes:
            return gettext("(no field changed)")
        return format_html_join(
            "; ",
            "{}: {} → {}",
            (
                (
                    change.field,
                    self._shown(change.field, change.old),
                    self._shown(change.field, change.new),
                )
                for change in delta.changes
            ),
        )


def _label(field, value):
    """A choice's label ("Invited", not "invited")."""
    return dict(field.flatchoices).get(value, value) if field.choices else value


def _short(value, limit=80) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def register_trail(*models) -> None:
    """Add an audit-trail changelist for each tracked model's history."""
    for model in models:
        admin.site.register(model.history.model, HistoryRowAdmin)
