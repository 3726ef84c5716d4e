"""The names of a proposal's rows: their own columns, read without a query (the admin's delete
page names every row a deletion takes)."""

import datetime as dt

from proposals.models import Comment, Revision, Section


def test_sections_revisions_and_comments_are_named_without_a_query(
    proposal, bob, django_assert_num_queries
):
    section = proposal.sections.get(key="summary")
    revision = Revision.objects.create(
        section=section,
        text="Short.",
        author=bob,
        created_at=dt.datetime(2030, 3, 6, 10, 30, tzinfo=dt.UTC),
    )
    comment = Comment.objects.create(proposal=proposal, section=section, author=bob, body="Why?")
    rows = [
        Section.objects.get(pk=section.pk),
        Revision.objects.get(pk=revision.pk),
        Comment.objects.get(pk=comment.pk),
    ]

    with django_assert_num_queries(0):
        names = [str(row) for row in rows]

    assert names == [
        "Summary",
        f"Revision #{revision.pk} at 2030-03-06 10:30",
        f"Comment #{comment.pk} on proposal #{proposal.pk}",
    ]
