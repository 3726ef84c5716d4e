"""Sections under concurrent editing, with real parallel connections (docs/architecture.md).

Ten writers loaded the same version of a section and save at once, each in its own thread with
its own database connection; a barrier releases them together. A save that comes while the
proposal is being submitted waits for the submission, then is refused.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from proposals import services
from proposals.models import Proposal, Revision, Section
from tests.factories import MemberFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one writer in at a time, so the race can only be shown on "
        "PostgreSQL (set DATABASE_URL).",
    ),
    # The sub-themes are seeded by a migration: bring them back after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WRITERS = 10


def in_parallel(save, arguments: list) -> list:
    """save(argument) for every argument at once, each on its own connection, in order."""
    barrier = threading.Barrier(len(arguments))
    outcomes = [None] * len(arguments)

    def run(index, argument):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes[index] = save(argument)
        except Exception as error:  # kept for the test to assert
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_ten_writers_saving_one_section_at_once_lose_no_text(proposal, als):
    writers = [UserFactory(email=f"writer{number}@amadora.example") for number in range(WRITERS)]
    for writer in writers:
        MemberFactory(learning_set=als, email=writer.email, user=writer)
    summary = proposal.sections.get(key="summary")
    texts = {writer: f"Summary by {writer.email}." for writer in writers}

    outcomes = in_parallel(
        lambda writer: services.section_save(
            section=summary, text=texts[writer], version=0, by=writer
        ),
        writers,
    )

    assert [type(outcome) for outcome in outcomes] == [services.SaveResult] * WRITERS
    saved = [outcome for outcome in outcomes if outcome.saved]
    conflicts = [outcome for outcome in outcomes if outcome.conflict]
    assert (len(saved), len(conflicts)) == (1, 9)
    winner = saved[0].section.updated_by
    assert Section.objects.values_list("text", "version", "updated_by").get(pk=summary.pk) == (
        texts[winner],
        1,
        winner.pk,
    )
    assert sorted(
        Revision.objects.filter(section=summary).values_list("author", "text", "is_conflict")
    ) == sorted((writer.pk, texts[writer], writer != winner) for writer in writers)
    assert {outcome.section.text for outcome in conflicts} == {texts[winner]}
    assert sorted(outcome.kept.text for outcome in conflicts) == sorted(
        texts[writer] for writer in writers if writer != winner
    )


def test_a_save_waiting_on_a_submission_is_refused_and_changes_nothing(proposal, bob):
    summary = proposal.sections.get(key="summary")
    saving = threading.Event()
    outcome = []

    def save():
        try:
            saving.set()
            outcome.append(
                services.section_save(section=summary, text="Late words", version=0, by=bob)
            )
        except ValidationError as error:
            outcome.append(error.messages)
        finally:
            connection.close()

    writer = threading.Thread(target=save)
    with transaction.atomic():  # a submission: the proposal's row locked, its status changed
        Proposal.objects.select_for_update().get(pk=proposal.pk)
        Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)
        writer.start()
        saving.wait(timeout=30)
        time.sleep(0.5)  # the save reaches the proposal's row and waits for it
    writer.join(timeout=60)

    assert outcome == [["This proposal is submitted: it can't be edited now."]]
    assert Section.objects.values_list("text", "version").get(pk=summary.pk) == ("", 0)
    assert not Revision.objects.filter(section=summary).exists()
