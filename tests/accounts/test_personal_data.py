"""A person's data: exported as it is, erased everywhere it was copied, erased again after a
restore from an older backup."""

import io
import json
import re
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ErasureLog
from accounts.personal_data import (
    PersonNotFound,
    erasure_log_entries,
    person_erase,
    person_export,
    person_export_zip,
    person_find,
    person_of_user,
    reapply_erasures,
)
from common.signals import backup_restored
from learningsets.models import (
    AccountInvitation,
    Action,
    LearningLogEntry,
    Meeting,
    Member,
    Problem,
)
from outbox.models import Email
from partners.models import Partner
from proposals.comments import comment_add
from proposals.models import Comment, Document, Proposal, Revision
from proposals.services import section_save
from tests.accounts.personal_data_world import MARTA, make_marta, occurrences
from tests.factories import ActionFactory
from workshops.models import Invitation, Registration, TakeHome


@pytest.fixture
def marta(als, amadora_sets, workshop, alice, dora):
    return make_marta(als=als, sibling=amadora_sets[1], workshop=workshop, contact=alice, team=dora)


def test_a_person_is_found_by_any_address_they_proved(marta):
    by_login = person_find(email=" MARTA@amadora.example ")
    by_second = person_find(email="marta.home@example.org")

    assert by_login == by_second
    assert by_login.user == marta
    assert by_login.addresses == {"marta@amadora.example", "marta.home@example.org"}


def test_the_export_holds_what_every_app_has_about_the_person(marta):
    export = person_export(person_find(email="marta@amadora.example"))

    assert list(export) == [
        "account", "emails", "admin_log", "partners", "learningsets", "workshops", "proposals",
        "calendar_feed",
    ]  # fmt: skip
    account = export["account"]
    assert (account["email"], account["first_name"], account["last_name"]) == (
        "marta@amadora.example", "Marta", "Quaresma",
    )  # fmt: skip
    assert account["email_addresses"] == [
        {"email": "marta@amadora.example", "verified": True, "primary": True},
        {"email": "marta.home@example.org", "verified": True, "primary": False},
    ]
    assert [(e["kind"], e["to"]) for e in export["emails"]] == [
        ("account_invitation", "marta.home@example.org"),
        ("invitation", "marta@amadora.example"),
    ]
    assert "Marta Quaresma" in export["emails"][1]["body_text"]
    assert [e["object_repr"] for e in export["admin_log"]] == [
        "Marta Quaresma (Quaresma Consulting)"
    ]
    assert export["partners"] == {"contact_of": ["Amadora"]}
    memberships = [
        (m["name"], m["email"], m["organisation"], m["position"])
        for m in export["learningsets"]["memberships"]
    ]
    assert memberships == [
        ("Marta Quaresma", "marta@amadora.example", "Quaresma Consulting", "Director"),
        ("Marta Q.", "marta.home@example.org", "Quaresma Consulting", ""),
    ]
    assert [i["email"] for i in export["learningsets"]["account_invitations"]] == [
        "marta.home@example.org"
    ]
    (registration,) = export["workshops"]["registrations"]
    assert (registration["workshop"], registration["partner"], registration["status"]) == (
        "Enterprise development", "Amadora", "Invited",
    )  # fmt: skip
    invitation = Invitation.objects.get()
    assert registration["invitations"] == [
        {
            "email": "marta@amadora.example",
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "used_at": None,
            "revoked_at": None,
        }
    ]
    assert [c["status"] for c in registration["status_changes"]] == ["Registered", "Invited"]
    history = export["workshops"]["registration_history"]
    assert [(row["status"], row["history_type"]) for row in history] == [
        ("registered", "+"),
        ("invited", "~"),
    ]
    proposals = export["proposals"]
    assert [p["title"] for p in proposals["proposals_started"]] == [
        "Start-up support for migrant entrepreneurs"
    ]
    assert [(t["text"], t["section_title"]) for t in proposals["texts"]] == [
        ("A business incubator.", "Summary")
    ]
    assert [c["body"] for c in proposals["comments"]] == ["Ready for review."]
    assert proposals["steps"] == []
    (document,) = proposals["documents"]
    assert (document["title"], document["name"], document["kind"], document["size"]) == (
        "Letter of support, asked for by Marta Quaresma", "letter.pdf", "letter_of_support", 77,
    )  # fmt: skip
    assert document["proposal_title"] == "Start-up support for migrant entrepreneurs"
    assert "content" not in document and "stored_as" not in document


