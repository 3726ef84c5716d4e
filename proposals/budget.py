"""A proposal's particulars and its budget: the rules for budget lines, the figures computed
from them (one place: `budget_summary`) and the services that write both."""

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from proposals import funding, search, services
from proposals.models import BudgetLine, FundingSource, Proposal
from proposals.permissions import EDITABLE

CENTS = Decimal("0.01")
HUNDRED = Decimal("100")
# The largest amount a budget line holds (12 digits, 2 of them cents): far beyond any real line.
MAX_AMOUNT = Decimal("9999999999.99")
MAX_LINES = 200
DESCRIPTION_LENGTH = BudgetLine._meta.get_field("description").max_length

# Each message is its English text, marked for translation and translated where it is given
# (lazily by the forms): callers and tests compare a refusal with these constants.
NOT_AN_AMOUNT = gettext_noop("Enter an amount in euros, such as 1250 or 1250.50.")
NEGATIVE_AMOUNT = gettext_noop("An amount cannot be negative.")
TOO_LARGE_AMOUNT = gettext_noop(
    "This amount is too large: a budget line is at most 9,999,999,999.99 EUR."
)
TOO_PRECISE_AMOUNT = gettext_noop("Amounts are in euros and cents: use at most 2 decimal places.")
NO_DESCRIPTION = gettext_noop("Describe the cost.")
# The placeholders are the ones Django's fields give their messages.
LONG_DESCRIPTION = gettext_noop("Describe the cost in at most %(limit_value)d characters.")
TOO_MANY_LINES = gettext_noop("A budget has at most %(num)d lines.")
NOT_EDITABLE = gettext_noop(
    # Translators: {status} is the proposal's status in lower case, such as "submitted".
    "This proposal is {status}: only a draft, or a proposal whose changes were requested, can "
    "be changed. Nothing was saved."
)
LINE_GONE = gettext_noop(
    "A budget line you changed was removed by someone else meanwhile: reload the page and "
    "make your change again. Nothing was saved."
)
LINES_UNACCOUNTED = gettext_noop(
    "The budget form does not list every line of the budget (it arrived incomplete, or "
    "someone changed the budget meanwhile): reload the page and make your change again. "
    "Nothing was saved."
)


def money(value: Decimal) -> Decimal:
    """A sum in euros rounded to cents, halves up (as accountants round)."""
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def check_amount(amount: Decimal) -> Decimal:
    """The amount of a budget line, in cents; ValidationError with the reason if it is not one."""
    if not amount.is_finite():
        raise ValidationError(gettext(NOT_AN_AMOUNT))
    if amount < 0:
        raise ValidationError(gettext(NEGATIVE_AMOUNT))
    if amount > MAX_AMOUNT:
        raise ValidationError(gettext(TOO_LARGE_AMOUNT))
    if amount != money(amount):
        raise ValidationError(gettext(TOO_PRECISE_AMOUNT))
    return money(amount)


def categories_for(funding_source: str) -> list[tuple[str, str]]:
    """The budget categories (value, label) of a funding source's application form."""
    labels = dict(BudgetLine.Category.choices)
    return [(value, labels[value]) for value in funding.BUDGET_CATEGORIES[funding_source]]


def category_refusal(funding_source: str) -> str:
    """Why a category is refused for this source; `%(value)s` is the category sent."""
    names = ", ".join(str(label) for _value, label in categories_for(funding_source))
    source = FundingSource(funding_source).label
    refusal = gettext(
        "“%(value)s” is not a budget category of %(source)s. Choose one of: %(names)s."
    )
    # The category sent stays a placeholder: the form's error, or check_category, fills it in.
    return refusal % {"value": "%(value)s", "source": source, "names": names}


def check_category(funding_source: str, category: str) -> str:
    if category not in funding.BUDGET_CATEGORIES[funding_source]:
        label = dict(BudgetLine.Category.choices).get(category, category)
        raise ValidationError(category_refusal(funding_source) % {"value": label})
    return category


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    label: str
    total: Decimal


@dataclass(frozen=True)
class BudgetSummary:
    """The figures of a budget: every amount in euros, rounded to cents."""

    lines: list[BudgetLine]
    categories: list[CategoryTotal]
    total: Decimal
    rate: Decimal
    grant: Decimal
    own_contribution: Decimal


def budget_summary(proposal: Proposal, lines: Iterable[BudgetLine] | None = None) -> BudgetSummary:
    """The totals per category, the total eligible cost, the requested grant (total × rate)
    and the own contribution (the rest). `lines` defaults to the proposal's saved lines."""
    lines = list(proposal.budget_lines.all() if lines is None else lines)
    sums: dict[str, Decimal] = {}
    for line in lines:
        sums[line.category] = sums.get(line.category, Decimal(0)) + line.amount
    categories = [
        CategoryTotal(value, label, money(sums[value]))
        for value, label in BudgetLine.Category.choices
        if value in sums
    ]
    total = money(sum(sums.values(), Decimal(0)))
    rate = Decimal(proposal.co_financing_rate)
    grant = money(total * rate / HUNDRED)
    return BudgetSummary(lines, categories, total, rate, grant, total - grant)


