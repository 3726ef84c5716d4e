"""The admin's exports (django-import-export, CSV and XLSX): lists the management team opens in
a spreadsheet, in the reader's language, that a spreadsheet shows and never runs.

The library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: it only drops a leading
"=" (so "==1" is still a formula, and "+", "-", "@" are not caught) and changes the text.
`FormulaSafeExport` keeps the text and puts an apostrophe before it, as the OWASP advice on
CSV injection says; an XLSX cell that would hold a control character has it replaced
(IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT in the settings) instead of failing the export.
"""

from django.utils import timezone
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

# What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """A text a spreadsheet would run, as text it shows; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class FormulaSafeExport:
    """A resource's mixin: every exported value passes through `formula_safe`. Names and
    organisations are typed by partner contacts and members, titles by authors."""

    def export_field(self, field, instance, **kwargs):
        return formula_safe(super().export_field(field, instance, **kwargs))


class TeamExport(ExportMixin):
    """An admin's export of the rows its list shows (filters and search applied), as CSV or
    XLSX, for whoever may view them there; `export_name` starts the file's name."""

    export_name = ""
    formats = [CSV, XLSX]
    export_form_class = ExportForm

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"
