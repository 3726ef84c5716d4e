from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        # A person's data: the partners whose contact they are.
        from partners import personal_data

        personal_data.register_part()
