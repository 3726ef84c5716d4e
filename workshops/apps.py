from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = "Transnational Exchange Workshops"

    def ready(self):
        # The outbox learns the workshops' kinds of e-mail and their invitation links, in
        # every process that sends mail.
        from workshops import emails

        emails.register()
