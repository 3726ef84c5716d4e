from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from proposals import history, permissions, selectors, services
from proposals.comments import section_url
from proposals.models import Proposal, Revision


def proposal_for_authors_and_team_or_404(user, pk) -> Proposal:
    """History and comments are the authors' and the team's: a public proposal's readers get
    a 404 like everybody else who may not see them."""
    proposal = selectors.proposal_for_viewer_or_404(user=user, pk=pk)
    if not (permissions.reads_every_proposal(user) or permissions.is_author(user, proposal)):
        raise Http404("No proposal you may work on has this address.")
    return proposal


@login_required
@require_GET
def proposal_history(request, pk):
    proposal = proposal_for_authors_and_team_or_404(request.user, pk)
    sections = list(history.sections_with_revision_counts(proposal=proposal))
    section, problems = history.section_chosen(sections, request.GET.get("section"))
    context = {
        "proposal": proposal,
        "sections": sections,
        "section": section,
        "problems": problems,
        "can_edit": permissions.can_edit(request.user, proposal),
    }
    if section is not None:
        comparison = history.revision_comparison(
            section=section, a=request.GET.get("a"), b=request.GET.get("b")
        )
        context["comparison"] = comparison
        context["problems"] = problems + comparison.problems
        context["page"] = history.revisions_page(section=section, number=request.GET.get("page"))
    return render(request, "proposals/proposal_history.html", context)


def _refusal(user, proposal: Proposal) -> str:
    if not permissions.is_author(user, proposal):
        return gettext("Only the authors of a proposal can restore an earlier text.")
    status = proposal.get_status_display().lower()
    # Translators: {status} is the proposal's status in lower case, such as "submitted".
    return gettext("This proposal is {status}: its text cannot be changed now.").format(
        status=status
    )


@login_required
@require_POST
def revision_restore(request, pk, revision_pk):
    proposal = proposal_for_authors_and_team_or_404(request.user, pk)
    revision = get_object_or_404(
        Revision.objects.select_related("section__proposal"),
        pk=revision_pk,
        section__proposal=proposal,
    )
    section = revision.section
    if not permissions.can_edit(request.user, proposal):
        messages.error(request, _refusal(request.user, proposal))
        history_url = reverse("proposals:history", kwargs={"pk": proposal.pk})
        return redirect(f"{history_url}?section={section.key}")
    result = services.revision_restore(revision=revision, by=request.user)
    when = history.revision_time(revision)
    if result.conflict:
        messages.warning(
            request,
            gettext(
                "Someone saved “{section}” at the same moment. The text of {when} was kept as a "
                "revision beside theirs; compare them in the history."
            ).format(section=section.title, when=when),
        )
    elif result.section.version == section.version:
        unchanged = gettext("The text of {when} is the current text: nothing changed.")
        messages.info(request, unchanged.format(when=when))
    else:
        restored = gettext("Restored the text of {when} as a new version.")
        messages.success(request, restored.format(when=when))
    return redirect(section_url(proposal, section))
