"""Curated content of proposals in the five languages (django-modeltranslation): a call's name
and programme, a rubric's criteria. A column per language, e.g. name_en_gb, name_el; a reader
sees theirs, else English."""

from modeltranslation.translator import TranslationOptions, register

from proposals.models import Call, Criterion


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("name", "programme")
    required_languages = {"en-gb": ("name",)}


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en-gb",)
