"""manage.py backup and restore (mile/backups.py), run as an operator runs them: in a fresh
process whose settings read DATABASE_URL, BACKUP_DIR and MEDIA_ROOT from the environment.

A database holding the demo data is backed up and restored into a new one, and every table's
rows are found equal; on SQLite (temporary files) always, on PostgreSQL (two databases of the
test's own on the test server, dropped at the end) when the tests run on PostgreSQL.
"""

import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.integration.worker import database_url
from tests.postgres import new_database, server_connection

DEMO_MEMBERS = "members: 56"


def manage(*arguments: str, database: str, folder: Path, **environment: str):
    """manage.py in a fresh interpreter, on `database`, backing up to folder/backups."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": database,
            "BACKUP_DIR": str(folder / "backups"),
            "MEDIA_ROOT": str(folder / "media"),
            "CELERY_BROKER_URL": "",  # load_demo's e-mails are sent in-process, to the files
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(folder / "mail"),
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def succeeds(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess) -> str:
    """The one-line reason a refused command gives (the CommandError's message)."""
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stderr.strip().removeprefix("CommandError: ")


def backups(folder: Path, pattern: str) -> list[Path]:
    return sorted((folder / "backups").glob(pattern))


# A draft of the demo gets a supporting document, attached as its authors attach one.
ATTACH = """
from django.core.files.uploadedfile import SimpleUploadedFile
from proposals.documents import document_add
from proposals.models import Proposal
proposal = Proposal.objects.filter(status="draft").order_by("pk").first()
author = proposal.learning_set.partner.contacts.order_by("pk").first()
letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 A letter of support")
document_add(proposal=proposal, title="Letter", kind="other", upload=letter, is_public=False,
             by=author)
"""


def demo_database(database: str, folder: Path) -> None:
    succeeds(manage("migrate", database=database, folder=folder))
    succeeds(manage("load_demo", database=database, folder=folder))
    succeeds(manage("shell", "--no-imports", "-c", ATTACH, database=database, folder=folder))
    upload = folder / "media" / "documents" / "agenda.txt"
    upload.write_text("Amadora, 26-28 February 2008")


def files_under(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*.*")}


def assert_same_files(restored: Path, original: Path) -> None:
    """The uploaded files restored as they were, the proposal's document among them."""
    files = files_under(restored)
    assert files == files_under(original)
    assert b"%PDF-1.4 A letter of support" in files.values()
    assert files["documents/agenda.txt"] == b"Amadora, 26-28 February 2008"


# SQLite: every table of the file, sorted whole rows.


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def sqlite_tables(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        tables = {name: sorted(db.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}
    db.close()
    return tables


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory):
    """A SQLite database with the demo data and one uploaded file, and its backup."""
    folder = tmp_path_factory.mktemp("sqlite")
    source = sqlite_url(folder / "source.sqlite3")
    demo_database(source, folder)
    output = succeeds(manage("backup", database=source, folder=folder))
    return folder, folder / "source.sqlite3", output


def test_a_backup_writes_a_dated_compressed_dump_and_an_archive_of_the_files(sqlite_backup):
    folder, _, output = sqlite_backup
    (dump,) = backups(folder, "mile-default-*.sqlite3.gz")
    (archive,) = backups(folder, "mile-media-*.tar.gz")

    assert output.splitlines() == [
        f"Wrote {dump.name}",
        f"Wrote {archive.name}",
        "Backed up; the last 14 of each are kept.",
    ]
    assert gzip.decompress(dump.read_bytes()).startswith(b"SQLite format 3\x00")


def test_a_sqlite_backup_restores_every_row_and_file_into_a_new_database(sqlite_backup, tmp_path):
    folder, source, _ = sqlite_backup
    (dump,) = backups(folder, "*.sqlite3.gz")
    (archive,) = backups(folder, "*.tar.gz")
    target = tmp_path / "restored.sqlite3"

    result = manage(
        "restore",
        str(dump),
        "--media",
        str(archive),
        database=sqlite_url(target),
        folder=tmp_path,
        DJANGO_SETTINGS_MODULE="tests.mile.restore_hook_settings",
        RESTORE_HOOK_FILE=str(tmp_path / "hook"),
    )

    assert succeeds(result) == f"Restored {dump} and {archive}.\n"
    restored, original = sqlite_tables(target), sqlite_tables(source)
    assert len(original) > 40 and len(original["learningsets_member"]) == 56
    assert restored == original
    assert_same_files(tmp_path / "media", folder / "media")
    assert (tmp_path / "hook").read_text() == DEMO_MEMBERS


def test_the_hooks_can_be_run_again_alone(sqlite_backup, tmp_path):
    _, source, _ = sqlite_backup
    target = tmp_path / "copy.sqlite3"
    shutil.copy(source, target)

    result = manage(
        "restore",
        "--hooks-only",
        database=sqlite_url(target),
        folder=tmp_path,
        DJANGO_SETTINGS_MODULE="tests.mile.restore_hook_settings",
        RESTORE_HOOK_FILE=str(tmp_path / "hook"),
    )

    # The test's own receiver, and the accounts app's: the erasure log applied again.
    assert succeeds(result) == "Ran the after-restore steps: 2.\n"
    assert (tmp_path / "hook").read_text() == DEMO_MEMBERS


def test_a_person_erased_after_the_backup_does_not_come_back_with_the_restore(
    sqlite_backup, tmp_path
):
    folder, source, _ = sqlite_backup
    shutil.copytree(folder / "backups", tmp_path / "backups")
    (dump,) = backups(tmp_path, "*.sqlite3.gz")
    live = tmp_path / "live.sqlite3"
    shutil.copy(source, live)
    address = "economy-councillor@amadora.mile.example"
    succeeds(
        manage("erase_person", address, "--no-input", database=sqlite_url(live), folder=tmp_path)
    )
    assert (tmp_path / "backups" / "mile-erasure-log.json").exists()  # beside the dumps
    target = tmp_path / "restored.sqlite3"

    succeeds(manage("restore", str(dump), database=sqlite_url(target), folder=tmp_path))

    with sqlite3.connect(target) as db:
        found = {
            name: db.execute(f'SELECT count(*) FROM "{name}" WHERE email = ?', [address]).fetchone()
            for name in ("accounts_user", "learningsets_member", "account_emailaddress")
        }
        erasures = db.execute("SELECT count(*) FROM accounts_erasurelog").fetchone()
    db.close()
    assert found == dict.fromkeys(found, (0,))
    assert erasures == (1,)


def test_a_restore_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(
    sqlite_backup, tmp_path
):
    folder, source, _ = sqlite_backup
    (dump,) = backups(folder, "*.sqlite3.gz")
    target = tmp_path / "in-use.sqlite3"
    shutil.copy(source, target)
    before = sqlite_tables(target)
    django_tables = len([name for name in before if not name.startswith("sqlite_")])

    result = manage("restore", str(dump), database=sqlite_url(target), folder=tmp_path)

    assert refused(result) == (
        f"The database {target} is not empty: it has {django_tables} tables "
        "(account_emailaddress, account_emailconfirmation, accounts_erasurelog, …). "
        "A restore goes only into an empty "
        "database: create a new one and point DATABASE_URL at it. Nothing was changed."
    )
    assert sqlite_tables(target) == before


def test_files_are_restored_only_into_empty_storage(sqlite_backup, tmp_path):
    folder, _, _ = sqlite_backup
    (dump,) = backups(folder, "*.sqlite3.gz")
    (archive,) = backups(folder, "*.tar.gz")
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "kept.txt").write_text("mine")
    target = tmp_path / "new.sqlite3"

    result = manage(
        "restore", str(dump), "--media", str(archive), database=sqlite_url(target), folder=tmp_path
    )

    assert refused(result) == (
        "The uploaded files' storage (MEDIA_ROOT) is not empty: the files are restored only into "
        "empty storage. Move its contents away, or restore without --media. Nothing was changed."
    )
    assert not target.exists() or sqlite_tables(target) == {}
    assert [path.name for path in (tmp_path / "media").iterdir()] == ["kept.txt"]


def damaged(dump: Path, how: str, folder: Path) -> Path:
    whole = dump.read_bytes()
    bad = folder / f"{how}.gz"
    if how == "cut-short":
        bad.write_bytes(whole[: len(whole) // 2])
    elif how == "random-bytes":
        bad.write_bytes(os.urandom(len(whole)))
    else:  # a whole gzip file of half a database
        unpacked = gzip.decompress(whole)
        bad.write_bytes(gzip.compress(unpacked[: len(unpacked) // 2]))
    return bad


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        (
            "cut-short",
            "is not a whole gzip file (Compressed file ended before the end-of-stream marker "
            "was reached): it was cut short or damaged.",
        ),
        ("random-bytes", "is not a whole gzip file (Not a gzipped file"),
        ("half-a-database", "is damaged: database disk image is malformed"),
    ],
)
def test_a_damaged_sqlite_dump_is_refused_before_anything_changes(
    sqlite_backup, tmp_path, how, reason
):
    folder, _, _ = sqlite_backup
    (dump,) = backups(folder, "*.sqlite3.gz")
    bad = damaged(dump, how, tmp_path)
    target = tmp_path / "new.sqlite3"

    message = refused(manage("restore", str(bad), database=sqlite_url(target), folder=tmp_path))

    assert message.startswith(f"{bad} {reason}")
    assert message.endswith("Nothing was changed.")
    assert not target.exists() or sqlite_tables(target) == {}


def test_an_archive_of_files_given_as_the_dump_is_refused(sqlite_backup, tmp_path):
    folder, _, _ = sqlite_backup
    (archive,) = backups(folder, "*.tar.gz")

    result = manage(
        "restore", str(archive), database=sqlite_url(tmp_path / "new.sqlite3"), folder=tmp_path
    )

    assert refused(result) == (
        f"{archive} is an archive of uploaded files, not a database dump: give it as --media, "
        "with the database dump of the same backup. Nothing was changed."
    )


def test_an_unknown_file_is_refused(tmp_path):
    result = manage(
        "restore",
        "mile-default-2026-01-01-000000.sqlite3.gz",
        database=sqlite_url(tmp_path / "new.sqlite3"),
        folder=tmp_path,
    )

    assert refused(result) == (
        "No file mile-default-2026-01-01-000000.sqlite3.gz here nor in the backup storage "
        f"({tmp_path / 'backups'}). Nothing was changed."
    )


def test_a_backup_keeps_the_last_backup_keep_of_each(sqlite_backup, tmp_path):
    _, source, _ = sqlite_backup
    older = [
        *(f"mile-default-2026-0{month}-01-023000.sqlite3.gz" for month in (1, 2, 3)),
        *(f"mile-media-2026-0{month}-01-023000.tar.gz" for month in (1, 2, 3)),
    ]
    (tmp_path / "backups").mkdir()
    for name in older:
        (tmp_path / "backups" / name).write_bytes(b"an older backup")

    succeeds(manage("backup", database=sqlite_url(source), folder=tmp_path, BACKUP_KEEP="2"))

    dumps = [path.name for path in backups(tmp_path, "*.sqlite3.gz")]
    archives = [path.name for path in backups(tmp_path, "*.tar.gz")]
    assert dumps[0] == "mile-default-2026-03-01-023000.sqlite3.gz" and len(dumps) == 2
    assert archives[0] == "mile-media-2026-03-01-023000.tar.gz" and len(archives) == 2
    assert dumps[1] > dumps[0] and archives[1] > archives[0]  # today's


def test_a_restore_names_what_it_needs(tmp_path):
    result = manage("restore", database=sqlite_url(tmp_path / "new.sqlite3"), folder=tmp_path)

    assert refused(result) == "Name the database dump to restore (see manage.py restore --help)."


# PostgreSQL: two databases of the test's own, every table of the public schema.

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
    reason="Needs the tests on PostgreSQL (set DATABASE_URL) and its client programs "
    "(pg_dump, pg_restore: Debian's postgresql-client).",
)


def postgresql_tables(dbname: str) -> dict[str, list]:
    with server_connection(dbname) as db, db.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = {}
        for (name,) in cursor.fetchall():
            cursor.execute(f'SELECT * FROM "{name}"')
            tables[name] = sorted(cursor.fetchall(), key=repr)
    db.close()
    return tables


@pytest.fixture(scope="module")
def postgresql_backup(tmp_path_factory):
    """A PostgreSQL database with the demo data and one uploaded file, and its backup."""
    if connection.vendor != "postgresql" or shutil.which("pg_dump") is None:
        pytest.skip("PostgreSQL or pg_dump is absent")
    folder = tmp_path_factory.mktemp("postgresql")
    with new_database() as (name, url):
        demo_database(url, folder)
        succeeds(manage("backup", database=url, folder=folder))
        yield folder, name


@postgresql_only
def test_a_postgresql_backup_restores_every_row_and_file_into_a_new_database(
    postgresql_backup, tmp_path
):
    folder, source = postgresql_backup
    (dump,) = backups(folder, "mile-default-*.psql.bin.gz")
    (archive,) = backups(folder, "mile-media-*.tar.gz")
    assert gzip.decompress(dump.read_bytes()).startswith(b"PGDMP")  # pg_dump's custom format

    with new_database() as (target, url):
        result = manage(
            "restore",
            str(dump),
            "--media",
            str(archive),
            database=url,
            folder=tmp_path,
            DJANGO_SETTINGS_MODULE="tests.mile.restore_hook_settings",
            RESTORE_HOOK_FILE=str(tmp_path / "hook"),
        )

        assert succeeds(result) == f"Restored {dump} and {archive}.\n"
        restored, original = postgresql_tables(target), postgresql_tables(source)
    assert len(original) > 40 and len(original["learningsets_member"]) == 56
    assert restored == original
    assert_same_files(tmp_path / "media", folder / "media")
    assert (tmp_path / "hook").read_text() == DEMO_MEMBERS


@postgresql_only
def test_a_restore_into_a_postgresql_database_that_is_not_empty_is_refused(
    postgresql_backup, tmp_path
):
    folder, source = postgresql_backup
    (dump,) = backups(folder, "*.psql.bin.gz")
    before = postgresql_tables(source)

    result = manage(
        "restore",
        str(dump),
        database=database_url({**connection.settings_dict, "NAME": source}),
        folder=tmp_path,
    )

    assert refused(result).startswith(
        f"The database {source} is not empty: it has {len(before)} tables"
    )
    assert postgresql_tables(source) == before


@postgresql_only
@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("cut-short", "is not a whole gzip file (Compressed file ended before"),
        ("random-bytes", "is not a whole gzip file (Not a gzipped file"),
        ("half-a-database", "is damaged: pg_restore: error: could not read from input file"),
    ],
)
def test_a_damaged_postgresql_dump_is_refused_before_anything_changes(
    postgresql_backup, tmp_path, how, reason
):
    folder, _ = postgresql_backup
    (dump,) = backups(folder, "*.psql.bin.gz")
    bad = damaged(dump, how, tmp_path)

    with new_database() as (target, url):
        message = refused(manage("restore", str(bad), database=url, folder=tmp_path))

        assert message.startswith(f"{bad} {reason}")
        assert postgresql_tables(target) == {}


@postgresql_only
def test_a_dump_of_the_other_kind_of_database_is_refused(
    postgresql_backup, sqlite_backup, tmp_path
):
    pg_folder, _ = postgresql_backup
    (pg_dump,) = backups(pg_folder, "*.psql.bin.gz")
    sqlite_folder, _, _ = sqlite_backup
    (sqlite_dump,) = backups(sqlite_folder, "*.sqlite3.gz")

    with new_database() as (target, url):
        into_postgresql = refused(
            manage("restore", str(sqlite_dump), database=url, folder=tmp_path)
        )
        assert postgresql_tables(target) == {}
    into_sqlite = refused(
        manage(
            "restore", str(pg_dump), database=sqlite_url(tmp_path / "new.sqlite3"), folder=tmp_path
        )
    )

    assert into_postgresql == (
        f"{sqlite_dump} is a SQLite dump, but this site's database is PostgreSQL (DATABASE_URL): "
        "restore it into a SQLite database. Nothing was changed."
    )
    assert into_sqlite == (
        f"{pg_dump} is a PostgreSQL dump, but this site's database is SQLite (DATABASE_URL): "
        "restore it into a PostgreSQL database. Nothing was changed."
    )
