from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "Project proposals"

    def ready(self):
        # The outbox learns the proposals' kinds of e-mail, in every process that sends mail.
        from proposals import emails

        emails.register()
