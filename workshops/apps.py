from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = "Transnational Exchange Workshops"

    def ready(self):
        # Registers how the outbox makes invitation links, in every process that sends mail.
        from workshops import invitations  # noqa: F401
