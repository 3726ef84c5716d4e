"""A section's shared document in the database: opened, saved with the text as one revision
naming every writer, changed by edits when the text is changed outside the live editor, its
rooms locked by a submission, and offline edits that came too late kept in the history."""

import asyncio
import datetime as dt

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from pycrdt import Doc, Text

from learningsets.models import CommonBasicPrinciple
from proposals import services, workflow
from proposals.live import broadcast, crdt
from proposals.live.documents import document_keep_refused, document_open, document_save
from proposals.models import Proposal, Revision, Section, SectionDocument

LOCKED = "This proposal is submitted: it can't be edited now."


@pytest.fixture
def in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = get_channel_layer()
    yield layer
    async_to_sync(layer.flush)()


@pytest.fixture
def room(in_memory_layer):
    """room(section) listens in the section's group as a live room does; .heard() is every
    message sent to it since."""

    class Room:
        def __init__(self, section):
            self.channel = async_to_sync(in_memory_layer.new_channel)()
            async_to_sync(in_memory_layer.group_add)(broadcast.group_name(section.pk), self.channel)

        def heard(self) -> list[dict]:
            async def drain():
                messages = []
                while True:
                    try:
                        receiving = in_memory_layer.receive(self.channel)
                        messages.append(await asyncio.wait_for(receiving, 0.05))
                    except TimeoutError:
                        return messages

            return async_to_sync(drain)()

    return Room


@pytest.fixture
def summary(proposal, bob) -> Section:
    section = proposal.sections.get(key="summary")
    services.section_save(section=section, text="Loans for newcomers.", version=0, by=bob)
    return Section.objects.get(pk=section.pk)


def editor(state: bytes) -> Doc:
    """A browser's document, synced with `state`."""
    return crdt.doc_of(state)


def typed(doc: Doc, index: int, words: str) -> bytes:
    doc.get("text", type=Text).insert(index, words)
    return doc.get_update()


def text(doc: Doc) -> str:
    return str(doc.get("text", type=Text))


def stored_text(section) -> str:
    return text(crdt.doc_of(bytes(SectionDocument.objects.get(section=section).state)))


def row(section) -> tuple:
    return Section.objects.values_list("text", "version").get(pk=section.pk)


# Opening


def test_a_section_is_seeded_once_and_every_open_gives_the_same_state(summary):
    first = document_open(section_id=summary.pk)
    second = document_open(section_id=summary.pk)

    assert first == second
    assert text(editor(first)) == "Loans for newcomers."
    assert SectionDocument.objects.filter(section=summary).count() == 1


def test_two_browsers_that_opened_it_apart_do_not_double_the_text(summary):
    one, two = (
        editor(document_open(section_id=summary.pk)),
        editor(document_open(section_id=summary.pk)),
    )

    one.apply_update(two.get_update())

    assert text(one) == "Loans for newcomers."


def test_an_empty_section_opens_as_an_empty_document(proposal):
    context = proposal.sections.get(key="context")

    assert text(editor(document_open(section_id=context.pk))) == ""


def test_an_unknown_section_cannot_be_opened(db):
    with pytest.raises(Section.DoesNotExist):
        document_open(section_id=987654)


# Saving


def test_a_burst_is_saved_as_one_revision_naming_every_writer(summary, bob, alice):
    doc = editor(document_open(section_id=summary.pk))
    typed(doc, len("Loans"), " and mentoring")

    result = document_save(
        section_id=summary.pk, state=doc.get_update(), writers=[bob.pk, alice.pk, bob.pk]
    )

    assert (result.saved, result.section.version) == (True, 2)
    assert row(summary) == ("Loans and mentoring for newcomers.", 2)
    revision = summary.revisions.get(version=2)
    assert (revision.text, revision.author, list(revision.coauthors.all())) == (
        "Loans and mentoring for newcomers.", bob, [alice],
    )  # fmt: skip
    assert stored_text(summary) == "Loans and mentoring for newcomers."
    trail = summary.history.latest("history_date")
    assert (trail.version, trail.history_user, trail.history_change_reason) == (
        2, bob, "text saved",
    )  # fmt: skip


def test_the_saves_of_two_workers_merge_and_lose_no_word(summary, bob, alice):
    opened = document_open(section_id=summary.pk)
    on_one, on_two = editor(opened), editor(opened)
    typed(on_one, 0, "Small ")
    typed(on_two, len("Loans for newcomers"), " in Amadora")

    document_save(section_id=summary.pk, state=on_one.get_update(), writers=[bob.pk])
    document_save(section_id=summary.pk, state=on_two.get_update(), writers=[alice.pk])

    assert row(summary) == ("Small Loans for newcomers in Amadora.", 3)
    assert stored_text(summary) == "Small Loans for newcomers in Amadora."
    assert [(r.author, r.text) for r in summary.revisions.order_by("version")][1:] == [
        (bob, "Small Loans for newcomers."),
        (alice, "Small Loans for newcomers in Amadora."),
    ]


