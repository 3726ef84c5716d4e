"""Backups that restore (README, "Backups"). django-dbbackup dumps the database (pg_dump's custom
format; SQLite's backup API), archives the uploaded files, compresses, stores (BACKUP_DIR or S3)
and keeps the last BACKUP_KEEP; this module adds what a restore checks before it changes a thing.

A restore goes only into an empty database (and empty file storage), from a dump of the same
kind of database whose every byte was read back first: gzip's checksum, then pg_restore or
SQLite's integrity check on the unpacked copy. Restored, the database is migrated to this code
and `common.signals.backup_restored` lets the apps re-apply what must not come back.
"""

import gzip
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path

from dbbackup.management.commands import dbbackup, dbrestore, mediabackup, mediarestore
from dbbackup.storage import get_storage
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.management import call_command
from django.db import DatabaseError, connection

from accounts.personal_data import erasure_log_keep
from common.signals import backup_restored

KINDS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
_MAGIC = {b"PGDMP": "postgresql", b"SQLite format 3\x00": "sqlite"}


class RestoreRefused(Exception):
    """Why a restore was refused; nothing was changed."""


def backup_write() -> list[str]:
    """Dump the database and archive the uploaded files into the backup storage, then delete
    all but the last BACKUP_KEEP of each; returns the names of the two new files."""
    media = storages["default"]
    if isinstance(media, FileSystemStorage):
        Path(media.location).mkdir(parents=True, exist_ok=True)  # no upload yet: an empty archive
    call_command(dbbackup.Command(), compress=True, clean=True, quiet=True)
    call_command(mediabackup.Command(), compress=True, clean=True, quiet=True)
    erasure_log_keep()  # beside the dumps: a restore of an older one erases again
    storage = get_storage()
    return [
        storage.get_latest_backup(compressed=True, content_type="db", database="default"),
        storage.get_latest_backup(compressed=True, content_type="media"),
    ]


def backup_restore(*, dump: str, media: str | None = None) -> None:
    """Restore a database dump (and an archive of the files) written by backup_write, into an
    empty database and empty file storage; RestoreRefused says why not, with nothing changed."""
    with tempfile.TemporaryDirectory(prefix="mile-restore-") as folder:
        database = _unpacked(dump, Path(folder) / "database")
        _check_dump(database, name=dump)
        files = None
        if media is not None:
            files = _unpacked(media, Path(folder) / "media.tar")
            _check_archive(files, name=media)
        _check_database_empty()
        if media is not None:
            _check_storage_empty()
        call_command(dbrestore.Command(), input_path=str(database), interactive=False, quiet=True)
        call_command("migrate", interactive=False, verbosity=0)
        if files is not None:
            call_command(
                mediarestore.Command(), input_path=str(files), interactive=False, quiet=True
            )
    backup_restored.send(sender=None)


def _unpacked(name: str, target: Path) -> Path:
    """The file (a path, or a name in the backup storage) uncompressed to `target`: reading it
    whole checks gzip's length and checksum, so a file cut short or damaged is refused here."""
    try:
        source = open(name, "rb") if os.path.isfile(name) else _stored(name)  # noqa: SIM115
        with source, gzip.open(source) as unpacked, target.open("wb") as copy:
            shutil.copyfileobj(unpacked, copy)
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as error:
        raise RestoreRefused(
            f"{name} is not a whole gzip file ({error}): it was cut short or damaged."
        ) from None
    return target


def _stored(name: str):
    storage = get_storage()
    if not storage.storage.exists(name):
        raise RestoreRefused(f"No file {name} here nor in the backup storage ({_where()}).")
    return storage.read_file(name)


def _where() -> str:
    if settings.BACKUP_S3_BUCKET:
        return f"the bucket {settings.BACKUP_S3_BUCKET}"
    return str(settings.BACKUP_DIR)


def _check_dump(path: Path, *, name: str) -> None:
    with path.open("rb") as dump:
        start = dump.read(16)
    kind = next((kind for magic, kind in _MAGIC.items() if start.startswith(magic)), None)
    if kind is None:
        if tarfile.is_tarfile(path):
            raise RestoreRefused(
                f"{name} is an archive of uploaded files, not a database dump: give it as "
                "--media, with the database dump of the same backup."
            )
        raise RestoreRefused(
            f"{name} is neither a PostgreSQL dump (custom format) nor a SQLite database."
        )
    if kind != connection.vendor:
        raise RestoreRefused(
            f"{name} is a {KINDS[kind]} dump, but this site's database is "
            f"{KINDS.get(connection.vendor, connection.vendor)} (DATABASE_URL): restore it into "
            f"a {KINDS[kind]} database."
        )
    problem = _postgresql_problem(path) if kind == "postgresql" else _sqlite_problem(path)
    if problem:
        raise RestoreRefused(f"{name} is damaged: {problem}")


def _postgresql_problem(path: Path) -> str:
    """pg_restore reads the whole dump (its table of contents and every table's data) as if
    restoring it, into nothing."""
    try:
        result = subprocess.run(
            ["pg_restore", f"--file={os.devnull}", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise RestoreRefused(
            "pg_restore is not installed: install PostgreSQL's client programs "
            "(Debian: apt install postgresql-client)."
        ) from None
    return result.stderr.strip() if result.returncode else ""


def _sqlite_problem(path: Path) -> str:
    try:
        with sqlite3.connect(path) as database:
            found = [row[0] for row in database.execute("PRAGMA integrity_check")]
        database.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "" if found == ["ok"] else "; ".join(found)


def _check_database_empty() -> None:
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as error:
        raise RestoreRefused(f"Cannot open the database to restore into: {error}") from None
    if tables:
        shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
        raise RestoreRefused(
            f"The database {connection.settings_dict['NAME']} is not empty: it has "
            f"{len(tables)} tables ({shown}). A restore goes only into an empty database: "
            "create a new one and point DATABASE_URL at it."
        )


def _check_storage_empty() -> None:
    try:
        folders, files = default_storage.listdir("")
    except FileNotFoundError:
        return
    if folders or files:
        raise RestoreRefused(
            "The uploaded files' storage (MEDIA_ROOT) is not empty: the files are restored only "
            "into empty storage. Move its contents away, or restore without --media."
        )


def _check_archive(path: Path, *, name: str) -> None:
    try:
        with tarfile.open(path, "r:") as archive:
            names = archive.getnames()
    except tarfile.TarError as error:
        raise RestoreRefused(f"{name} is not an archive of uploaded files: {error}") from None
    outside = [item for item in names if item.startswith("/") or ".." in Path(item).parts]
    if outside:
        raise RestoreRefused(f"{name} names files outside the storage: {outside[0]}")
