from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Transnational Exchange Workshops")

    def ready(self):
        # The outbox learns the workshops' kinds of e-mail and their invitation links, in
        # every process that sends mail.
        from workshops import emails

        emails.register()
        # A person's data: their registrations as a delegate and their invitations.
        from workshops import personal_data

        personal_data.register_part()