def test_the_export_holds_the_persons_meetings_problems_actions_logs_and_take_homes(marta):
    meeting = Meeting.objects.get(learning_set__isnull=False)
    at = {
        "learning_set": "ALS Amadora — Enterprise support and development",
        "local_support_group_of": "",
        "starts_at": meeting.starts_at,
    }

    export = person_export(person_of_user(marta))

    cycle = export["learningsets"]
    assert cycle["meetings_attended"] == [
        {**at, "ends_at": meeting.ends_at, "place": "Town hall, room 2", "online_link": ""}
    ]
    assert cycle["problems_brought"] == [
        {
            "meeting": at,
            "problem": "Marta Quaresma's clients find no microcredit.",
            "questions": "Who do they ask instead?",
        }
    ]
    assert [
        (a["meeting"], a["action"], a["state"], a["outcome"]) for a in cycle["actions_owned"]
    ] == [
        (at, "Marta Quaresma calls the bank.", "Open", ""),
        (at, "Write to the chamber.", "Done", "Done by Marta Q. in May."),
    ]
    assert [(e["meeting"], e["text"], e["visibility"]) for e in cycle["learning_log"]] == [
        (at, "I, Marta Quaresma, learnt to ask first.", "The set only")
    ]
    assert [
        (t["workshop"], t["learning_set"], t["learning_points"], t["is_public"])
        for t in export["workshops"]["take_homes_written"]
    ] == [
        (
            "Enterprise development",
            "ALS Amadora — Enterprise support and development",
            "Marta Quaresma showed the incubator.",
            False,
        )
    ]


def test_a_person_without_an_account_exports_their_actions_and_no_take_homes(ana):
    ActionFactory(problem__meeting__learning_set=ana.learning_set, problem__brought_by=ana)

    export = person_export(person_find(email="ana@amadora.example"))

    assert [a["action"] for a in export["learningsets"]["actions_owned"]] == [
        "Meet the association of Cape Verdean traders."
    ]
    assert export["workshops"]["take_homes_written"] == []


def test_the_command_writes_the_export_as_a_zip_of_json(marta, tmp_path):
    output = tmp_path / "marta.zip"

    call_command("export_person", "marta@amadora.example", output=str(output), stdout=io.StringIO())

    with zipfile.ZipFile(output) as archive:
        assert archive.namelist() == ["person.json"]
        data = json.loads(archive.read("person.json"))
    assert data["account"]["email"] == "marta@amadora.example"
    assert [m["name"] for m in data["learningsets"]["memberships"]] == [
        "Marta Quaresma",
        "Marta Q.",
    ]


def test_an_export_of_nobody_is_a_clear_error(db, tmp_path):
    output = tmp_path / "nobody.zip"

    with pytest.raises(
        CommandError, match=re.escape("Nobody on record has the address “nobody@x.example”.")
    ):
        call_command("export_person", "nobody@x.example", output=str(output))

    assert not output.exists()


def test_a_member_without_an_account_is_a_person(ana):
    person = person_find(email="ANA@amadora.example")

    export = person_export(person)
    assert export["account"] is None
    assert [m["name"] for m in export["learningsets"]["memberships"]] == ["Ana Costa"]

    person_erase(person=person)
    ana.refresh_from_db()
    assert (ana.name, ana.organisation, ana.left_on) == ("Erased person", "", timezone.localdate())
    assert occurrences(["ana costa", "ana@amadora"]) == {}


def test_erasure_leaves_no_copy_of_the_person_anywhere(marta):
    assert occurrences(MARTA)  # the scan finds her before

    person_erase(person=person_find(email="marta@amadora.example"))

    assert occurrences(MARTA) == {}


def test_erasure_anonymises_the_account_and_its_addresses(marta):
    log = person_erase(person=person_of_user(marta))

    marta.refresh_from_db()
    assert marta.email == f"erased-{log.pk}@invalid"
    assert (str(marta), marta.is_active, marta.has_usable_password()) == (
        "Erased person", False, False,
    )  # fmt: skip
    assert not EmailAddress.objects.filter(user=marta).exists()
    assert not Partner.objects.filter(contacts=marta).exists()
    members = Member.objects.filter(name="Erased person").order_by("pk")
    assert [(m.email, m.organisation, m.position, m.left_on) for m in members] == [
        (f"erased-{log.pk}-{m.pk}@invalid", "", "", timezone.localdate()) for m in members
    ]
    assert len(members) == 2
    assert set(Invitation.objects.values_list("email", flat=True)) == {f"erased-{log.pk}@invalid"}
    assert set(AccountInvitation.objects.values_list("email", flat=True)) == {
        f"erased-{log.pk}@invalid"
    }
    to_her = Email.objects.filter(to=f"erased-{log.pk}@invalid").order_by("pk")
    assert [(e.kind, e.body_text, e.body_html) for e in to_her] == [
        ("account_invitation", "", ""),
        ("invitation", "", ""),
    ]
    notice = Email.objects.get(dedupe_key="notice:1")
    assert notice.body_text == f"Erased person (erased-{log.pk}@invalid) will come."
    assert LogEntry.objects.get().object_repr == "Erased person"
    assert Registration.objects.get().member.name == "Erased person"


