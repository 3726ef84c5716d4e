"""python -m bench.scale_data (bench/scale.py): a small run of the programme-scale shape."""

import pytest

from accounts.models import User
from bench.scale_data import run
from learningsets.models import Action, LearningSet, Meeting, Member
from outbox.models import Email
from partners.models import Partner
from proposals.models import Comment, Proposal, Revision, Section
from workshops.models import Registration, Session, Workshop

SMALL = [
    *("--partners", "40", "--members-per-set", "4", "--workshops", "6"),
    *("--registrations", "100", "--proposals", "30", "--revisions-per-proposal", "20"),
    *("--comments-per-proposal", "5", "--emails", "300", "--quiet"),
]


def sizes() -> dict:
    return {
        "partners": Partner.objects.count(),
        "cities paired": Partner.objects.filter(sister_region__isnull=False).count(),
        "learning sets": LearningSet.objects.count(),
        "members": Member.objects.count(),
        "workshops": Workshop.objects.count(),
        "sessions": Session.objects.count(),
        "registrations": Registration.objects.count(),
        "set meetings": Meeting.objects.count(),
        "open actions": Action.objects.filter(state=Action.State.OPEN).count(),
        "actions": Action.objects.count(),
        "proposals": Proposal.objects.count(),
        "revisions": Revision.objects.count(),
        "comments": Comment.objects.count(),
        "outbox": Email.objects.count(),
    }


@pytest.mark.django_db
def test_it_fills_an_empty_database_with_the_sizes_asked_for():
    run(SMALL)

    assert sizes() == {
        "partners": 40,
        "cities paired": 20,
        "learning sets": 120,
        "members": 480,
        "workshops": 6,
        "sessions": 6 * 15,
        "registrations": 100,
        "set meetings": 120 * 2,
        "open actions": 120 * 2 * 3 // 2,
        "actions": 120 * 2 * 3,
        "proposals": 30,
        "revisions": 30 * 20,
        "comments": 30 * 5,
        "outbox": 300,
    }
    # Every section of a proposal has the version its revisions reached.
    section = Section.objects.filter(revisions__isnull=False).order_by("pk").first()
    assert section.version == section.revisions.count()
    # Delegates come from the partner's learning set on the workshop's sub-theme.
    registration = Registration.objects.select_related("member__learning_set").first()
    assert registration.member.learning_set.partner_id == registration.partner_id
    assert registration.member.learning_set.sub_theme_id == registration.workshop.sub_theme_id


@pytest.mark.django_db
def test_it_is_deterministic():
    run(SMALL)
    first = list(Proposal.objects.order_by("pk").values_list("title", "funding_source"))
    # A member who brought a problem is protected: the meetings go first, with their actions.
    for model in (Email, Proposal, Registration, Workshop, Meeting, Partner):
        model.objects.all().delete()
    User.objects.filter(email__endswith="@bench.example").delete()

    run(SMALL)

    assert list(Proposal.objects.order_by("pk").values_list("title", "funding_source")) == first


@pytest.mark.django_db
def test_it_refuses_a_database_that_holds_partners_and_changes_nothing():
    run(SMALL)
    before = sizes()

    with pytest.raises(SystemExit, match="already holds 40 partners"):
        run(SMALL)

    assert sizes() == before


@pytest.mark.django_db
def test_it_refuses_sizes_below_two_partners_and_writes_nothing():
    with pytest.raises(SystemExit, match="at least 2 partners"):
        run(["--partners", "1", "--quiet"])

    assert Partner.objects.count() == 0
