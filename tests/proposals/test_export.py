"""The management team exports the proposals from the admin, as CSV or XLSX: labels in the
reader's language, who wrote each one, never a formula."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals import services
from proposals.models import Proposal
from tests.factories import UserFactory, add_partners
from tests.proposals.factories import make_proposal

EXPORT = "/admin/proposals/proposal/export/"
CSV, XLSX = 0, 1
HEADER = [
    "Title", "Partner", "Learning set", "Sub-theme", "Funding source", "Status", "Language",
    "Started", "Last changed", "Authors",
]  # fmt: skip
AT = dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.UTC)  # 10:30 in Brussels, the site's time zone


def export(client, file_format: int, query: str = ""):
    return client.post(EXPORT + query, {"format": file_format, "resource": "0"})


def rows_of(response, file_format: int) -> list[list]:
    if file_format == CSV:
        return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]


def write(proposal: Proposal, user, text: str) -> None:
    section = proposal.sections.order_by("position").first()
    services.section_save(section=section, text=text, version=section.version, by=user)


@pytest.fixture
def proposals(als, other_als, bob, alice, charlie):
    bob.first_name, bob.last_name = "Bob", "Ferreira"
    bob.save()
    ours = make_proposal(als, by=bob)
    write(ours, alice, "A business incubator.")
    write(ours, bob, "A business incubator in the town hall.")
    theirs = make_proposal(
        other_als, title="Greek lessons for parents", funding_source="esf", by=charlie,
        language="el",
    )  # fmt: skip
    Proposal.objects.filter(pk=ours.pk).update(
        status=Proposal.Status.SUBMITTED, created_at=AT, updated_at=AT + dt.timedelta(days=2)
    )
    Proposal.objects.filter(pk=theirs.pk).update(created_at=AT, updated_at=AT)
    return ours, theirs


OURS = [
    "Start-up support for migrant entrepreneurs",
    "Amadora",
    "ALS Amadora — Enterprise support and development",
    "Enterprise support and development",
    "ERDF (European Regional Development Fund)",
    "Submitted",
    "English",
    "2027-03-01 10:30",
    "2027-03-03 10:30",
    "Bob Ferreira, alice@amadora.example",
]
THEIRS = [
    "Greek lessons for parents",
    "Komotini",
    "ALS Komotini — Enterprise support and development",
    "Enterprise support and development",
    "ESF (European Social Fund)",
    "Draft",
    "Ελληνικά",
    "2027-03-01 10:30",
    "2027-03-01 10:30",
    "charlie@komotini.example",
]


def test_the_proposals_export_as_csv_with_labels_and_authors(login, dora, proposals):
    response = export(login(dora), CSV)

    assert response["Content-Type"] == "text/csv"
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="proposals-{today}.csv"'
    # Last changed first, as the list.
    assert rows_of(response, CSV) == [HEADER, OURS, THEIRS]


def test_the_proposals_export_as_xlsx_with_dates_as_dates(login, dora, proposals):
    rows = rows_of(export(login(dora), XLSX), XLSX)

    local = [dt.datetime(2027, 3, 1, 10, 30), dt.datetime(2027, 3, 3, 10, 30)]
    assert rows == [
        HEADER,
        [*OURS[:7], *local, OURS[9]],
        [*THEIRS[:7], local[0], local[0], THEIRS[9]],
    ]


def test_the_export_holds_the_rows_the_list_is_filtered_to(login, dora, proposals):
    response = export(login(dora), CSV, "?status__exact=draft")

    assert rows_of(response, CSV) == [HEADER, THEIRS]


def test_a_proposal_nobody_wrote_yet_names_who_started_it(login, dora, als):
    starter = UserFactory(email="ines@amadora.example", first_name="Inês")
    make_proposal(als, by=starter)

    [_, row] = rows_of(export(login(dora), CSV), CSV)

    assert row[-1] == "Inês"


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_the_export_never_hands_a_spreadsheet_a_formula(login, dora, als, bob, file_format):
    make_proposal(als, title="=1+1", by=bob)

    [_, row] = rows_of(export(login(dora), file_format), file_format)

    assert row[0] == "'=1+1"


def test_the_labels_are_in_the_readers_language(login, dora, proposals):
    client = login(dora)
    client.cookies["django_language"] = "pt-pt"

    [header, ours, _] = rows_of(export(client, CSV), CSV)

    assert (header[5], ours[5], ours[4]) == (
        "Estado",
        "Submetida",
        "FEDER (Fundo Europeu de Desenvolvimento Regional)",
    )


def test_the_export_is_forbidden_without_the_view_permission(
    login, staff_without_permissions, proposals
):
    response = export(login(staff_without_permissions), CSV)

    assert response.status_code == 403


def test_someone_outside_the_staff_is_sent_to_the_admin_login(login, alice, proposals):
    response = export(login(alice), CSV)

    assert (response.status_code, response["Location"]) == (
        302, f"/admin/login/?next={EXPORT}",
    )  # fmt: skip


def test_the_export_costs_the_same_queries_for_2_and_20_partners(login, dora, bob):
    client = login(dora)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert export(client, XLSX).status_code == 200
        return len(context.captured_queries)

    def add_proposals(count: int) -> None:
        for partner in add_partners(count):
            proposal = make_proposal(partner.learning_sets.first(), by=bob)
            write(proposal, bob, "A text.")

    add_proposals(2)
    small = queries()
    add_proposals(18)
    assert queries() == small
