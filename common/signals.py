"""Signals the project sends that any app may receive; they name no domain."""

from django.dispatch import Signal

# Sent by `manage.py restore` (mile/backups.py) once a backup's database is restored and
# migrated and its files are back, before the site runs on it: each app puts right what must not
# come back from an older copy (the erasure log re-applied). No arguments. A receiver that fails
# makes the restore fail, loudly: run it again by `manage.py restore --hooks-only`.
backup_restored = Signal()
