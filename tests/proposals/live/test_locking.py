"""A proposal that can't be edited any more: its live editors are told why and closed at once,
and what was written since the last save is kept in the history, never lost."""

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.utils import translation

from proposals.live.broadcast import group_name
from proposals.models import Proposal, Revision, Section
from proposals.services import NOT_EDITABLE
from tests.proposals.live.browsers import SOCKET_TESTS

pytestmark = SOCKET_TESTS


def submit(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)


def submitted_reason(language="en-gb") -> str:
    with translation.override(language):
        return NOT_EDITABLE.format(status=Proposal.Status.SUBMITTED.label.lower())


async def test_a_lock_tells_every_editor_why_and_closes_their_sockets(
    live, alice, bob, proposal, section, settings
):
    settings.LIVE_SAVE_PAUSE_SECONDS = 60
    bob_page, alice_page = await live(bob), await live(alice)
    await bob_page.type(0, "Unsaved words")
    await alice_page.settle()
    await sync_to_async(submit)(proposal)
    await get_channel_layer().group_send(
        group_name(section.pk), {"type": "room.lock", "reason": "Submitted."}
    )
    await bob_page.settle()
    await alice_page.settle()
    assert bob_page.statuses == alice_page.statuses == [{"locked": submitted_reason()}]
    assert (bob_page.closed, alice_page.closed) == (4403, 4403)
    await bob_page.close()
    await alice_page.close()

    row = await sync_to_async(Section.objects.get)(pk=section.pk)
    assert row.text == ""
    kept = await sync_to_async(Revision.objects.get)(section=section)
    assert (kept.text, kept.author_id, kept.is_conflict) == ("Unsaved words", bob.pk, True)


async def test_a_save_refused_by_a_submission_locks_the_room(
    live, bob, proposal, section, settings
):
    settings.LIVE_SAVE_PAUSE_SECONDS = 60
    bob_page = await live(bob)
    await bob_page.type(0, "Too late")
    await bob_page.settle()
    await sync_to_async(submit)(proposal)
    await bob_page.close()  # leaving saves: refused
    row = await sync_to_async(Section.objects.get)(pk=section.pk)
    assert (row.text, row.version) == ("", section.version)
