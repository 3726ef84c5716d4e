"""The management team's wording of an e-mail in each of the platform's languages
(django-modeltranslation: a subject and a body column per language, `subject_pt_pt`...).

A reader's wording is looked up per language by outbox.mail.wording, which reads the columns
themselves: modeltranslation's own fallback would skip the repository's wording in the
reader's language."""

from modeltranslation.translator import TranslationOptions, register

from outbox.models import EmailTemplate


@register(EmailTemplate)
class EmailTemplateTranslationOptions(TranslationOptions):
    fields = ("subject", "body")