def test_a_state_with_the_same_text_is_stored_without_a_revision(summary, bob):
    doc = editor(document_open(section_id=summary.pk))
    typed(doc, 0, "Oops ")
    del doc.get("text", type=Text)[0 : len("Oops ")]

    result = document_save(section_id=summary.pk, state=doc.get_update(), writers=[bob.pk])

    assert (result.saved, result.section.version) == (True, 1)
    assert row(summary) == ("Loans for newcomers.", 1)
    assert summary.revisions.count() == 1
    stored = bytes(SectionDocument.objects.get(section=summary).state)
    assert crdt.doc_of(stored).get_state() == doc.get_state()  # it holds the burst's edits


def test_a_save_once_the_proposal_is_submitted_is_refused_and_changes_nothing(
    summary, proposal, bob
):
    opened = document_open(section_id=summary.pk)
    doc = editor(opened)
    typed(doc, 0, "Late ")
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)

    with pytest.raises(ValidationError) as refused:
        document_save(section_id=summary.pk, state=doc.get_update(), writers=[bob.pk])

    assert refused.value.messages == [LOCKED]
    assert row(summary) == ("Loans for newcomers.", 1)
    assert bytes(SectionDocument.objects.get(section=summary).state) == opened


# Edits from outside the live editor


def test_a_save_of_the_plain_form_reaches_the_live_editors_as_edits(
    summary, login, bob, room, django_capture_on_commit_callbacks
):
    browser = editor(document_open(section_id=summary.pk))
    typed(browser, len("Loans for newcomers."), " Unsaved.")  # typed meanwhile, not saved
    listening = room(summary)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(bob).post(
            f"/proposals/{summary.proposal_id}/sections/summary/",
            {"text": "Micro-loans for newcomers.", "version": "1"},
        )

    assert response.status_code == 302
    (message,) = listening.heard()
    assert message | {"update": None} == {
        "type": "room.update", "update": None, "origin": None, "writer": None,
    }  # fmt: skip
    browser.apply_update(message["update"])
    assert text(browser) == "Micro-loans for newcomers. Unsaved."
    assert stored_text(summary) == row(summary)[0] == "Micro-loans for newcomers."


def test_the_live_editors_end_with_exactly_the_new_text_not_both(
    summary, bob, room, django_capture_on_commit_callbacks
):
    browser = editor(document_open(section_id=summary.pk))
    listening = room(summary)
    new = "Grants, 😀 not loans,\nfor newcomers and their families."

    with django_capture_on_commit_callbacks(execute=True):
        services.section_save(section=summary, text=new, version=1, by=bob)

    (message,) = listening.heard()
    browser.apply_update(message["update"])
    assert text(browser) == stored_text(summary) == new


def test_a_restore_reaches_the_live_editors_as_edits(
    summary, login, bob, room, django_capture_on_commit_callbacks
):
    first = summary.revisions.get()
    document_open(section_id=summary.pk)
    services.section_save(section=summary, text="Nothing for anyone.", version=1, by=bob)
    browser = editor(document_open(section_id=summary.pk))
    listening = room(summary)

    with django_capture_on_commit_callbacks(execute=True):
        login(bob).post(f"/proposals/{summary.proposal_id}/revisions/{first.pk}/restore/")

    (message,) = listening.heard()
    browser.apply_update(message["update"])
    assert text(browser) == stored_text(summary) == "Loans for newcomers."
    assert row(summary) == ("Loans for newcomers.", 3)


def test_a_section_never_opened_live_is_saved_as_before(
    summary, bob, room, django_capture_on_commit_callbacks
):
    listening = room(summary)

    with django_capture_on_commit_callbacks(execute=True):
        services.section_save(section=summary, text="Grants.", version=1, by=bob)

    assert listening.heard() == []
    assert not SectionDocument.objects.exists()


def test_a_conflicting_outside_save_leaves_the_document_alone(
    summary, bob, room, django_capture_on_commit_callbacks
):
    opened = document_open(section_id=summary.pk)
    listening = room(summary)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.section_save(section=summary, text="Grants.", version=0, by=bob)

    assert result.conflict
    assert listening.heard() == []
    assert bytes(SectionDocument.objects.get(section=summary).state) == opened


