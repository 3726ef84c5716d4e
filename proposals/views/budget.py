"""A proposal's particulars and its budget, edited by its authors while it is editable.

They are part of the proposal (its PDF has them): whoever may read the proposal reads them
here, a visitor of a public proposal too; anyone else gets a 404 (a visitor who is not logged
in is asked to log in). Only the authors change them, while the status allows: an author is
told why not (403), and a change posted by anyone else is refused (403), nothing changed.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from common import l10n
from proposals import budget, permissions
from proposals.forms import BudgetFormSet, ProposalDetailsForm
from proposals.models import FundingSource, Proposal
from proposals.selectors import proposal_for_viewer_or_404

PREFIX = "lines"
DETAILS_NOT_SAVED = _(
    "The details were not saved: correct what is marked below. Nothing was changed."
)
LINES_NOT_SAVED = _(
    "The budget lines were not saved: correct what is marked below. Nothing was changed."
)
NOT_AN_AUTHOR = _("Only the authors of a proposal change its details and budget.")


def login_when_needed(view):
    """A visitor who is not logged in is asked to log in to post a change, or to read a
    proposal that is not public (instead of the 404 of everyone else who may not read it)."""

    @wraps(view)
    def page(request, pk, **kwargs):
        if not request.user.is_authenticated and request.method == "POST":
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, pk, **kwargs)
        except Http404:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise

    return page


def _proposal_or_404(request, pk: int) -> tuple[Proposal, str]:
    """The proposal if the user may read it, and why they may not change it now: empty when
    they may, or when they only read it (a GET by anyone but its authors)."""
    proposal = proposal_for_viewer_or_404(user=request.user, pk=pk)
    if permissions.can_edit(request.user, proposal):
        return proposal, ""
    if permissions.is_author(request.user, proposal):
        status = proposal.get_status_display().lower()
        return proposal, gettext(budget.NOT_EDITABLE).format(status=status)
    return proposal, NOT_AN_AUTHOR if request.method == "POST" else ""


def _reads_learning_set(request, proposal: Proposal) -> bool:
    """Whether the breadcrumbs lead to the learning set's proposals: its authors' and team's."""
    return permissions.is_author(request.user, proposal) or permissions.reads_every_proposal(
        request.user
    )


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_http_methods(["GET", "POST"])
@login_when_needed
def proposal_details(request, pk):
    proposal, locked = _proposal_or_404(request, pk)
    context = {
        "proposal": proposal,
        "locked": locked,
        "reads_learning_set": _reads_learning_set(request, proposal),
    }
    if locked or not permissions.can_edit(request.user, proposal):
        context["principles"] = proposal.principles.order_by("number")
        status = 403 if locked else 200
        return render(request, "proposals/proposal_details.html", context, status=status)
    posted = request.POST if request.method == "POST" else None
    form = ProposalDetailsForm(posted, proposal=proposal)
    if request.method == "POST":
        if form.is_valid():
            try:
                updated = budget.proposal_details_update(proposal=proposal, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, _refusal(error))
            else:
                _say_saved(request, before=proposal, after=updated)
                return redirect("proposals:details", pk=proposal.pk)
        else:
            messages.error(request, DETAILS_NOT_SAVED)
    return render(request, "proposals/proposal_details.html", {**context, "form": form})


def _say_saved(request, *, before: Proposal, after: Proposal) -> None:
    messages.success(request, gettext("The details of the proposal were saved."))
    if before.language != after.language:
        messages.info(
            request,
            gettext(
                "The proposal is now written in {language}: its sections' titles and help and "
                "its PDF are in it. The texts stay as they were written."
            ).format(language=after.get_language_display()),
        )
    if before.funding_source == after.funding_source:
        return
    source = FundingSource(after.funding_source).label
    messages.info(
        request,
        gettext(
            "The funding source is now {source}. The sections were not re-created: their texts "
            "and character limits stay as they were."
        ).format(source=source),
    )
    outside = budget.lines_outside_categories(after)
    if outside:
        messages.warning(
            request,
            ngettext(
                "{count} budget line(s) are in a category that {source} budgets do not have: "
                "choose another category for them on the Budget page.",
                "{count} budget line(s) are in a category that {source} budgets do not have: "
                "choose another category for them on the Budget page.",
                len(outside),
            ).format(count=len(outside), source=source),
        )


def _one_row_more(data):
    """The posted budget with one more empty row: "Add a row" without JavaScript."""
    data = data.copy()
    key = f"{PREFIX}-TOTAL_FORMS"
    total = data.get(key, "")
    if total.isdigit() and int(total) < budget.MAX_LINES:
        data[key] = str(int(total) + 1)
    return data


def _initial(summary: budget.BudgetSummary) -> list[dict]:
    return [
        {
            "line": line.pk,
            "category": line.category,
            "description": line.description,
            "amount": line.amount,
        }
        for line in summary.lines
    ]


@require_http_methods(["GET", "POST"])
@login_when_needed
def proposal_budget(request, pk):
    proposal, locked = _proposal_or_404(request, pk)
    summary = budget.budget_summary(proposal)
    context = {
        "proposal": proposal,
        "locked": locked,
        "summary": summary,
        "outside": budget.lines_outside_categories(proposal, summary.lines),
        "reads_learning_set": _reads_learning_set(request, proposal),
    }
    if locked or not permissions.can_edit(request.user, proposal):
        status = 403 if locked else 200
        return render(request, "proposals/proposal_budget.html", context, status=status)
    kwargs = {"prefix": PREFIX, "form_kwargs": {"funding_source": proposal.funding_source}}
    if request.method == "GET":
        formset = BudgetFormSet(initial=_initial(summary), **kwargs)
    elif "more_rows" in request.POST:
        formset = BudgetFormSet(_one_row_more(request.POST), **kwargs)
    else:
        formset = BudgetFormSet(request.POST, **kwargs)
        saved = _save_budget(request, proposal, formset)
        if saved:
            return redirect("proposals:budget", pk=proposal.pk)
    return render(request, "proposals/proposal_budget.html", {**context, "formset": formset})


def _save_budget(request, proposal: Proposal, formset) -> budget.BudgetSummary | None:
    if not formset.is_valid():
        messages.error(request, LINES_NOT_SAVED)
        return None
    try:
        summary = budget.budget_lines_save(
            proposal=proposal, lines=formset.lines(), removed=formset.removed_lines()
        )
    except ValidationError as error:
        messages.error(request, _refusal(error))
        return None
    saved = gettext("The budget was saved: total eligible cost {total}, requested grant {grant}.")
    total, grant = l10n.money(summary.total), l10n.money(summary.grant)
    messages.success(request, saved.format(total=total, grant=grant))
    return summary
