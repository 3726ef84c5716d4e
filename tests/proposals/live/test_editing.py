"""Several members in one section: each sees the others' words and cursors, the text is saved
after their pause, one revision per burst naming every writer."""

import asyncio
import base64

from asgiref.sync import sync_to_async
from pycrdt import YSyncMessageType

from proposals import services
from proposals.live import protocol
from proposals.live.room import ROOMS
from proposals.models import Revision, Section, SectionDocument
from tests.proposals.live.browsers import SOCKET_TESTS

pytestmark = SOCKET_TESTS


def fresh(section):
    return Section.objects.get(pk=section.pk)


async def test_a_member_who_connects_is_asked_to_sync_and_gets_the_sections_text(
    live, bob, section
):
    section.text = "Migrant entrepreneurs in Amadora"
    await sync_to_async(section.save)()
    bob_page = await live(bob)
    first = protocol.message_read(bob_page.frames[0])
    assert first.sync == YSyncMessageType.SYNC_STEP1
    assert str(bob_page.text) == "Migrant entrepreneurs in Amadora"
    await bob_page.close()


async def test_a_trailing_slash_opens_the_same_socket(live, bob):
    bob_page = await live(bob, slash="/")
    assert bob_page.closed is None
    await bob_page.close()


async def test_two_members_edits_converge_with_every_word(live, alice, bob):
    alice_page, bob_page = await live(alice), await live(bob)
    frame = await bob_page.type(0, "Bob writes. ")
    await alice_page.type(0, "Alice writes. ")
    await bob_page.settle()
    await alice_page.settle()
    await bob_page.delete(0, 4)
    await alice_page.settle()
    await bob_page.settle()
    assert str(alice_page.text) == str(bob_page.text)
    assert "writes. " in str(alice_page.text)
    assert "Bob writes" in str(alice_page.text) or "Alice writes" in str(alice_page.text)
    assert len(str(alice_page.text)) == len("Bob writes. Alice writes. ") - 4
    assert frame in alice_page.frames  # the writer's very bytes, passed on
    await alice_page.close()
    await bob_page.close()


async def test_a_pause_saves_the_text_once_naming_both_writers(live, alice, bob, section, settings):
    settings.LIVE_SAVE_PAUSE_SECONDS = 0.3
    bob_page, alice_page = await live(bob), await live(alice)
    await bob_page.type(0, "Start-ups ")
    await alice_page.settle()
    await alice_page.type(len(str(alice_page.text)), "for everyone")
    await asyncio.sleep(0.6)
    await bob_page.settle()
    await alice_page.settle()

    row = await sync_to_async(fresh)(section)
    assert row.text == str(bob_page.text) == "Start-ups for everyone"
    revision = await sync_to_async(Revision.objects.get)(section=section, version=row.version)
    coauthors = await sync_to_async(lambda: list(revision.coauthors.all()))()
    assert (revision.author_id, coauthors) == (bob.pk, [alice])
    saved = [status for status in bob_page.statuses if "saved" in status]
    assert [status["version"] for status in saved] == [row.version]
    assert alice_page.statuses == bob_page.statuses
    # What was saved, as a state vector: each writer's every insertion (their browsers tell
    # from it that their own text is saved).
    covers = base64.b64decode(saved[0]["covers"])
    assert covers == bob_page.doc.get_state() == alice_page.doc.get_state()
    await bob_page.close()
    await alice_page.close()
    assert await sync_to_async(Revision.objects.filter(section=section).count)() == 1


async def test_the_last_one_leaving_saves(live, bob, section, settings):
    settings.LIVE_SAVE_PAUSE_SECONDS = 60
    bob_page = await live(bob)
    await bob_page.type(0, "Written, then gone")
    await bob_page.settle()
    await bob_page.close()
    assert (await sync_to_async(fresh)(section)).text == "Written, then gone"


async def test_a_room_opened_again_is_rebuilt_from_the_stored_state_never_doubled(
    live, bob, section, settings
):
    settings.LIVE_SAVE_PAUSE_SECONDS = 60
    section.text = "Seeded once"
    await sync_to_async(section.save)()
    first = await live(bob)
    await first.type(len(str(first.text)), ", then edited")
    await first.settle()
    await first.close()  # the room is saved and closed

    again = await live(bob, doc=first.doc)  # the same browser, holding the old state
    assert str(again.text) == "Seeded once, then edited"
    await again.close()
    assert (await sync_to_async(fresh)(section)).text == "Seeded once, then edited"
    stored = await sync_to_async(SectionDocument.objects.get)(section=section)
    assert bytes(stored.state)