def test_erasure_keeps_the_action_learning_cycle_with_the_person_anonymous(marta):
    """Her rows stay, by her anonymous member row; her name goes from every text it was typed
    in, a meeting's guests (one name a line, typed) included; the rest of the text stays."""
    person_erase(person=person_of_user(marta))

    problem = Problem.objects.get()
    assert (str(problem.brought_by.name), problem.description) == (
        "Erased person",
        "Erased person's clients find no microcredit.",
    )
    assert list(Action.objects.values_list("owner__name", "description", "outcome")) == [
        ("Erased person", "Erased person calls the bank.", ""),
        ("Erased person", "Write to the chamber.", "Done by Erased person in May."),
    ]
    entry = LearningLogEntry.objects.get()
    assert (entry.author.name, entry.text) == (
        "Erased person",
        "I, Erased person, learnt to ask first.",
    )
    assert Meeting.objects.get(partner__isnull=False).guests == "Erased person\nPaulo Reis"
    take_home = TakeHome.objects.get()
    assert (str(take_home.written_by), take_home.learning_points) == (
        "Erased person",
        "Erased person showed the incubator.",
    )


def test_erasure_keeps_the_proposal_texts_with_the_authorship_anonymous(marta):
    person_erase(person=person_of_user(marta))

    revision = Revision.objects.get(author=marta)
    assert (revision.text, str(revision.author)) == ("A business incubator.", "Erased person")
    comment = Comment.objects.get(author=marta)
    assert (comment.body, str(comment.author)) == ("Ready for review.", "Erased person")
    assert Proposal.objects.get().created_by == marta
    document = Document.objects.get()
    assert (document.title, str(document.uploaded_by)) == (
        "Letter of support, asked for by Erased person", "Erased person",
    )  # fmt: skip


def co_write(marta, alice) -> Revision:
    """A live burst on Marta's summary: Alice its author, Marta a co-author."""
    section = Proposal.objects.get(created_by=marta).sections.first()
    section.refresh_from_db()
    text = "A business incubator and a fund."
    section_save(section=section, text=text, version=section.version, by=alice, coauthors=[marta])
    return section.revisions.get(text=text)


def test_the_export_lists_the_texts_the_person_co_wrote(marta, alice):
    co_write(marta, alice)

    texts = person_export(person_of_user(marta))["proposals"]["texts"]

    assert [(t["text"], t["co_author"], t["section_title"]) for t in texts] == [
        ("A business incubator.", False, "Summary"),
        ("A business incubator and a fund.", True, "Summary"),
    ]
    assert [t["text"] for t in person_export(person_of_user(alice))["proposals"]["texts"]] == [
        "A business incubator and a fund."
    ]


def test_erasure_keeps_a_co_written_text_with_the_co_authorship_anonymous(marta, alice, client):
    revision = co_write(marta, alice)

    person_erase(person=person_of_user(marta))

    assert [str(person) for person in revision.coauthors.all()] == ["Erased person"]
    assert occurrences(MARTA) == {}
    client.force_login(alice)
    page = client.get(f"/proposals/{revision.section.proposal_id}/history/")
    assert "alice@amadora.example and Erased person" in page.content.decode()
    assert "Marta" not in page.content.decode()


def test_erasure_records_ids_only_and_adds_no_history(marta, dora):
    trail = Invitation.history.count(), Registration.history.count()

    log = person_erase(person=person_of_user(marta), by=dora)

    assert (Invitation.history.count(), Registration.history.count()) == trail
    assert log.by == dora
    assert {label: len(ids) for label, ids in log.rows.items()} == {
        "accounts.user": 1,
        "account.emailaddress": 2,
        "outbox.email": 2,
        "partners.partner_contacts": 1,
        "learningsets.member": 2,
        "learningsets.accountinvitation": 1,
        "workshops.invitation": 1,
    }
    assert log.rows["accounts.user"] == [marta.pk]
    assert log.rows["workshops.invitation"] == [Invitation.objects.get().pk]


def test_erasing_twice_changes_nothing_the_second_time(marta):
    person_erase(person=person_of_user(marta))
    marta.refresh_from_db()
    before = dump()

    assert person_erase(person=person_of_user(marta)) is None

    assert dump() == before
    assert ErasureLog.objects.count() == 1


