"""Importing members from the lists partners send: a preview, row errors, all or nothing."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains, assertRedirects

from common import admin_import
from learningsets.models import Member
from tests.factories import MemberFactory, UserFactory

IMPORT_URL = "/admin/learningsets/member/import/"
CONFIRM_URL = "/admin/learningsets/member/process_import/"
CSV, XLSX = "0", "1"
HEADER = ["Partner", "Sub-theme", "Name", "E-mail", "Organisation", "Position", "Type of actor"]
ANA = ["Amadora", "1", "Ana Silva", "ana@amadora.example", "IEFP", "Counsellor", "Institution"]
RUI = ["amadora", "Active inclusion measures for labour market access", "Rui Costa",
       "rui@amadora.example", "Câmara Municipal da Amadora", "", "elected"]  # fmt: skip
ELENI = ["Komotini", "1", "Eleni Pappa", "Eleni@Komotini.example", "Municipality of Komotini",
         "Mayor", "Elected representative"]  # fmt: skip
MEMBER_ROW = ("learning_set", "name", "email", "organisation", "position", "actor_type", "user")


@pytest.fixture
def sets(amadora_sets, other_als):
    """Amadora's three learning sets and Komotini's enterprise one."""
    return {"amadora": amadora_sets, "komotini": other_als}


def member_rows():
    return list(Member.objects.order_by("pk").values_list(*MEMBER_ROW))


def csv_file(*rows, header=HEADER) -> SimpleUploadedFile:
    lines = [",".join(f'"{cell}"' for cell in row) for row in (header, *rows)]
    return SimpleUploadedFile("members.csv", "\n".join(lines).encode(), "text/csv")


def xlsx_file(*rows) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    for row in (HEADER, *rows):
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile("members.xlsx", content.getvalue())


def upload(client, file, file_format=CSV):
    """The first step: the file is read and checked, and a preview shown."""
    return client.post(IMPORT_URL, {"import_file": file, "format": file_format, "resource": "0"})


def confirm(client, preview):
    return client.post(CONFIRM_URL, preview.context["confirm_form"].initial, follow=True)


def invalid_rows(response) -> list[tuple]:
    return [(row.number, row.error_dict) for row in response.context["result"].invalid_rows]


# Who may: staff who may add members.


@pytest.mark.parametrize("role", ["anonymous", "alice"])
def test_it_sends_people_outside_the_staff_to_the_admin_login(as_role, role):
    response = as_role(role).get(IMPORT_URL)

    assertRedirects(response, f"/admin/login/?next={IMPORT_URL}", fetch_redirect_response=False)


def test_it_is_forbidden_to_staff_who_may_not_add_members(login, sets):
    viewer = UserFactory(email="viewer@mile.example", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_member"))
    client = login(viewer)

    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, csv_file(ANA)).status_code == 403
    assert member_rows() == []


def test_the_member_list_offers_the_import(login, dora):
    response = login(dora).get("/admin/learningsets/member/")

    assertContains(response, f'<a href="{IMPORT_URL}" class="import_link">Import</a>', html=True)


# A good file.


def test_the_preview_shows_the_rows_and_imports_nothing_yet(login, dora, sets):
    response = upload(login(dora), csv_file(ANA, RUI, ELENI))

    result = response.context["result"]
    assert [row.import_type for row in result.valid_rows()] == ["new", "new", "new"]
    assert response.context["confirm_form"] is not None
    assertContains(response, "Active inclusion measures for labour market access")
    assert member_rows() == []


def test_a_good_file_imports_every_row(login, dora, sets):
    eleni = UserFactory(email="eleni@komotini.example")
    client = login(dora)

    response = confirm(client, upload(client, csv_file(ANA, RUI, ELENI)))

    amadora, komotini = sets["amadora"], sets["komotini"]
    assert member_rows() == [
        (amadora[0].pk, "Ana Silva", "ana@amadora.example", "IEFP", "Counsellor",
         "institution", None),
        (amadora[1].pk, "Rui Costa", "rui@amadora.example", "Câmara Municipal da Amadora", "",
         "elected", None),
        (komotini.pk, "Eleni Pappa", "Eleni@Komotini.example", "Municipality of Komotini",
         "Mayor", "elected", eleni.pk),
    ]  # fmt: skip
    assert [str(m) for m in response.context["messages"]] == [
        "Import finished: 3 new, 0 updated, 0 deleted and 0 skipped members."
    ]


def test_a_sub_theme_may_be_named_in_any_of_its_languages(login, dora, sets):
    """A Greek partner's list names the sub-theme in Greek (learningsets 0008)."""
    greek = [*ELENI[:1], "Μέτρα ενεργητικής ένταξης για την πρόσβαση στην αγορά εργασίας"]
    client = login(dora)

    response = upload(client, csv_file(ANA, [*greek, *ELENI[2:]]))

    assert invalid_rows(response) == [
        (2, {"Sub-theme": ["Komotini has no learning set on Active inclusion measures for "
                           "labour market access."]}),
    ]  # fmt: skip


def test_a_spreadsheet_imports_too(login, dora, sets):
    client = login(dora)
    rows = [[1, "Ana Silva"], [2.0, "Rui Costa"]]
    file = xlsx_file(
        *[["Amadora", number, name, f"{name[:3]}@amadora.example", "IEFP", "", "Company"]
          for number, name in rows]
    )  # fmt: skip

    confirm(client, upload(client, file, XLSX))

    assert list(Member.objects.values_list("learning_set__sub_theme__number", "name")) == [
        (1, "Ana Silva"),
        (2, "Rui Costa"),
    ]


