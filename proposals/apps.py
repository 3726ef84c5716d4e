from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Project proposals")

    def ready(self):
        # The outbox learns the proposals' kinds of e-mail, in every process that sends mail.
        from proposals import emails

        emails.register()
        # A person's data: the proposals, texts and comments they wrote.
        from proposals import personal_data

        personal_data.register_part()