def test_the_command_erases_once_and_says_so_the_second_time(marta):
    out = io.StringIO()
    call_command("erase_person", "marta@amadora.example", interactive=False, stdout=out)
    log = ErasureLog.objects.get()
    assert f"Erased (erasure #{log.pk})." in out.getvalue()

    with pytest.raises(CommandError, match="Nobody on record has the address"):
        call_command("erase_person", "marta@amadora.example", interactive=False)
    out = io.StringIO()
    call_command("erase_person", f"erased-{log.pk}@invalid", interactive=False, stdout=out)
    assert "Already erased: nothing changed." in out.getvalue()
    assert ErasureLog.objects.count() == 1


def test_erasing_nobody_is_a_clear_error_and_changes_nothing(marta):
    before = dump()

    with pytest.raises(
        PersonNotFound, match=re.escape("Nobody on record has the address “x@y.example”.")
    ):
        person_find(email="x@y.example")
    with pytest.raises(CommandError):
        call_command("erase_person", "x@y.example", interactive=False)

    assert dump() == before


def test_a_restore_from_an_older_backup_is_erased_again(marta, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("dumpdata", *TABLES, output=str(backup), verbosity=0)
    person_erase(person=person_of_user(marta))
    call_command("loaddata", str(backup), verbosity=0)
    assert occurrences(MARTA)  # she is back, as the backup had her

    assert reapply_erasures() == 1

    assert occurrences(MARTA) == {}
    before = dump()
    reapply_erasures()
    assert dump() == before


def test_a_backup_older_than_the_log_is_erased_with_the_log_kept_beside_it(marta, ana, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("dumpdata", *TABLES, output=str(backup), verbosity=0)
    first = person_erase(person=person_of_user(marta))
    kept = erasure_log_entries()
    ErasureLog.objects.all().delete()  # the restored database's log: the backup's, older
    call_command("loaddata", str(backup), verbosity=0)

    assert reapply_erasures(kept) == 1

    assert occurrences(MARTA) == {}
    assert list(ErasureLog.objects.values_list("pk", "rows")) == [(first.pk, first.rows)]
    later = person_erase(person=person_find(email="ana@amadora.example"))
    assert later.pk > first.pk


def test_the_export_makes_as_many_queries_however_much_the_person_has(
    marta, als, amadora_sets, workshop, alice, dora
):
    other = make_marta(
        als=als, sibling=amadora_sets[2], workshop=workshop, contact=alice, team=dora, tag="2"
    )
    proposal = Proposal.objects.get(created_by=other)
    for body in ("One.", "Two.", "Three."):
        comment_add(proposal=proposal, section=None, body=body, by=other)
    member = other.memberships.get()
    for _ in range(3):
        ActionFactory(problem__meeting__learning_set=als, problem__brought_by=member)
    small, large = person_of_user(marta), person_of_user(other)

    with CaptureQueriesContext(connection) as few:
        person_export_zip(small)
    with CaptureQueriesContext(connection) as many:
        person_export_zip(large)

    assert len(person_export(large)["proposals"]["comments"]) == 4
    assert len(person_export(large)["learningsets"]["actions_owned"]) == 5
    assert len(many) == len(few)


# What a backup would hold and a restore bring back (the erasure log excepted: it is newer).
TABLES = ["accounts.user", "account", "admin", "partners", "learningsets", "workshops",
          "proposals", "outbox"]  # fmt: skip


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", *TABLES, "accounts.erasurelog", stdout=out)
    return out.getvalue()


def test_the_command_asks_before_it_erases(marta, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    out = io.StringIO()

    with pytest.raises(CommandError, match=r"^Nothing erased\.$"):
        call_command("erase_person", "marta@amadora.example", stdout=out)

    assert "\n  members: 2\n" in out.getvalue()
    assert not ErasureLog.objects.exists()


def test_an_erasure_is_copied_beside_the_backups_for_a_restore_of_an_older_one(
    marta, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "dbbackup": {**settings.STORAGES["dbbackup"], "OPTIONS": {"location": str(tmp_path)}},
    }
    backup = tmp_path / "backup.json"
    call_command("dumpdata", *TABLES, output=str(backup), verbosity=0)
    with django_capture_on_commit_callbacks(execute=True):
        erased = person_erase(person=person_of_user(marta))
    kept = json.loads((tmp_path / "mile-erasure-log.json").read_text())
    assert [(entry["id"], entry["rows"]) for entry in kept] == [(erased.pk, erased.rows)]
    ErasureLog.objects.all().delete()  # the older backup's log
    call_command("loaddata", str(backup), verbosity=0)

    backup_restored.send(sender=None)

    assert occurrences(MARTA) == {}
    assert list(ErasureLog.objects.values_list("pk", flat=True)) == [erased.pk]
