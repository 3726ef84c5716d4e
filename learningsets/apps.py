from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningSetsConfig(AppConfig):
    name = "learningsets"
    verbose_name = _("Action Learning Sets")

    def ready(self):
        # The outbox learns the account invitation and its link, in every sending process.
        from learningsets import emails

        emails.register()
        # A person's data: their member rows and account invitations.
        from learningsets import personal_data

        personal_data.register_part()
