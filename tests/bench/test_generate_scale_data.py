"""manage.py generate_scale_data (bench/scale.py): a small run of the programme-scale shape."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from learningsets.models import LearningSet, Member
from outbox.models import Email
from partners.models import Partner
from proposals.models import Comment, Proposal, Revision, Section
from workshops.models import Registration, Session, Workshop

SMALL = {
    "partners": 40,
    "members_per_set": 4,
    "workshops": 6,
    "registrations": 100,
    "proposals": 30,
    "revisions_per_proposal": 20,
    "comments_per_proposal": 5,
    "emails": 300,
}


def sizes() -> dict:
    return {
        "partners": Partner.objects.count(),
        "cities paired": Partner.objects.filter(sister_region__isnull=False).count(),
        "learning sets": LearningSet.objects.count(),
        "members": Member.objects.count(),
        "workshops": Workshop.objects.count(),
        "sessions": Session.objects.count(),
        "registrations": Registration.objects.count(),
        "proposals": Proposal.objects.count(),
        "revisions": Revision.objects.count(),
        "comments": Comment.objects.count(),
        "outbox": Email.objects.count(),
    }


@pytest.mark.django_db
def test_it_fills_an_empty_database_with_the_sizes_asked_for():
    call_command("generate_scale_data", verbosity=0, **SMALL)

    assert sizes() == {
        "partners": 40,
        "cities paired": 20,
        "learning sets": 120,
        "members": 480,
        "workshops": 6,
        "sessions": 6 * 15,
        "registrations": 100,
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
    call_command("generate_scale_data", verbosity=0, **SMALL)
    first = list(Proposal.objects.order_by("pk").values_list("title", "funding_source"))
    for model in (Email, Proposal, Registration, Workshop, Partner):
        model.objects.all().delete()
    User.objects.filter(email__endswith="@bench.example").delete()

    call_command("generate_scale_data", verbosity=0, **SMALL)

    assert list(Proposal.objects.order_by("pk").values_list("title", "funding_source")) == first


@pytest.mark.django_db
def test_it_refuses_a_database_that_holds_partners_and_changes_nothing():
    call_command("generate_scale_data", verbosity=0, **SMALL)
    before = sizes()

    with pytest.raises(CommandError, match="already holds 40 partners"):
        call_command("generate_scale_data", verbosity=0, **SMALL)

    assert sizes() == before
