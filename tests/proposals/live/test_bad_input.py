"""Bad input on a section's socket: refused with the socket closed, nothing applied or saved,
and the server keeps serving the others."""

import pytest
from asgiref.sync import sync_to_async
from pycrdt import create_awareness_message, create_update_message

from proposals.models import Section, SectionDocument
from tests.proposals.live.browsers import SOCKET_TESTS

pytestmark = SOCKET_TESTS

TOO_LONG = (
    "This edit would make the section longer than 100\u00a0000 characters, so it was not kept. "
    "Shorten the text and type again."
)


def stored(section) -> tuple:
    row = Section.objects.get(pk=section.pk)
    state = SectionDocument.objects.filter(section=section).values_list("state", flat=True)
    return row.text, row.version, [bytes(s) for s in state]


@pytest.fixture
def long_pause(settings):
    settings.LIVE_SAVE_PAUSE_SECONDS = 60  # only leaving saves


async def unchanged_and_still_serving(live, writer, section, before, *, written="Still here."):
    """Nothing of the bad input was applied or stored; the others' sockets still work."""
    assert await sync_to_async(stored)(section) == before
    other = await live(writer)
    assert str(other.text) == before[0]
    await other.type(0, written)
    await other.settle()
    await other.close()
    assert (await sync_to_async(stored)(section))[0] == written + before[0]


@pytest.mark.parametrize(
    "frame",
    [
        bytes([7, 0]),  # no such message type
        bytes([0, 9, 1, 0]),  # no such sync message
        bytes([0, 2, 9]) + b"abc",  # shorter than its length says
        create_update_message(b"\x00\x00") + b"more",  # bytes after the message
        create_update_message(b"no Yjs update"),
        create_awareness_message(b"\x01\x05\x01\x03{x}"),  # a state that is no JSON
        create_awareness_message(b"\x01\x05\x01\x03[1]"),  # a state that is no object
        bytes([0]),  # a type alone
    ],
    ids=[
        "unknown type",
        "unknown sync type",
        "truncated",
        "trailing bytes",
        "no update",
        "no JSON",
        "no object",
        "type alone",
    ],
)
async def test_a_malformed_message_closes_the_socket_and_changes_nothing(
    live, alice, bob, section, long_pause, frame
):
    bob_page, alice_page = await live(bob), await live(alice)
    before = await sync_to_async(stored)(section)
    await bob_page.socket.send_to(bytes_data=frame)
    await bob_page.settle()
    assert bob_page.closed == 4400
    await alice_page.type(0, "Alice's. ")
    await alice_page.settle()
    await bob_page.close()
    await alice_page.close()
    assert (await sync_to_async(stored)(section))[0] == "Alice's. " + before[0]


async def test_a_text_frame_is_malformed(live, bob, section, long_pause):
    bob_page = await live(bob)
    await bob_page.socket.send_to(text_data="hello")
    await bob_page.settle()
    assert bob_page.closed == 4400
    await bob_page.close()


async def test_a_message_over_a_megabyte_is_refused_unread(live, alice, bob, section, long_pause):
    bob_page = await live(bob)
    before = await sync_to_async(stored)(section)
    await bob_page.type(0, "x" * (1024 * 1024))
    await bob_page.settle()
    assert (bob_page.closed, bob_page.statuses) == (4413, [])
    await bob_page.close()
    await unchanged_and_still_serving(live, alice, section, before)


@pytest.mark.parametrize("already", [0, 99_990], ids=["at once", "at the end"])
async def test_a_text_past_the_forms_cap_is_refused_with_a_sentence(
    live, alice, bob, section, long_pause, already
):
    section.text = "y" * already
    await sync_to_async(section.save)()
    bob_page = await live(bob)
    before = await sync_to_async(stored)(section)
    await bob_page.type(0, "x" * (100_001 - already))
    await bob_page.settle()
    assert (bob_page.closed, bob_page.statuses) == (4413, [{"refused": TOO_LONG}])
    await bob_page.close()
    await unchanged_and_still_serving(live, alice, section, before, written="")


async def test_a_text_up_to_the_cap_is_kept(live, bob, section, long_pause):
    section.text = "y" * 99_990
    await sync_to_async(section.save)()
    bob_page = await live(bob)
    await bob_page.type(0, "x" * 10)
    await bob_page.settle()
    assert bob_page.closed is None
    await bob_page.close()
    assert len((await sync_to_async(stored)(section))[0]) == 100_000
