"""mile's settings, and a receiver of backup_restored that writes what it finds in the restored
database to RESTORE_HOOK_FILE: the restore tests see that the hook ran, after the data was in."""

import os
from pathlib import Path

from common.signals import backup_restored
from mile.settings import *  # noqa: F403


def _write_what_the_hook_finds(**kwargs):
    from learningsets.models import Member

    Path(os.environ["RESTORE_HOOK_FILE"]).write_text(f"members: {Member.objects.count()}")


backup_restored.connect(_write_what_the_hook_finds)
