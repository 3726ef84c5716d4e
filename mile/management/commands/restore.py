from django.core.management.base import BaseCommand, CommandError

from common.signals import backup_restored
from mile.backups import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into an EMPTY database (and empty file storage): the database dump, "
        "and with --media the archive of the uploaded files written at the same time. Both are "
        "checked whole before anything changes; the database is then migrated and the erasure "
        "log re-applied."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dump", nargs="?", help="the database dump: a path, or a name in the backup storage"
        )
        parser.add_argument("--media", help="the archive of the uploaded files (…-media-….tar.gz)")
        parser.add_argument(
            "--hooks-only",
            action="store_true",
            help="restore nothing; only re-apply what the apps re-apply after a restore (the "
            "erasure log), e.g. when that step failed",
        )

    def handle(self, *args, dump=None, media=None, hooks_only=False, **options):
        if hooks_only:
            steps = backup_restored.send(sender=None)
            self.stdout.write(self.style.SUCCESS(f"Ran the after-restore steps: {len(steps)}."))
            return
        if dump is None:
            raise CommandError("Name the database dump to restore (see manage.py restore --help).")
        try:
            backup_restore(dump=dump, media=media)
        except RestoreRefused as refused:
            raise CommandError(f"{refused} Nothing was changed.") from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored {dump}" + (f" and {media}." if media else "."))
        )
