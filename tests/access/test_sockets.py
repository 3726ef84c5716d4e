"""Who may open a section's live socket (proposals/live/): the members of its learning set and
its partner's contacts while the proposal can be edited; nobody else writes a word. (The access
matrix requests URLs inside one rolled-back transaction, which the socket's database thread
can't see: the socket's roles are here.)"""

import pytest
from asgiref.sync import sync_to_async
from django.utils import translation

from proposals.models import Proposal, Revision, Section
from proposals.services import NOT_EDITABLE
from tests.proposals.factories import make_proposal
from tests.proposals.live.browsers import (
    SOCKET_TESTS,
    Browser,
    anyio_backend,
    connections_closed,
    page_open,
    session_headers,
)

__all__ = ["anyio_backend", "connections_closed"]
pytestmark = SOCKET_TESTS


@pytest.fixture
def section(als, bob):
    proposal = make_proposal(als, by=bob)
    return proposal.sections.order_by("position").first()


def submit(section):
    Proposal.objects.filter(pk=section.proposal_id).update(status=Proposal.Status.SUBMITTED)


@pytest.mark.parametrize(
    ("role", "code"),
    [("anonymous", 4401), ("charlie", 4403), ("dora", 4403), ("bob", None), ("alice", None)],
)
async def test_a_sections_socket_is_open_to_its_authors_only(request, section, role, code):
    user = await sync_to_async(request.getfixturevalue)(role)
    page = await page_open(user, section.pk)
    assert page.closed == code
    assert (str(page.text) == section.text) if code is None else page.frames == []
    await page.close()


async def test_an_unknown_section_is_not_found(bob, section):
    page = await page_open(bob, section.pk + 1000)
    assert page.closed == 4404
    await page.close()


async def test_no_outsider_writes_a_word(charlie, bob, section):
    page = await page_open(charlie, section.pk)
    await page.type(0, "Charlie's")
    await page.close()
    assert (await sync_to_async(Section.objects.get)(pk=section.pk)).text == section.text


@pytest.mark.parametrize("language", ["en-gb", "pt-pt"])
async def test_an_author_of_a_submitted_proposal_is_told_and_their_offline_edit_kept(
    bob, section, language
):
    bob.language = language
    await sync_to_async(bob.save)()
    page = await page_open(bob, section.pk)
    await page.close()
    await sync_to_async(submit)(section)
    page.text.insert(0, "Offline words")  # typed in the browser while the socket was down

    # Heard out (the browser's sync step 2 brings what it kept), refused, told why, closed.
    again = await page_open(bob, section.pk, doc=page.doc)
    with translation.override(language):
        reason = NOT_EDITABLE.format(status=Proposal.Status.SUBMITTED.label.lower())
    assert (again.statuses, again.closed) == ([{"locked": reason}], 4403)
    await again.close()

    row = await sync_to_async(Section.objects.get)(pk=section.pk)
    assert (row.text, row.version) == (section.text, section.version)
    kept = await sync_to_async(Revision.objects.get)(section=section)
    assert (kept.text, kept.author_id, kept.is_conflict) == ("Offline words", bob.pk, True)


async def test_an_author_of_a_submitted_proposal_without_offline_edits_is_only_told(bob, section):
    await sync_to_async(submit)(section)
    page = await page_open(bob, section.pk)
    assert (len(page.statuses), page.closed) == (1, 4403)
    await page.close()
    assert not await sync_to_async(Revision.objects.filter(section=section).exists)()


async def test_garbage_instead_of_offline_edits_is_malformed_and_nothing_kept(bob, section):
    await sync_to_async(submit)(section)
    headers = await sync_to_async(session_headers)(bob)
    page = Browser(headers, section.pk)
    assert (await page.socket.connect())[0]
    await page.send_update(b"no Yjs update")
    await page.settle()
    assert page.closed == 4400
    await page.close()
    assert not await sync_to_async(Revision.objects.filter(section=section).exists)()
