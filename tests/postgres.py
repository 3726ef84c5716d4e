"""Databases of a test's own on the test's PostgreSQL server, beside the test database."""

import uuid
from contextlib import contextmanager

import psycopg2
from django.db import connection

from tests.integration.worker import database_url


def server_connection(dbname: str):
    """A connection to another database of the test database's server."""
    params = connection.settings_dict
    return psycopg2.connect(
        dbname=dbname,
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"] or 5432,
    )


@contextmanager
def new_database():
    """A new empty database on the test server, and its DATABASE_URL; dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_{uuid.uuid4().hex[:8]}"
    admin = server_connection("postgres")
    admin.autocommit = True  # CREATE / DROP DATABASE run outside a transaction
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name, database_url({**connection.settings_dict, "NAME": name})
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
