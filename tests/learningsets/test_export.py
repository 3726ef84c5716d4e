"""The management team exports the members from the admin, as CSV or XLSX, with the columns the
import reads: labels in the reader's language, never a formula."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learningsets.models import Member
from tests.factories import MemberFactory, add_partners

EXPORT = "/admin/learningsets/member/export/"
CSV, XLSX = 0, 1
HEADER = ["Partner", "Sub-theme", "Name", "E-mail", "Organisation", "Position", "Type of actor"]


def export(client, file_format: int, query: str = ""):
    return client.post(EXPORT + query, {"format": file_format, "resource": "0"})


def rows_of(response, file_format: int) -> list[list[str]]:
    if file_format == CSV:
        return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def members(als, other_als):
    MemberFactory(
        learning_set=als,
        name="Ana Silva",
        email="ana@amadora.example",
        organisation="IEFP",
        position="Employment counsellor",
        actor_type=Member.ActorType.INSTITUTION,
    )
    MemberFactory(
        learning_set=other_als,
        name="Eleni Pappa",
        email="eleni@komotini.example",
        organisation="Municipality of Komotini",
        position="",
        actor_type=Member.ActorType.ELECTED_REPRESENTATIVE,
    )


AMADORA_ROW = [
    "Amadora",
    "Enterprise support and development",
    "Ana Silva",
    "ana@amadora.example",
    "IEFP",
    "Employment counsellor",
    "Institution",
]
KOMOTINI_ROW = [
    "Komotini",
    "Enterprise support and development",
    "Eleni Pappa",
    "eleni@komotini.example",
    "Municipality of Komotini",
    "",
    "Elected representative",
]


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_the_members_export_with_readable_columns(login, dora, members, file_format):
    response = export(login(dora), file_format)  # by name, as the list

    assert rows_of(response, file_format) == [HEADER, AMADORA_ROW, KOMOTINI_ROW]


def test_the_csv_file_is_named_for_the_day(login, dora, members):
    response = export(login(dora), CSV)

    assert response["Content-Type"] == "text/csv"
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="members-{today}.csv"'


def test_the_export_holds_the_rows_the_list_is_filtered_to(login, dora, members, komotini):
    response = export(login(dora), CSV, f"?learning_set__partner__id__exact={komotini.pk}")

    assert rows_of(response, CSV) == [HEADER, KOMOTINI_ROW]


def test_the_columns_are_headed_in_the_readers_language(login, dora, members):
    client = login(dora)
    client.cookies["django_language"] = "pt-pt"

    response = export(client, CSV)

    assert rows_of(response, CSV)[0] == [
        "Parceiro", "Subtema", "Nome", "E-mail", "Organização", "Cargo", "Tipo de ator",
    ]  # fmt: skip


def test_an_exported_list_imports_again(login, dora, members):
    client = login(dora)
    exported = export(client, CSV).content
    Member.objects.all().delete()

    upload = io.BytesIO(exported)
    upload.name = "members.csv"

    response = client.post(
        "/admin/learningsets/member/import/",
        {"format": "0", "resource": "0", "import_file": upload},
    )

    result = response.context["result"]
    assert (result.has_errors(), result.has_validation_errors()) == (False, False)
    assert result.totals["new"] == 2


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_the_export_never_hands_a_spreadsheet_a_formula(login, dora, als, file_format):
    MemberFactory(
        learning_set=als,
        name='=HYPERLINK("http://evil.example","Ana")',
        organisation="+SUM(1)",
        position="-2+3",
        email="ana@amadora.example",
    )

    [_, row] = rows_of(export(login(dora), file_format), file_format)

    assert row[2:6] == [
        '\'=HYPERLINK("http://evil.example","Ana")', "ana@amadora.example", "'+SUM(1)", "'-2+3",
    ]  # fmt: skip


def test_a_control_character_in_a_name_is_replaced_not_a_failed_export(login, dora, als):
    MemberFactory(learning_set=als, name="Ana\x0bSilva", email="ana@amadora.example")

    [_, row] = rows_of(export(login(dora), XLSX), XLSX)

    assert row[2] == "Ana\N{REPLACEMENT CHARACTER}Silva"


def test_the_export_is_forbidden_without_the_view_permission(
    login, staff_without_permissions, members
):
    response = export(login(staff_without_permissions), CSV)

    assert response.status_code == 403


def test_the_export_costs_the_same_queries_for_2_and_20_partners(login, dora):
    client = login(dora)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert export(client, XLSX).status_code == 200
        return len(context.captured_queries)

    add_partners(2)
    small = queries()
    add_partners(18, members_per_set=2)
    assert queries() == small
