"""What a proposal still lacks before it can be submitted, and where each thing is put right.

`submission_missing` is the one rule: *Submit for review* is refused while it finds anything
(workflow.proposal_transition), the deadline reminders list what it finds (proposals.reminders)
and the checklist beside the button shows it, each item with a link to where it is fixed. The
budget is asked for by the application forms but does not block a submission: the checklist
shows a budget without lines as a reminder that keeps the button (`blocks=False`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from proposals.comments import section_url
from proposals.models import BudgetLine, Proposal, Section

# The principles are chosen on the Details page, not on the proposal page the refusal shows on.
NO_PRINCIPLE = _(
    "Choose at least one Common Basic Principle that the proposal serves, on the Details page "
    "of the proposal."
)
NO_BUDGET = _(
    "The budget has no lines yet. It does not keep the proposal from being submitted, but the "
    "application form asks for it."
)


@dataclass(frozen=True)
class Missing:
    """One thing a proposal lacks: what it is, where it is put right, and whether it keeps
    the proposal from being submitted."""

    message: str
    url: str
    blocks: bool = True


def _details(proposal: Proposal, field: str) -> str:
    return f"{reverse('proposals:details', args=[proposal.pk])}#div_id_{field}"


def _section_missing(section: Section) -> str:
    if section.required and not section.text.strip():
        return gettext("{section} is empty.").format(section=section.title)
    if section.is_over_limit:
        over = section.length - section.char_limit
        return ngettext(
            "{section} is over the limit by {over} character.",
            "{section} is over the limit by {over} characters.",
            over,
        ).format(section=section.title, over=over)
    return ""


def submission_missing(
    proposal: Proposal, *, sections: Iterable[Section] | None = None
) -> list[Missing]:
    """What keeps the proposal from being submitted, in the page's order; empty if nothing.
    `sections` defaults to the proposal's, fetched (or prefetched) in their own order."""
    missing = []
    if not proposal.title.strip():
        missing.append(Missing(gettext("The proposal needs a title."), _details(proposal, "title")))
    # .all(), in the sections' own order: the reminder scan prefetches them for many proposals.
    for section in proposal.sections.all() if sections is None else sections:
        message = _section_missing(section)
        if message:
            missing.append(Missing(message, section_url(proposal, section)))
    if not proposal.principles.exists():
        missing.append(Missing(str(NO_PRINCIPLE), _details(proposal, "principles")))
    return missing


def submission_problems(proposal: Proposal) -> list[str]:
    """What keeps the proposal from being submitted, one message per problem; empty if none."""
    return [missing.message for missing in submission_missing(proposal)]


@dataclass(frozen=True)
class Checklist:
    """What *Submit for review* shows: everything still missing, and whether it may be sent."""

    missing: list[Missing]

    @property
    def may_submit(self) -> bool:
        return not any(item.blocks for item in self.missing)


def submission_checklist(
    proposal: Proposal,
    *,
    sections: Iterable[Section] | None = None,
    budget_lines: Iterable[BudgetLine] | None = None,
) -> Checklist:
    """What blocks the submission, then a budget without lines (which does not block it).
    `sections` and `budget_lines` default to the proposal's: a page that has them passes them."""
    missing = submission_missing(proposal, sections=sections)
    lines = proposal.budget_lines.all() if budget_lines is None else budget_lines
    if not list(lines):
        budget = reverse("proposals:budget", args=[proposal.pk])
        missing.append(Missing(str(NO_BUDGET), budget, blocks=False))
    return Checklist(missing)
