"""The workflow on the site: a step taken from the proposal page, and the team's review list.

Every rule is the service's (proposals.workflow): what it refuses is shown as a message and
nothing changes.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from common.content import ContentSelect
from learningsets.models import SubTheme
from partners.models import Partner
from proposals import permissions, submission, workflow
from proposals.models import FundingSource, Proposal
from proposals.selectors import proposal_for_viewer_or_404, proposals_visible_to

REVIEW_PAGE_SIZE = 25
REVIEW_STATUSES = [(s.value, s.label) for s in Proposal.Status if s != Proposal.Status.DRAFT]


@require_POST
def proposal_transition(request, pk, action):
    if not request.user.is_authenticated:  # logged out meanwhile: back to the proposal after
        return redirect_to_login(reverse("proposals:detail", kwargs={"pk": pk}))
    proposal = proposal_for_viewer_or_404(user=request.user, pk=pk)
    if action not in workflow.ACTIONS:
        raise Http404("A proposal has no such step.")
    try:
        workflow.proposal_transition(
            proposal=proposal, action=action, by=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, workflow.ACTIONS[action].done)
    return redirect(proposal)


@login_required
@require_safe
def submission_checklist(request, pk):
    """What is still missing before the proposal can be submitted, with links to where each
    thing is put right, and the button once nothing blocks it: the page behind *Submit for
    review* (the proposal page shows the same list in a disclosure)."""
    proposal = proposal_for_viewer_or_404(user=request.user, pk=pk)
    refusal = workflow.action_refusal(action="submit", proposal=proposal, user=request.user)
    checklist = None if refusal else submission.submission_checklist(proposal)
    return render(
        request,
        "proposals/proposal_submit.html",
        {
            "proposal": proposal,
            "refusal": refusal,
            "checklist": checklist,
            "reads_learning_set": permissions.is_author(request.user, proposal)
            or permissions.reads_every_proposal(request.user),
        },
        status=403 if refusal else 200,
    )


ANY = {"required": False, "widget": forms.Select(attrs={"class": "form-select"})}
ALL = {**ANY, "empty_label": _("All")}


class ReviewFilters(forms.Form):
    """The review list's filters; a value that is not one of the choices filters nothing."""

    sub_theme = forms.ModelChoiceField(
        SubTheme.objects.all(),
        to_field_name="slug",
        label=_("Sub-theme"),
        **ALL | {"widget": ContentSelect(field="name", attrs={"class": "form-select"})},
    )
    partner = forms.ModelChoiceField(
        Partner.objects.all(), to_field_name="slug", label=_("Partner"), **ALL
    )
    funding_source = forms.ChoiceField(
        choices=[("", _("All")), *FundingSource.choices], label=_("Funding source"), **ANY
    )
    status = forms.ChoiceField(choices=[("", _("All")), *REVIEW_STATUSES], label=_("Status"), **ANY)

    def filter(self, proposals):
        self.is_valid()  # a bad value leaves its field out of cleaned_data, the others apply
        wanted = {
            "learning_set__sub_theme": self.cleaned_data.get("sub_theme"),
            "learning_set__partner": self.cleaned_data.get("partner"),
            "funding_source": self.cleaned_data.get("funding_source"),
            "status": self.cleaned_data.get("status"),
        }
        return proposals.filter(**{field: value for field, value in wanted.items() if value})


@login_required
@require_GET
def review_list(request):
    if not permissions.reads_every_proposal(request.user):
        raise Http404("The review list is the MILE management team's.")
    filters = ReviewFilters(request.GET)
    proposals = filters.filter(
        proposals_visible_to(user=request.user).exclude(status=Proposal.Status.DRAFT)
    )
    page = Paginator(proposals, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "proposals/review_list.html", {"filters": filters, "page": page})
