"""The rules of saving a section's text (services.section_save and revision_restore)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from proposals import services
from proposals.models import Proposal, Revision, Section
from tests.proposals.factories import make_proposal

MONDAY = dt.datetime(2025, 3, 3, 13, 2, tzinfo=dt.UTC)
TUESDAY = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC)


def summary_of(proposal) -> Section:
    return proposal.sections.get(key="summary")


def section_row(section):
    return Section.objects.values_list("text", "version", "updated_by__email", "updated_at").get(
        pk=section.pk
    )


def revision_rows(section):
    """Every revision of the section, oldest first: version, text, author, conflict, restored."""
    return list(
        section.revisions.order_by("pk").values_list(
            "version", "text", "author__email", "is_conflict", "restored_from"
        )
    )


def test_a_save_writes_the_text_increments_the_version_and_keeps_a_revision(proposal, bob):
    summary = summary_of(proposal)

    result = services.section_save(section=summary, text="Loans.", version=0, by=bob, at=MONDAY)

    assert (result.saved, result.conflict, result.kept) == (True, False, None)
    assert (result.section.text, result.section.version) == ("Loans.", 1)
    assert section_row(summary) == ("Loans.", 1, "bob@amadora.example", MONDAY)
    assert revision_rows(summary) == [(1, "Loans.", "bob@amadora.example", False, None)]
    assert Proposal.objects.get(pk=proposal.pk).updated_at == MONDAY


def test_each_save_from_the_current_version_increments_it_again(proposal, bob, alice):
    summary = summary_of(proposal)
    services.section_save(section=summary, text="Loans.", version=0, by=bob, at=MONDAY)

    result = services.section_save(
        section=summary, text="Loans and mentoring.", version=1, by=alice, at=TUESDAY
    )

    assert result.saved
    assert section_row(summary) == ("Loans and mentoring.", 2, "alice@amadora.example", TUESDAY)
    assert revision_rows(summary) == [
        (1, "Loans.", "bob@amadora.example", False, None),
        (2, "Loans and mentoring.", "alice@amadora.example", False, None),
    ]


def test_saving_the_same_text_again_changes_nothing(proposal, bob, alice):
    summary = summary_of(proposal)
    services.section_save(section=summary, text="Loans.", version=0, by=bob, at=MONDAY)

    result = services.section_save(section=summary, text="Loans.", version=1, by=alice, at=TUESDAY)

    assert (result.saved, result.kept, result.section.version) == (True, None, 1)
    assert section_row(summary) == ("Loans.", 1, "bob@amadora.example", MONDAY)
    assert len(revision_rows(summary)) == 1


def test_the_same_text_from_an_old_version_is_no_conflict(proposal, bob, alice):
    """A retried autosave whose first answer was lost finds its own text: nothing to keep."""
    summary = summary_of(proposal)
    services.section_save(section=summary, text="Loans.", version=0, by=bob, at=MONDAY)

    result = services.section_save(section=summary, text="Loans.", version=0, by=bob, at=TUESDAY)

    assert (result.saved, result.section.version) == (True, 1)
    assert Revision.objects.filter(is_conflict=True).count() == 0


def test_a_save_from_an_old_version_writes_nothing_over_and_keeps_the_text(proposal, bob, alice):
    summary = summary_of(proposal)
    services.section_save(section=summary, text="Loans.", version=0, by=bob, at=MONDAY)

    result = services.section_save(
        section=summary, text="Mentoring.", version=0, by=alice, at=TUESDAY
    )

    assert (result.saved, result.conflict) == (False, True)
    assert (result.section.text, result.section.version) == ("Loans.", 1)
    assert (result.kept.text, result.kept.author, result.kept.is_conflict) == (
        "Mentoring.",
        alice,
        True,
    )
    assert section_row(summary) == ("Loans.", 1, "bob@amadora.example", MONDAY)
    assert revision_rows(summary) == [
        (1, "Loans.", "bob@amadora.example", False, None),
        (None, "Mentoring.", "alice@amadora.example", True, None),
    ]


def test_line_endings_from_a_browser_are_stored_as_newlines(proposal, bob):
    summary = summary_of(proposal)

    services.section_save(section=summary, text="Loans.\r\nMentoring.", version=0, by=bob)

    assert section_row(summary)[:2] == ("Loans.\nMentoring.", 1)


def test_restoring_a_revision_saves_its_text_as_a_new_revision(proposal, bob, alice):
    summary = summary_of(proposal)
    services.section_save(section=summary, text="Loans.", version=0, by=bob, at=MONDAY)
    services.section_save(section=summary, text="Mentoring.", version=1, by=bob, at=MONDAY)
    first = summary.revisions.get(version=1)

    result = services.revision_restore(revision=first, by=alice, at=TUESDAY)

    assert (result.saved, result.section.text, result.section.version) == (True, "Loans.", 3)
    assert revision_rows(summary) == [
        (1, "Loans.", "bob@amadora.example", False, None),
        (2, "Mentoring.", "bob@amadora.example", False, None),
        (3, "Loans.", "alice@amadora.example", False, first.pk),
    ]


def test_restoring_the_current_text_changes_nothing(proposal, bob, alice):
    summary = summary_of(proposal)
    services.section_save(section=summary, text="Loans.", version=0, by=bob, at=MONDAY)

    result = services.revision_restore(revision=summary.revisions.get(), by=alice, at=TUESDAY)

    assert (result.saved, result.section.version) == (True, 1)
    assert len(revision_rows(summary)) == 1


def test_a_save_is_refused_once_the_proposal_left_the_draft(proposal, bob):
    section = proposal.sections.get(key="summary")
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)

    with pytest.raises(ValidationError) as refused:
        services.section_save(section=section, text="Late words", version=0, by=bob)

    assert refused.value.messages == ["This proposal is submitted: it can't be edited now."]
    section.refresh_from_db()
    assert (section.text, section.version, section.revisions.count()) == ("", 0, 0)


def test_a_proposal_starts_with_the_sections_and_limits_of_its_funding_source(als, bob):
    erdf = make_proposal(als, funding_source="erdf", by=bob)
    esf = make_proposal(als, title="Pathways to work", funding_source="esf", by=bob)
    national = make_proposal(als, title="Local fund", funding_source="national", by=bob)

    def layout(proposal):
        return list(proposal.sections.values_list("key", "char_limit", "required"))

    assert layout(erdf)[3] == ("target_groups", 2000, True)
    assert layout(esf)[3:5] == [("target_groups", 3000, True), ("participants", 2500, False)]
    assert len(layout(esf)) == len(layout(erdf)) + 1
    assert layout(national)[0] == ("summary", 1200, True)
    assert (erdf.co_financing_rate, esf.co_financing_rate) == (75, 80)
