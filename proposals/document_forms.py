"""The form that attaches a document to a proposal, or replaces one. The file's checks are the
service's (proposals.documents.document_file_checked): the view puts its refusal beside the
file field."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from proposals.documents import accepted_kinds
from proposals.file_types import ACCEPTED
from proposals.models import Document


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What it is, e.g. “Letter of support from the Chamber of Commerce”."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    # An empty file is the service's refusal, worded as the others are.
    file = forms.FileField(label=_("File"), allow_empty_file=True, max_length=1000)
    is_public = forms.BooleanField(
        label=_("Show it with the proposal in the public library"),
        required=False,
        help_text=_("Once the proposal is approved and made public, anybody may download it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "{kinds}; at most {most} MB. Its kind is read from its content."
        ).format(kinds=accepted_kinds(), most=settings.DOCUMENT_MAX_MB)
        self.fields["file"].widget.attrs["accept"] = ",".join(
            extension for kind in ACCEPTED for extension in kind.extensions
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> carries the token