async def test_names_and_colours_of_cursors_come_from_the_session(live, alice, bob):
    alice_page, bob_page = await live(alice), await live(bob)
    await bob_page.announce({"user": {"name": "The management", "colour": 99}, "cursor": 3})
    await alice_page.settle()
    assert alice_page.awareness[bob_page.doc.client_id] == {
        "user": {"name": str(bob), "colour": bob.pk % 8},
        "cursor": 3,
    }
    # Alice's page may not speak for Bob's cursor.
    await alice_page.announce({"cursor": 0}, client_id=bob_page.doc.client_id, clock=5)
    await bob_page.settle()
    await alice_page.settle()
    for page in (alice_page, bob_page):
        assert page.awareness[bob_page.doc.client_id]["cursor"] == 3  # as Bob said
    await bob_page.close()
    await alice_page.settle()
    assert alice_page.awareness[bob_page.doc.client_id] is None  # gone with his socket
    await alice_page.close()


async def test_a_member_alone_hears_their_own_cursor_so_that_the_socket_stays_alive(live, bob):
    bob_page = await live(bob)
    await bob_page.announce({"cursor": 1})
    await bob_page.settle()
    assert bob_page.awareness[bob_page.doc.client_id]["user"]["name"] == str(bob)
    await bob_page.close()


async def test_a_member_who_joins_sees_the_cursors_already_there(live, alice, bob):
    bob_page = await live(bob)
    await bob_page.announce({"cursor": 1})
    await bob_page.settle()
    alice_page = await live(alice)
    assert alice_page.awareness[bob_page.doc.client_id]["user"]["name"] == str(bob)
    await alice_page.close()
    await bob_page.close()


async def test_a_room_opened_in_another_process_gets_the_edits_not_saved_yet(
    live, alice, bob, section, settings
):
    settings.LIVE_SAVE_PAUSE_SECONDS = 60
    bob_page = await live(bob)
    await bob_page.type(0, "Bob's unsaved words. ")
    await bob_page.settle()
    ROOMS.pop(section.pk)  # Bob's room goes on as another ASGI process's: unknown here

    alice_page = await live(alice)  # a new room here, opened from the stored state
    assert str(alice_page.text) == "Bob's unsaved words. "
    await alice_page.type(len(str(alice_page.text)), "Alice's.")
    await bob_page.settle()
    assert str(bob_page.text) == "Bob's unsaved words. Alice's."
    await bob_page.close()
    await alice_page.close()

    row = await sync_to_async(fresh)(section)
    assert row.text == "Bob's unsaved words. Alice's."
    revision = await sync_to_async(Revision.objects.get)(section=section)
    coauthors = await sync_to_async(lambda: list(revision.coauthors.all()))()
    assert (revision.author_id, coauthors) == (bob.pk, [alice])


async def test_an_edit_outside_the_live_editor_reaches_it_as_an_edit(live, bob, section):
    section.text = "Written in the plain form."
    await sync_to_async(section.save)()
    bob_page = await live(bob)

    def plain_form_save():
        current = Section.objects.get(pk=section.pk)
        services.section_save(
            section=current, text="Rewritten in the plain form.", version=current.version, by=bob
        )

    await sync_to_async(plain_form_save)()
    await bob_page.settle(2)
    assert str(bob_page.text) == "Rewritten in the plain form."
    await bob_page.close()
    assert (await sync_to_async(fresh)(section)).text == "Rewritten in the plain form."


async def test_a_writer_who_never_pauses_is_saved_all_the_same(live, bob, section, settings):
    settings.LIVE_SAVE_PAUSE_SECONDS, settings.LIVE_SAVE_LONGEST_SECONDS = 0.5, 0.4
    bob_page = await live(bob)
    for word in ["Keep ", "typing ", "without ", "a ", "pause ", "at ", "all "]:
        await bob_page.type(len(str(bob_page.text)), word)
        await bob_page.settle(0.15)  # each keystroke comes before the pause is over

    # Saved while the writer was still typing: the row holds a beginning, not the whole.
    saved = [status for status in bob_page.statuses if "saved" in status]
    assert saved, "nothing was saved while the writer kept typing"
    row = await sync_to_async(fresh)(section)
    assert row.text.startswith("Keep typing ")
    assert row.text != "Keep typing without a pause at all "
    await bob_page.close()