def lines_outside_categories(
    proposal: Proposal, lines: Iterable[BudgetLine] | None = None
) -> list[BudgetLine]:
    """Lines in a category the proposal's funding source has no place for (after a change)."""
    allowed = funding.BUDGET_CATEGORIES[proposal.funding_source]
    lines = proposal.budget_lines.all() if lines is None else lines
    return [line for line in lines if line.category not in allowed]


def _locked_editable(proposal: Proposal) -> Proposal:
    """The proposal's row, locked until the transaction ends, if its status allows changes."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status not in EDITABLE:
        status = locked.get_status_display().lower()
        raise ValidationError(gettext(NOT_EDITABLE).format(status=status), code="not_editable")
    return locked


@transaction.atomic
def proposal_details_update(
    *,
    proposal: Proposal,
    title: str,
    acronym: str,
    funding_source: str,
    call: str,
    duration_months: int | None,
    planned_start: dt.date | None,
    co_financing_rate: Decimal,
    principles: Iterable,
    language: str | None = None,
) -> Proposal:
    """Change the proposal's particulars and principles. A new funding source keeps the
    sections as they are written: they are not re-created. A new language (None keeps it)
    gives the sections' titles and help in it (services.sections_follow_language)."""
    locked = _locked_editable(proposal)
    before = locked.language
    details = {
        "title": title,
        "language": language or locked.language,
        "acronym": acronym,
        "funding_source": funding_source,
        "call": call,
        "duration_months": duration_months,
        "planned_start": planned_start,
        "co_financing_rate": co_financing_rate,
    }
    for name, value in details.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["learning_set", "created_by", "status", "is_public"])
    locked.save(update_fields=[*details, "updated_at"])
    locked.principles.set(principles)
    services.sections_follow_language(proposal=locked, before=before)
    # A new title, or a new language whose dictionary reads every word anew.
    search.proposals_reindex(proposals=Proposal.objects.filter(pk=locked.pk))
    return locked


@dataclass(frozen=True)
class LineInput:
    """A budget line as its writer wants it; `pk` names an existing line of the proposal."""

    category: str
    description: str
    amount: Decimal
    pk: int | None = None


def _checked(proposal: Proposal, lines: Sequence[LineInput]) -> list[LineInput]:
    if len(lines) > MAX_LINES:
        raise ValidationError(gettext(TOO_MANY_LINES) % {"num": MAX_LINES})
    errors = []
    for number, line in enumerate(lines, start=1):
        problems = []
        try:
            check_category(proposal.funding_source, line.category)
            check_amount(line.amount)
        except ValidationError as error:
            problems += error.messages
        if not line.description.strip():
            problems.append(gettext(NO_DESCRIPTION))
        elif len(line.description.strip()) > DESCRIPTION_LENGTH:
            problems.append(gettext(LONG_DESCRIPTION) % {"limit_value": DESCRIPTION_LENGTH})
        line_error = gettext("Line {number}: {message}")
        errors += [line_error.format(number=number, message=problem) for problem in problems]
    if errors:
        raise ValidationError(errors)
    return list(lines)


@transaction.atomic
def budget_lines_save(
    *, proposal: Proposal, lines: Sequence[LineInput], removed: Collection[int] = ()
) -> BudgetSummary:
    """Make the proposal's budget exactly `lines`, in this order: all of it is saved, or
    (with a ValidationError) nothing. A saved line missing from `lines` must be in `removed`:
    a line is only ever deleted because its writer asked."""
    locked = _locked_editable(proposal)
    lines = _checked(locked, lines)
    existing = {line.pk: line for line in locked.budget_lines.all()}
    if any(line.pk is not None and line.pk not in existing for line in lines):
        raise ValidationError(gettext(LINE_GONE), code="line_gone")
    named = [line.pk for line in lines if line.pk is not None]
    if len(named) != len(set(named)) or set(existing) - set(named) - set(removed):
        raise ValidationError(gettext(LINES_UNACCOUNTED), code="lines_unaccounted")
    kept, added = [], []
    for position, line in enumerate(lines, start=1):
        row = existing.get(line.pk) or BudgetLine(proposal=locked)
        row.category, row.description = line.category, line.description.strip()
        row.amount, row.position = money(line.amount), position
        (kept if row.pk else added).append(row)
    kept_pks = {row.pk for row in kept}
    BudgetLine.objects.filter(proposal=locked).exclude(pk__in=kept_pks).delete()
    # The *_with_history helpers keep the audit trail (user from the request) in the same
    # transaction, one INSERT of history rows each; a deleted line records itself.
    fields = ["category", "description", "amount", "position"]
    if kept:
        bulk_update_with_history(kept, BudgetLine, fields, default_change_reason="budget saved")
    if added:
        bulk_create_with_history(added, BudgetLine, default_change_reason="budget saved")
    locked.save(update_fields=["updated_at"])
    return budget_summary(locked)
