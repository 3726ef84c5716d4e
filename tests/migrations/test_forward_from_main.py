"""A database made before the outbox had an app of its own migrates forward with nothing lost.

main-be7f95f.sql.gz is a PostgreSQL 15 database made at commit be7f95f (the outbox still in
`mile`, an e-mail's workshop a foreign key): `manage.py migrate` and `manage.py load_demo`, then
one e-mail wording (invitation), two more e-mails about a workshop (one failed, one queued;
four e-mails in all have a workshop), two admin log entries (on the wording and on an e-mail),
a group "Outbox readers" with the 8 permissions of the `mile` app (the team's group has them
too) and the permission view_email given to one user; dumped with `pg_dump --inserts` as plain
SQL, psql's meta-commands removed.

Each test makes its own database on the test database's server, and drops it at the end.
"""

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.postgres import new_database, server_connection

DUMP = Path(__file__).with_name("main-be7f95f.sql.gz")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The dump is PostgreSQL's SQL: set DATABASE_URL to a PostgreSQL database to run it.",
)

# The e-mails of the dump, by id: (kind, status); the workshop each of four was about.
KINDS_AND_STATUSES = {
    1: ("invitation", "sent"),
    2: ("invitation", "sent"),
    **dict.fromkeys((3, 4, 5, 11, 12, 13, 15, 16, 17, 18, 19), ("proposal_comment", "sent")),
    6: ("proposal_submitted", "sent"),
    7: ("proposal_in_review", "sent"),
    8: ("proposal_in_review", "sent"),
    9: ("proposal_approved", "sent"),
    10: ("proposal_approved", "sent"),
    14: ("proposal_submitted", "sent"),
    20: ("reminder_upcoming", "failed"),
    21: ("reminder_missing_delegates", "queued"),
}
WORKSHOP = "Transnational Exchange Workshop: Incorporating immigrants into local labour markets"
ABOUT_THE_WORKSHOP = {1: WORKSHOP, 2: WORKSHOP, 20: WORKSHOP, 21: WORKSHOP}
PERMISSIONS = sorted(
    f"{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in ("email", "emailtemplate")
)
# simple_history's tables and their rows in the dump.
HISTORY = {
    "proposals_historicalbudgetline": 6,
    "proposals_historicalcomment": 8,
    "proposals_historicalproposal": 17,
    "proposals_historicalsection": 59,
    "workshops_historicalinvitation": 2,
    "workshops_historicalregistration": 16,
    "workshops_historicalworkshop": 2,
}


