from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The outbox learns allauth's e-mails and their personal links.
        from accounts import emails

        emails.register()
        # A person's data: the account, and the outbox's and admin log's copies of it.
        from accounts.personal_data import parts

        parts.register_parts()
