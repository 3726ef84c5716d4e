from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # A person's data: their calendar feed link.
        from portal import personal_data

        personal_data.register_part()