def manage(*arguments: str, database_url: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh interpreter whose settings read this database."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )


def rows(dbname: str, sql: str) -> list[tuple]:
    with server_connection(dbname) as db, db.cursor() as cursor:
        cursor.execute(sql)
        found = cursor.fetchall()
    db.close()
    return found


def schema(dbname: str) -> dict:
    """The outbox tables' columns and indexes, to compare a migrated database with a new one."""
    tables = "('mile_email', 'mile_emailtemplate')"
    return {
        "columns": rows(
            dbname,
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
            f" WHERE table_name IN {tables} ORDER BY table_name, column_name",
        ),
        "indexes": rows(
            dbname,
            f"SELECT tablename, indexdef FROM pg_indexes WHERE tablename IN {tables} ORDER BY 2",
        ),
    }


def load_dump(dbname: str) -> None:
    with server_connection(dbname) as db, db.cursor() as cursor:
        cursor.execute(gzip.decompress(DUMP.read_bytes()).decode())
    db.close()


@pytest.fixture(scope="module")
def migrated():
    """The dump loaded into a database of its own and migrated to this commit: its name."""
    with new_database() as (name, url):
        load_dump(name)
        result = manage("migrate", "--no-input", database_url=url)
        assert result.returncode == 0, result.stderr
        left = manage("migrate", "--check", database_url=url)
        assert left.returncode == 0, left.stdout + left.stderr
        yield name


@postgresql_only
def test_every_e_mail_keeps_its_kind_and_status(migrated):
    emails = rows(migrated, "SELECT id, kind, status FROM mile_email ORDER BY id")

    assert {pk: (kind, status) for pk, kind, status in emails} == KINDS_AND_STATUSES


@postgresql_only
def test_the_workshop_of_an_e_mail_is_what_it_is_about(migrated):
    about = rows(
        migrated,
        "SELECT e.id, w.title FROM mile_email e"
        " JOIN django_content_type t ON t.id = e.about_type_id"
        " AND t.app_label = 'workshops' AND t.model = 'workshop'"
        " JOIN workshops_workshop w ON w.id = e.about_id ORDER BY e.id",
    )

    assert dict(about) == ABOUT_THE_WORKSHOP
    assert rows(migrated, "SELECT count(*) FROM mile_email WHERE about_id IS NOT NULL") == [(4,)]


@postgresql_only
def test_the_related_objects_of_the_e_mails_stay(migrated):
    related = rows(
        migrated,
        "SELECT t.app_label, t.model, count(*) FROM mile_email e"
        " LEFT JOIN django_content_type t ON t.id = e.content_type_id"
        " GROUP BY 1, 2 ORDER BY 1, 2",
    )

    assert related == [
        ("proposals", "comment", 11),
        ("proposals", "proposal", 6),
        ("workshops", "invitation", 3),
        (None, None, 1),
    ]


@postgresql_only
def test_the_wording_stays(migrated):
    wording = rows(migrated, "SELECT kind, subject FROM mile_emailtemplate")

    assert wording == [("invitation", "You are invited: {{ workshop }}")]


@postgresql_only
def test_the_wording_so_far_is_its_english_and_the_other_languages_are_blank(migrated):
    wording = rows(
        migrated,
        "SELECT subject_en_gb, body_en_gb = body, subject_pt_pt, body_pt_pt, body_el, body_es,"
        " subject_it FROM mile_emailtemplate",
    )

    assert wording == [("You are invited: {{ workshop }}", True, None, None, None, None, None)]


@postgresql_only
def test_the_e_mails_written_before_are_english(migrated):
    languages = rows(migrated, "SELECT language, count(*) FROM mile_email GROUP BY language")

    assert languages == [("en-gb", len(KINDS_AND_STATUSES))]


@postgresql_only
def test_the_personal_links_stay(migrated):
    links = rows(
        migrated,
        "SELECT (SELECT count(*) FROM workshops_invitation),"
        " (SELECT count(*) FROM learningsets_accountinvitation)",
    )

    assert links == [(2, 0)]


@postgresql_only
def test_the_content_types_are_the_outbox_s_with_their_ids(migrated):
    types = rows(
        migrated,
        "SELECT id, app_label, model FROM django_content_type"
        " WHERE app_label IN ('mile', 'outbox') ORDER BY id",
    )

    assert types == [(8, "outbox", "emailtemplate"), (9, "outbox", "email")]


@postgresql_only
def test_groups_and_users_keep_the_outbox_permissions(migrated):
    by_group = rows(
        migrated,
        "SELECT g.name, p.codename FROM auth_group g"
        " JOIN auth_group_permissions gp ON gp.group_id = g.id"
        " JOIN auth_permission p ON p.id = gp.permission_id"
        " JOIN django_content_type t ON t.id = p.content_type_id AND t.app_label = 'outbox'"
        " ORDER BY 1, 2",
    )
    by_user = rows(
        migrated,
        "SELECT u.email, p.codename FROM accounts_user_user_permissions up"
        " JOIN accounts_user u ON u.id = up.user_id"
        " JOIN auth_permission p ON p.id = up.permission_id"
        " JOIN django_content_type t ON t.id = p.content_type_id AND t.app_label = 'outbox'",
    )

    assert by_group == [
        (group, codename)
        for group in ("MILE management team", "Outbox readers")
        for codename in PERMISSIONS
    ]
    assert [codename for _, codename in by_user] == ["view_email"]
    # 140, the erasure log's view, export_person and erase_person (issue 17), the four of
    # each set meeting, problem, action, learning log entry, take-home and calendar feed
    # (issue 19); the four of a call, a proposal's document, each rubric version, criterion,
    # review round, score sheet and score, and score_proposal (issue 20).
    assert rows(migrated, "SELECT count(*) FROM auth_permission") == [(200,)]


@postgresql_only
def test_the_admin_log_entries_point_at_the_renamed_content_types(migrated):
    entries = rows(
        migrated,
        "SELECT l.object_id, l.object_repr, t.app_label, t.model FROM django_admin_log l"
        " JOIN django_content_type t ON t.id = l.content_type_id ORDER BY l.id",
    )

    assert entries == [
        ("1", "Workshop invitation", "outbox", "emailtemplate"),
        ("2", "Workshop invitation to social-councillor@torino.mile.example", "outbox", "email"),
    ]


@postgresql_only
def test_the_history_rows_stay(migrated):
    counts = {table: rows(migrated, f"SELECT count(*) FROM {table}")[0][0] for table in HISTORY}

    assert counts == HISTORY


@postgresql_only
def test_the_proposals_and_their_history_are_written_in_english(migrated):
    # They were: English was the only language the site offered.
    languages = {
        table: rows(migrated, f"SELECT DISTINCT language FROM {table}")
        for table in ["proposals_proposal", "proposals_historicalproposal"]
    }

    assert languages == {
        "proposals_proposal": [("en-gb",)],
        "proposals_historicalproposal": [("en-gb",)],
    }


@postgresql_only
def test_the_migrated_tables_are_those_a_new_database_gets(migrated):
    with new_database() as (name, url):
        result = manage("migrate", "--no-input", database_url=url)
        assert result.returncode == 0, result.stderr

        assert schema(migrated) == schema(name)


@postgresql_only
def test_migrating_back_to_main_gives_the_e_mails_their_workshop_again():
    with new_database() as (name, url):
        load_dump(name)
        assert manage("migrate", "--no-input", database_url=url).returncode == 0
        back = manage("migrate", "--no-input", "mile", "0003", database_url=url)
        assert back.returncode == 0, back.stderr

        workshops = rows(name, "SELECT id, workshop_id FROM mile_email WHERE workshop_id > 0")
        types = rows(name, "SELECT id, app_label FROM django_content_type WHERE id IN (8, 9)")

    assert sorted(workshops) == [(1, 2), (2, 2), (20, 2), (21, 2)]
    assert sorted(types) == [(8, "mile"), (9, "mile")]


def test_a_new_sqlite_database_migrates_from_zero(tmp_path):
    result = manage("migrate", "--no-input", database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}")

    assert result.returncode == 0, result.stderr
    assert "Applying outbox.0001_initial... OK" in result.stdout


def test_the_models_and_the_migrations_agree():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected")
