"""A workshop's title, theme, handbook and agenda in the five languages (django-modeltranslation).

Their history is registered here, after the translation: a `history = HistoricalRecords()` in
the model would build the history table before modeltranslation adds the language columns, so
it would record only the active language (django-simple-history's documented way for
modeltranslation is to register the history after translator.register).
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


simple_history.register(Workshop)
simple_history.register(Session)
