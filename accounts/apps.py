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
        # A restore from a backup erases again whoever was erased (mile/backups.py).
        from accounts.personal_data import reapply_erasures_after_restore
        from common.signals import backup_restored

        backup_restored.connect(reapply_erasures_after_restore, dispatch_uid="erasures")
