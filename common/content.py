"""Curated content in the reader's language, else in English marked as such.

The team writes the sub-themes, the principles and the workshops in any of the five languages
(django-modeltranslation: a column per language, registered in each app's translation.py). A
reader sees their language's text and, where it has none, the English; a screen reader must
then read that English as English, so the text carries lang="en". One rule, `is_fallback`,
read from the columns the row already holds: no query.

Templates use it through `{% load content %}` (common/templatetags/content.py); forms through
`marked` for a label and `ContentSelect` for the options of a <select>.
"""

from django import forms
from django.utils.html import format_html
from modeltranslation import settings as translation_settings
from modeltranslation.utils import build_localized_fieldname, get_language

FALLBACK_LANG = "en"  # MODELTRANSLATION_FALLBACK_LANGUAGES: British English, read as English


def is_fallback(obj, field: str) -> bool:
    """The reader's language has no text for `obj.field`, so the reader is shown the English."""
    language = get_language()
    if language in translation_settings.FALLBACK_LANGUAGES["default"]:
        return False
    own = getattr(obj, build_localized_fieldname(field, language), None)
    return own in (None, "") and getattr(obj, field) not in (None, "")


def marked(obj, field: str):
    """`obj.field` in the reader's language; the English fallback inside <span lang="en">."""
    text = getattr(obj, field)
    if is_fallback(obj, field):
        return format_html('<span lang="{}">{}</span>', FALLBACK_LANG, text)
    return text


def lang_attribute(obj, field: str):
    """` lang="en"` for an element around `obj.field` when it shows the English, else ""."""
    return format_html(' lang="{}"', FALLBACK_LANG) if is_fallback(obj, field) else ""


class ContentSelect(forms.Select):
    """A ModelChoiceField's <select> whose labels are `field` of each row: an option showing the
    English carries lang="en" (an <option> holds no element)."""

    def __init__(self, *args, field: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.field = field

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        row = getattr(value, "instance", None)  # ModelChoiceIteratorValue; "" for the empty one
        if row is not None and is_fallback(row, self.field):
            option["attrs"]["lang"] = FALLBACK_LANG
        return option