def test_a_channel_layer_out_of_reach_never_fails_a_save(
    summary, login, bob, settings, django_capture_on_commit_callbacks, caplog
):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    document_open(section_id=summary.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(bob).post(
            f"/proposals/{summary.proposal_id}/sections/summary/",
            {"text": "Grants.", "version": "1"},
        )

    assert response.status_code == 302
    assert stored_text(summary) == row(summary)[0] == "Grants."
    assert "Error calling" in caplog.text


# Locking


def test_a_submission_locks_every_room_of_the_proposal_once_it_commits(
    proposal, bob, room, django_capture_on_commit_callbacks
):
    proposal.sections.update(text="Written.")
    proposal.principles.add(CommonBasicPrinciple.objects.get(number=1))
    rooms = [room(section) for section in proposal.sections.order_by("position")]

    with django_capture_on_commit_callbacks(execute=True):
        workflow.proposal_transition(proposal=proposal, action="submit", by=bob)
        assert rooms[0].heard() == []  # not before the commit

    for each in rooms:
        assert each.heard() == [{"type": "room.lock", "reason": LOCKED}]


def test_a_step_between_two_locked_states_sends_no_lock(
    proposal, dora, room, django_capture_on_commit_callbacks
):
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)
    listening = room(proposal.sections.get(key="summary"))

    with django_capture_on_commit_callbacks(execute=True):
        workflow.proposal_transition(proposal=proposal, action="start_review", by=dora)

    assert listening.heard() == []


def test_a_save_is_told_to_the_rooms_with_its_time_and_version(
    summary, room, django_capture_on_commit_callbacks
):
    listening = room(summary)
    at = dt.datetime(2026, 12, 6, 14, 2, 31, tzinfo=dt.UTC)

    with django_capture_on_commit_callbacks(execute=True):
        broadcast.room_saved(section_id=summary.pk, saved_at=at, version=4, covers=b"\x01\x07\x03")

    assert listening.heard() == [
        {
            "type": "room.saved",
            "saved": "2026-12-06T14:02:31+00:00",
            "version": 4,
            "covers": "AQcD",  # the saved state vector, in base64
        }
    ]


# Offline edits that arrive after the lock


def test_offline_edits_after_a_submission_are_kept_as_a_conflict_copy_only(summary, proposal, bob):
    opened = document_open(section_id=summary.pk)
    offline = editor(opened)
    typed(offline, len("Loans for newcomers."), " Written on the train.")
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)

    kept = document_keep_refused(section_id=summary.pk, update=offline.get_update(), by=bob)

    assert (kept.text, kept.author, kept.is_conflict, kept.version) == (
        "Loans for newcomers. Written on the train.", bob, True, None,
    )  # fmt: skip
    assert summary.revisions.count() == 2
    assert row(summary) == ("Loans for newcomers.", 1)
    assert bytes(SectionDocument.objects.get(section=summary).state) == opened


def test_offline_edits_that_change_nothing_are_not_kept(summary, bob):
    offline = editor(document_open(section_id=summary.pk))

    kept = document_keep_refused(section_id=summary.pk, update=offline.get_update(), by=bob)

    assert kept is None
    assert summary.revisions.count() == 1


def test_garbage_is_no_offline_edit_and_nothing_is_kept(summary, bob):
    document_open(section_id=summary.pk)

    with pytest.raises(ValueError, match="Cannot decode update"):
        document_keep_refused(section_id=summary.pk, update=b"\x01\x01\x01", by=bob)

    assert summary.revisions.count() == 1


# The edits themselves


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", "New."),
        ("Old.", ""),
        ("Same.", "Same."),
        ("à é ü 😀 x", "à 😀 ü é x y"),
        ("One two three four.", "One 2 three five four."),
        ("Line one.\n\nLine two.", "Line two.\n\nLine one."),
    ],
)
def test_a_text_becomes_another_by_edits(old, new):
    state = crdt.state_seeded(old)
    doc = crdt.doc_of(state)

    update = crdt.text_edited(doc, new)

    browser = editor(state)
    browser.apply_update(update)
    assert text(doc) == text(browser) == new


def test_an_edit_leaves_untouched_text_to_its_writers(db):
    state = crdt.state_seeded("Alpha beta gamma.")
    server, browser = crdt.doc_of(state), editor(state)
    typed(browser, len("Alpha beta gamma"), " delta")  # the browser's own, unsaved

    browser.apply_update(crdt.text_edited(server, "Alpha BETA gamma."))

    assert text(browser) == "Alpha BETA gamma delta."


def test_a_revision_keeps_its_coauthors(summary, alice):
    revision = Revision.objects.get(section=summary)
    revision.coauthors.add(alice)

    assert list(Revision.objects.get(pk=revision.pk).coauthors.all()) == [alice]
