"""The rubrics' criteria in the five languages (django-modeltranslation): a column per
language, e.g. name_en_gb, name_el; a reader sees theirs, else English."""

from modeltranslation.translator import TranslationOptions, register

from proposals.models import Criterion


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en-gb",)
