from django.conf import settings
from django.core.management.base import BaseCommand

from mile.backups import backup_write


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files, compressed and dated, to BACKUP_DIR (or "
        "the BACKUP_S3_BUCKET), keeping the last BACKUP_KEEP of each."
    )

    def handle(self, *args, **options):
        for name in backup_write():
            self.stdout.write(f"Wrote {name}")
        self.stdout.write(
            self.style.SUCCESS(f"Backed up; the last {settings.BACKUP_KEEP} of each are kept.")
        )
