"""A proposal's scores: its review rounds with each reviewer's scores and weighted totals, and
a reviewer's own score sheet in the open round.

The team sees every round, the authors the rounds that have ended; nobody else learns the page
exists (404), and a visitor is asked to log in. Every rule is the service's (proposals.scoring):
a score it refuses is shown as a message, a bad value beside its field, and nothing changes.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from proposals import permissions, scoring
from proposals.scoring_forms import ScoreSheetForm
from proposals.views.history import proposal_for_authors_and_team_or_404


@login_required
@require_http_methods(["GET", "POST"])
def proposal_scores(request, pk):
    proposal = proposal_for_authors_and_team_or_404(request.user, pk)
    here = reverse("proposals:scores", kwargs={"pk": proposal.pk})
    posted = request.method == "POST"
    # A sheet is for the round its form was loaded in: posted after that round ended (and
    # maybe another opened), it is refused, never stored in the next one.
    review_round = scoring.round_latest(
        proposal=proposal, number=request.POST.get("round") if posted else None
    )
    refusal = scoring.score_refusal(request.user, proposal, review_round)
    form = None
    if not refusal:
        form = ScoreSheetForm(
            request.POST if posted else None,
            criteria=list(review_round.rubric_version.criteria.all()),
            sheet=scoring.sheet_of(review_round=review_round, reviewer=request.user),
        )
    if posted:
        if refusal:
            messages.error(request, refusal)
            return redirect(here)
        if form.is_valid():
            return _save(request, review_round, form, here)
        messages.error(
            request,
            gettext("Your scores were not saved: correct what is marked below. Nothing changed."),
        )
    context = {
        "proposal": proposal,
        "rounds": scoring.rounds_shown(proposal=proposal, user=request.user),
        "review_round": review_round,
        "form": form,
        # A reviewer is told why they may not score; an author needs no such telling.
        "refusal": refusal if scoring.is_scorer(request.user) else "",
        "is_team": permissions.reads_every_proposal(request.user),
        "reviewers_named": settings.REVIEWERS_NAMED_TO_AUTHORS,
    }
    return render(request, "proposals/proposal_scores.html", context)


def _save(request, review_round, form: ScoreSheetForm, here: str):
    try:
        scoring.score_sheet_save(review_round=review_round, by=request.user, scores=form.scores())
    except ValidationError as refused:  # the round ended a moment ago
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            gettext("Your scores are saved. You may change them until this round ends."),
        )
    return redirect(here)
