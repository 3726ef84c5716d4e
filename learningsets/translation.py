"""The sub-themes and the Common Basic Principles in the five languages (django-modeltranslation):
a column per language, e.g. name_en_gb, name_el; a reader sees theirs, else English."""

from modeltranslation.translator import TranslationOptions, register

from learningsets.models import CommonBasicPrinciple, SubTheme


@register(SubTheme)
class SubThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    # A name not written in a language is NULL, not "": the name is unique in each language.
    empty_values = {"name": None}
    required_languages = ("en-gb",)


@register(CommonBasicPrinciple)
class CommonBasicPrincipleTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("en-gb",)
