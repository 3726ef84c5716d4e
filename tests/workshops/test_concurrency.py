"""The delegate quota under concurrency, with real parallel connections (docs/architecture.md).

Each submission runs in its own thread with its own database connection; a barrier releases
them together so that they race for the same (workshop, partner).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from outbox.models import Email
from tests.factories import MemberFactory
from workshops import services
from workshops.models import Invitation, Registration, StatusChange

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite ignores select_for_update and lets one writer in at a time, so the race "
        "can only be shown on PostgreSQL (set DATABASE_URL).",
    ),
    # The sub-themes are seeded by a migration: bring them back after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBMISSIONS = 20


def in_parallel(submit, arguments: list) -> list:
    """submit(argument) for every argument at once, each on its own connection.

    Returns what each call returned or raised, in the order of the arguments.
    """
    barrier = threading.Barrier(len(arguments))
    outcomes = [None] * len(arguments)

    def run(index, argument):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes[index] = submit(argument)
        except Exception as error:  # kept for the test to assert
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, argument))
        for index, argument in enumerate(arguments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def refusals(outcomes) -> list[list[str]]:
    return [outcome.messages for outcome in outcomes if isinstance(outcome, ValidationError)]


def test_twenty_simultaneous_submissions_leave_exactly_the_quota_registered(
    workshop, amadora, als, alice
):
    members = MemberFactory.create_batch(SUBMISSIONS, learning_set=als)

    outcomes = in_parallel(
        lambda member: services.delegates_register(
            workshop=workshop, partner=amadora, members=[member], by=alice
        ),
        members,
    )

    registered = [outcome for outcome in outcomes if isinstance(outcome, list)]
    assert (len(registered), len(refusals(outcomes))) == (3, 17)
    assert (
        refusals(outcomes)
        == [
            [
                f"Amadora may send 3 delegates to {workshop} and has registered 3: "
                "withdraw or replace a delegate first."
            ]
        ]
        * 17
    )
    assert sorted(Registration.objects.values_list("member", flat=True)) == sorted(
        registration.member.pk for (registration,) in registered
    )
    assert (
        StatusChange.objects.count(),
        Invitation.objects.count(),
        Email.objects.count(),
        services.places_taken(workshop=workshop, partner=amadora),
    ) == (6, 3, 3, 3)


def test_twenty_simultaneous_submissions_of_one_member_register_them_once(
    workshop, amadora, als, alice
):
    ana = MemberFactory(learning_set=als, name="Ana")

    outcomes = in_parallel(
        lambda _: services.delegates_register(
            workshop=workshop, partner=amadora, members=[ana], by=alice
        ),
        list(range(SUBMISSIONS)),
    )

    assert len([outcome for outcome in outcomes if isinstance(outcome, list)]) == 1
    assert refusals(outcomes) == [[f"Ana is already a delegate for {workshop}."]] * 19
    assert list(Registration.objects.values_list("member__name", "status")) == [("Ana", "invited")]
    assert (StatusChange.objects.count(), Invitation.objects.count(), Email.objects.count()) == (
        2,
        1,
        1,
    )
