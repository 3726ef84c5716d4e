"""A workshop's title, theme, handbook and agenda in the five languages (django-modeltranslation).

Their history is registered here, after the translation: a `history = HistoricalRecords()` in
the model would build the history table before modeltranslation adds the language columns, so
it would record only the active language (django-simple-history's documented way for
modeltranslation is to register the history after translator.register). The history keeps the
language columns (title_en_gb, title_el…) and leaves out the untranslated column (title), which
modeltranslation fills with whichever language was active at the save: a save in Greek would
read as a change of the title.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from workshops.models import Session, Workshop


@register(Workshop)
class WorkshopTranslation(TranslationOptions):
    fields = ("title", "theme", "handbook")
    required_languages = {"en-gb": ("title", "theme")}


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en-gb": ("title",)}


simple_history.register(Workshop, excluded_fields=WorkshopTranslation.fields)
simple_history.register(Session, excluded_fields=SessionTranslation.fields)
