"""A proposal's particulars and its budget, edited by its authors while it is editable.

Only the authors (members of the learning set, contacts of its partner) reach these pages;
everyone else gets a 404. When the status forbids changes, authors get a 403 saying why.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from proposals import budget, permissions
from proposals.forms import BudgetFormSet, ProposalDetailsForm
from proposals.models import FundingSource, Proposal
from proposals.selectors import proposal_for_viewer_or_404

PREFIX = "lines"
NOT_SAVED = "{what} were not saved: correct what is marked below. Nothing was changed."


def _proposal_of_author_or_404(user, pk: int) -> tuple[Proposal, str]:
    """The proposal if the user is one of its authors, and why it cannot be changed now
    (empty when it can); 404 for everyone else."""
    proposal = proposal_for_viewer_or_404(user=user, pk=pk)
    if not permissions.is_author(user, proposal):
        raise Http404("No proposal you may change has this address.")
    if permissions.can_edit(user, proposal):
        return proposal, ""
    return proposal, budget.NOT_EDITABLE.format(status=proposal.get_status_display().lower())


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_details(request, pk):
    proposal, locked = _proposal_of_author_or_404(request.user, pk)
    context = {"proposal": proposal, "locked": locked}
    if locked:
        return render(request, "proposals/proposal_details.html", context, status=403)
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
            messages.error(request, NOT_SAVED.format(what="The details"))
    return render(request, "proposals/proposal_details.html", {**context, "form": form})


def _say_saved(request, *, before: Proposal, after: Proposal) -> None:
    messages.success(request, "The details of the proposal were saved.")
    if before.funding_source == after.funding_source:
        return
    source = FundingSource(after.funding_source).label
    messages.info(
        request,
        f"The funding source is now {source}. The sections were not re-created: their texts "
        "and character limits stay as they were.",
    )
    outside = budget.lines_outside_categories(after)
    if outside:
        messages.warning(
            request,
            f"{len(outside)} budget line(s) are in a category that {source} budgets do not "
            "have: choose another category for them on the Budget page.",
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


@login_required
@require_http_methods(["GET", "POST"])
def proposal_budget(request, pk):
    proposal, locked = _proposal_of_author_or_404(request.user, pk)
    summary = budget.budget_summary(proposal)
    context = {
        "proposal": proposal,
        "locked": locked,
        "summary": summary,
        "outside": budget.lines_outside_categories(proposal, summary.lines),
    }
    if locked:
        return render(request, "proposals/proposal_budget.html", context, status=403)
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
        messages.error(request, NOT_SAVED.format(what="The budget lines"))
        return None
    try:
        summary = budget.budget_lines_save(
            proposal=proposal, lines=formset.lines(), removed=formset.removed_lines()
        )
    except ValidationError as error:
        messages.error(request, _refusal(error))
        return None
    messages.success(
        request,
        f"The budget was saved: total eligible cost {summary.total:,} EUR, requested grant "
        f"{summary.grant:,} EUR.",
    )
    return summary
