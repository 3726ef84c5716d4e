from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Registers the personal links of allauth's e-mails with the outbox.
        from accounts import emails  # noqa: F401