def test_the_same_person_may_join_two_learning_sets(login, dora, sets):
    client = login(dora)
    in_two_sets = [*ANA[:1], "2", *ANA[2:]]

    confirm(client, upload(client, csv_file(ANA, in_two_sets)))

    assert Member.objects.filter(email="ana@amadora.example").count() == 2


# A file with a bad row imports nothing.


@pytest.mark.parametrize(
    ("bad_row", "errors"),
    [
        (
            ["Atlantis", *ANA[1:]],
            {"Partner": ["No partner is called “Atlantis”."]},
        ),
        (
            [ANA[0], "7", *ANA[2:]],
            {"Sub-theme": ["No sub-theme has the number or name “7”."]},
        ),
        (
            ["Komotini", "2", *ELENI[2:]],
            {
                "Sub-theme": [
                    "Komotini has no learning set on Active inclusion measures for labour "
                    "market access."
                ]
            },
        ),
        (
            [*ANA[:3], "ana-at-amadora", *ANA[4:]],
            {"E-mail": ["Enter a valid email address."]},
        ),
        (
            [*ANA[:3], "Bob@Amadora.example", *ANA[4:]],
            {
                "E-mail": [
                    "Bob@Amadora.example is already a member of ALS Amadora — Enterprise "
                    "support and development."
                ]
            },
        ),
        (
            [*ANA[:3], "ANA@amadora.example", *ANA[4:]],
            {"E-mail": ["ANA@amadora.example is on row 1 too, for the same learning set."]},
        ),
        (
            [*ANA[:3], "rita@amadora.example", *ANA[4:6], "Astronaut"],
            {
                "Type of actor": [
                    "Unknown type of actor “Astronaut”: use one of Elected representative, "
                    "Practitioner, Institution, Company, Community-based organisation, "
                    "Managing Authority."
                ]
            },
        ),
        (
            ["", "", "", "", "", "", "practitioner"],
            {
                "Partner": ["No partner is called “”."],
                "Sub-theme": ["No sub-theme has the number or name “”."],
                "Name": ["This field cannot be blank."],
                "E-mail": ["This field cannot be blank."],
                "Organisation": ["This field cannot be blank."],
            },
        ),
    ],
)
def test_a_file_with_a_bad_row_imports_nothing(login, dora, sets, bob_member, bad_row, errors):
    before = member_rows()

    response = upload(login(dora), csv_file(ANA, RUI, bad_row))

    assert invalid_rows(response) == [(3, errors)]
    assert "confirm_form" not in response.context
    for message in [m for messages in errors.values() for m in messages]:
        assertContains(response, message)
    assert member_rows() == before


def test_a_file_without_a_column_says_which(login, dora, sets):
    header = [column for column in HEADER if column != "Type of actor"]

    response = upload(login(dora), csv_file(ANA[:6], header=header))

    assert invalid_rows(response) == [(1, {"__all__": ["The file has no column Type of actor."]})]
    assert member_rows() == []


def test_headers_are_read_as_people_write_them(login, dora, sets):
    client = login(dora)
    header = ["partner", "Subtheme", "NAME", "Email", "organisation", "position", "Actor type"]

    confirm(client, upload(client, csv_file(ANA, header=header)))

    assert list(Member.objects.values_list("name", "email")) == [
        ("Ana Silva", "ana@amadora.example")
    ]


def test_nothing_is_imported_when_the_file_went_bad_after_the_preview(login, dora, sets):
    client = login(dora)
    preview = upload(client, csv_file(ANA, RUI))
    MemberFactory(learning_set=sets["amadora"][1], email="rui@amadora.example")
    before = member_rows()

    response = confirm(client, preview)

    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was imported: the file no longer imports cleanly. "
        "Upload it again to see which rows are wrong."
    ]
    assert member_rows() == before


# The confirm step: once only, and only as the preview made it.

GONE = (
    "This import was already confirmed, has expired or its form was altered: upload the file "
    "again. Nothing was imported."
)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_confirming_twice_imports_once_and_says_why(login, dora, sets):
    client = login(dora)
    preview = upload(client, csv_file(ANA, RUI))
    confirm(client, preview)
    imported = member_rows()

    response = confirm(client, preview)

    assertRedirects(response, IMPORT_URL)
    assert messages_of(response) == [GONE]
    assert (len(imported), member_rows()) == (2, imported)


@pytest.mark.parametrize(
    "tampered",
    [
        {"import_file_name": "nosuchfile"},
        {"import_file_name": "../../../etc/passwd"},
        {"import_file_name": "a\x00b"},
        {"import_file_name": ""},
        {"format": "abc"},
        {"format": "7"},
        {"format": "-1"},
        {"format": XLSX},
        {"resource": "9"},
        {"resource": "-1"},
        {"resource": "abc"},
    ],
)
def test_a_tampered_confirm_form_imports_nothing_and_says_why(login, dora, sets, tampered):
    client = login(dora)
    preview = upload(client, csv_file(ANA, RUI))

    response = client.post(CONFIRM_URL, preview.context["confirm_form"].initial | tampered)

    assertRedirects(response, IMPORT_URL, fetch_redirect_response=False)
    assert messages_of(client.get(IMPORT_URL)) == [GONE]
    assert member_rows() == []


def test_an_expired_preview_imports_nothing_and_says_why(login, dora, sets, monkeypatch):
    client = login(dora)
    preview = upload(client, csv_file(ANA))
    monkeypatch.setattr(admin_import, "MAX_AGE", -1)

    response = confirm(client, preview)

    assert (messages_of(response), member_rows()) == ([GONE], [])
