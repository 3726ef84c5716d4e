"""Reading a section's history: its revisions, page by page, and what changed between two."""

import difflib
import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, prefetch_related_objects
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext

from proposals.models import Proposal, Revision, Section

REVISIONS_PER_PAGE = 20
# A word and the whitespace after it are separate tokens, so a diff keeps the line breaks.
TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Change:
    """A run of text that both revisions share ("same"), or that one of them lacks."""

    kind: str  # "same", "inserted" or "deleted"
    text: str


@dataclass(frozen=True)
class Comparison:
    """Two revisions of a section and the changes from `before` (None: empty) to `after`."""

    before: Revision | None
    after: Revision | None
    changes: list[Change]
    problems: list[str]

    @property
    def before_label(self) -> str:
        return revision_label(self.before) if self.before else gettext("the empty section")

    @property
    def after_label(self) -> str:
        return revision_label(self.after) if self.after else gettext("the empty section")


def text_diff(before: str, after: str) -> list[Change]:
    """Word-level changes from `before` to `after`, by difflib; a replacement is a deletion
    followed by an insertion."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    # Whitespace is junk: a diff never anchors on a lone space between two changed words.
    matcher = difflib.SequenceMatcher(str.isspace, old, new, autojunk=False)
    changes: list[Change] = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            _append(changes, "same", old[old_start:old_end])
            continue
        _append(changes, "deleted", old[old_start:old_end])
        _append(changes, "inserted", new[new_start:new_end])
    return changes


def _append(changes: list[Change], kind: str, tokens: list[str]) -> None:
    if not tokens:
        return
    if changes and changes[-1].kind == kind:
        changes[-1] = Change(kind, changes[-1].text + "".join(tokens))
    else:
        changes.append(Change(kind, "".join(tokens)))


def sections_with_revision_counts(*, proposal: Proposal) -> QuerySet[Section]:
    return proposal.sections.annotate(revision_count=Count("revisions")).order_by("position")


def section_chosen(sections: list[Section], key: str | None) -> tuple[Section | None, list[str]]:
    """The section asked for by its key, else the first one (with a word why, if asked)."""
    for section in sections:
        if section.key == key:
            return section, []
    first = sections[0] if sections else None
    if not key or first is None:
        return first, []
    unknown = gettext("This proposal has no section “{key}”; here is “{section}”.")
    return first, [unknown.format(key=key[:40], section=first.title)]


def _revisions(section: Section) -> QuerySet[Revision]:
    return section.revisions.select_related("author", "restored_from").order_by(
        "-created_at", "-pk"
    )


def revisions_page(*, section: Section, number: str | None) -> Page:
    """The section's revisions, latest first, REVISIONS_PER_PAGE at a time, with their
    co-authors."""
    revisions = _revisions(section).prefetch_related("coauthors")
    return Paginator(revisions, REVISIONS_PER_PAGE).get_page(number)


def _wanted_ids(values: dict[str, str | None], problems: list[str]) -> dict[str, int]:
    wanted = {}
    for name, value in values.items():
        if not value:
            continue
        if value.isascii() and value.isdigit() and len(value) < 19:
            wanted[name] = int(value)
        else:
            problems.append(gettext("“{value}” is not a revision number.").format(value=value[:20]))
    return wanted


def _earlier(section: Section, revision: Revision | None) -> Revision | None:
    if revision is None:
        return None
    at = revision.created_at
    earlier = Q(created_at__lt=at) | Q(created_at=at, pk__lt=revision.pk)
    return _revisions(section).filter(earlier).first()


def revision_comparison(*, section: Section, a: str | None, b: str | None) -> Comparison:
    """Compare revisions `a` and `b` (ids from the address) of the section. Missing or unknown
    ones default to the latest revision (b) and the one before it (a)."""
    problems: list[str] = []
    wanted = _wanted_ids({"a": a, "b": b}, problems)
    found = {r.pk: r for r in _revisions(section).filter(pk__in=wanted.values())}
    for number in dict.fromkeys(wanted.values()):
        if number not in found:
            missing = gettext("“{section}” has no revision {number}.")
            problems.append(missing.format(section=section.title, number=number))
    if problems:
        problems.append(gettext("Showing the latest changes instead."))
        wanted = {}
    after = found[wanted["b"]] if "b" in wanted else _revisions(section).first()
    before = found[wanted["a"]] if "a" in wanted else _earlier(section, after)
    changes = text_diff(before.text if before else "", after.text if after else "")
    # Their labels name the co-authors: one query for both, whether `before` is there or not.
    prefetch_related_objects([r for r in (before, after) if r], "coauthors")
    return Comparison(before=before, after=after, changes=changes, problems=problems)


def revision_time(revision: Revision) -> str:
    """When the revision was saved, as people say it: "14:02" today, with the date otherwise."""
    saved = timezone.localtime(revision.created_at)
    if saved.date() == timezone.localdate():
        return formats.time_format(saved, "TIME_FORMAT")
    return formats.date_format(saved, "DATETIME_FORMAT")


def revision_writers(revision: Revision) -> str:
    """Who wrote the revision, its author first: "Ana", or "Ana and Bob" for a live burst.
    (Its co-authors are prefetched where revisions are listed.)"""
    author = str(revision.author) if revision.author else gettext("a former user")
    others = [str(person) for person in revision.coauthors.all()]
    return get_text_list([author, *others], gettext("and"))


def revision_label(revision: Revision) -> str:
    """E.g. "version 3 of 25 Nov 2026, 14:02 by Bob" (or "by Ana and Bob"); a conflict copy
    has no version."""
    saved = formats.date_format(timezone.localtime(revision.created_at), "SHORT_DATETIME_FORMAT")
    author = revision_writers(revision)
    if revision.is_conflict:
        label = gettext("the text kept after a conflict on {saved} by {author}")
        return label.format(saved=saved, author=author)
    label = gettext("version {version} of {saved} by {author}")
    return label.format(version=revision.version, saved=saved, author=author)
