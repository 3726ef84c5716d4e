"""A call's name and programme in the five languages (django-modeltranslation): a column per
language, e.g. name_en_gb, name_el; a reader sees theirs, else English."""

from modeltranslation.translator import TranslationOptions, register

from proposals.models import Call


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("name", "programme")
    required_languages = {"en-gb": ("name",)}
