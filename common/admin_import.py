"""The admin's import, whose confirm step imports a previewed file once, as it was previewed.

django-import-export's confirm form carries the temporary file's name and the indexes of the
format and the resource as hidden fields, which process_import uses as they come: confirming
twice (the file is gone), another name, a NUL or an index out of range answered 500.
`SafeImportMixin` signs the three together when the preview is shown, for an hour, and turns
a confirmation it cannot honour into a message and the upload page. Two confirmations at the
same moment both read the file: the second one's rows then collide with the first's (a
member's e-mail address is unique in a learning set), and it imports nothing.
"""

import os

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm

SALT = "common.admin_import"
MAX_AGE = 60 * 60  # seconds from the preview to the confirmation
GONE = _(
    "This import was already confirmed, has expired or its form was altered: upload the file "
    "again. Nothing was imported."
)


class SignedConfirmImportForm(ConfirmImportForm):
    """The confirm form whose file name is the signed (name, format, resource) of the preview."""

    def clean_import_file_name(self):
        try:
            signed = signing.loads(
                self.cleaned_data["import_file_name"], salt=SALT, max_age=MAX_AGE
            )
        except signing.BadSignature:
            raise ValidationError(GONE) from None
        self.previewed = signed
        return os.path.basename(signed["name"])

    def clean(self):
        cleaned = super().clean()
        previewed = getattr(self, "previewed", None)
        sent = [cleaned.get("format"), cleaned.get("resource") or ""]
        if previewed and sent != [previewed["format"], previewed["resource"]]:
            raise ValidationError(GONE)
        return cleaned


class SafeImportMixin(ImportMixin):
    confirm_form_class = SignedConfirmImportForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial:
            previewed = {
                "name": initial["import_file_name"],
                "format": str(initial["format"]),
                "resource": str(initial["resource"] or ""),
            }
            initial["import_file_name"] = signing.dumps(previewed, salt=SALT)
        return initial

    def process_import(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            if not self.create_confirm_form(request).is_valid():
                return self._gone(request)
            try:
                return super().process_import(request, **kwargs)
            except FileNotFoundError:  # confirmed a moment ago, in another request
                return self._gone(request)
        return super().process_import(request, **kwargs)

    def _gone(self, request):
        messages.error(request, GONE)
        info = self.get_model_info()
        url = reverse(f"admin:{info[0]}_{info[1]}_import", current_app=self.admin_site.name)
        return HttpResponseRedirect(url)
