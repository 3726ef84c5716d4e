from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # The outbox learns allauth's e-mails and their personal links.
        from accounts import emails

        emails.register()
