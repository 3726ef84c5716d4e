"""Drafting a proposal: the learning set's proposals, the proposal page and saving a section.

Autosave (htmx) and the Save button post the same form to the same view, and both go through
services.section_save, whose one conditional UPDATE is what keeps concurrent writers from
overwriting each other (docs/architecture.md). The htmx answers are small pieces of the section; the
answers to a plain post are a redirect, or the proposal page with the section in question.

Who gets what: anyone who may not see the proposal gets 404 (an anonymous visitor is asked to
log in); anyone who may see it but not write it gets 403 with the reason — the management
team, a reader of a public proposal, or an author once the proposal is no longer a draft.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learningsets.models import LearningSet
from proposals import budget, permissions, selectors, services
from proposals.document_forms import DocumentForm
from proposals.forms import CharacterCount, ProposalStartForm, SectionForm
from proposals.models import Proposal, Revision, Section

LOGGED_OUT = _(
    "You are logged out: log in again in another tab, then save. Your text is still here."
)
NOT_AN_AUTHOR = _(
    "Only the members of the learning set and the contacts of its partner write its proposals."
)


@dataclass(frozen=True)
class SectionOnPage:
    """A section as the proposal page shows it: a form to write in, or its text to read."""

    section: Section
    form: SectionForm | None = None
    kept: Revision | None = None  # the writer's text kept in a conflict, shown beside theirs
    unsaved_text: str = ""  # a refused writer's text, shown so that it can be copied

    @property
    def state(self) -> str:
        return "conflict" if self.kept else ""

    @property
    def count(self) -> CharacterCount:
        if self.form is not None:
            return self.form.count
        return CharacterCount(self.section.length, self.section.char_limit)


def _learning_set_or_404(user, pk: int) -> LearningSet:
    """A learning set whose proposals the user may see: its authors' and the team's."""
    learning_set = get_object_or_404(
        LearningSet.objects.select_related("partner", "sub_theme"), pk=pk
    )
    if not (
        permissions.reads_every_proposal(user)
        or permissions.is_learning_set_author(user, learning_set)
    ):
        raise Http404("No learning set whose proposals you may see has this address.")
    return learning_set


def _edit_refusal(user, proposal: Proposal) -> str:
    """Why the user may not change the proposal's text now; empty when they may."""
    if not permissions.is_author(user, proposal):
        return NOT_AN_AUTHOR
    if not permissions.can_edit(user, proposal):
        return services.NOT_EDITABLE.format(status=proposal.get_status_display().lower())
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def learning_set_proposals(request, pk):
    learning_set = _learning_set_or_404(request.user, pk)
    may_start = permissions.is_learning_set_author(request.user, learning_set)
    form = ProposalStartForm(
        request.POST if request.method == "POST" else None, learning_set=learning_set
    )
    if request.method == "POST":
        if not may_start:
            return HttpResponseForbidden(str(NOT_AN_AUTHOR))
        if form.is_valid():
            proposal = services.proposal_create(
                learning_set=learning_set, **form.cleaned_data, by=request.user
            )
            started = gettext("“{title}” is started: write it section by section.")
            messages.success(request, started.format(title=proposal))
            return redirect(proposal)
    return render(
        request,
        "proposals/learningset_proposals.html",
        {
            "learning_set": learning_set,
            "proposals": selectors.proposals_of_learning_set(learning_set=learning_set),
            "form": form if may_start else None,
        },
    )


def _proposal_page(request, proposal: Proposal, focus: SectionOnPage | None = None, status=200):
    """The proposal page; `focus` replaces the usual form of one section (errors, a conflict)."""
    editable = permissions.can_edit(request.user, proposal)
    is_author = permissions.is_author(request.user, proposal)
    team = permissions.reads_every_proposal(request.user)
    reviewer = permissions.is_reviewer(request.user)
    content = selectors.sections_with_threads(proposal=proposal, with_comments=is_author or team)
    workflow = selectors.workflow_shown(
        proposal=proposal, team=team, reviewer=reviewer, author=is_author
    )
    budget_summary = budget.budget_summary(proposal)

    def on_page(section):
        if focus is not None and focus.section.pk == section.pk:
            return SectionOnPage(section, focus.form, focus.kept, focus.unsaved_text)
        return SectionOnPage(section, SectionForm(section=section) if editable else None)

    sections = [on_page(section) for section in content.sections]
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "sections": sections,
            "editable": editable,
            "is_author": is_author,
            "is_management": team,
            "general_comments": content.general_threads,
            "workflow": workflow,
            "budget_summary": budget_summary,
            "documents": selectors.documents_shown(user=request.user, proposal=proposal),
            "document_form": DocumentForm() if editable else None,
        },
        status=status,
    )


@require_safe
def proposal_detail(request, pk):
    try:
        proposal = selectors.proposal_for_viewer_or_404(user=request.user, pk=pk)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    return _proposal_page(request, proposal)


def _section_status(request, section: Section | None, state, *, message="", kept=None, status=200):
    """The answer to htmx: the section's status line, and after a save or a conflict the new
    version (and the conflict panel, or none) swapped out of band into the section's form."""
    return render(
        request,
        "proposals/_section_autosave.html",
        {"section": section, "state": state, "message": message, "kept": kept},
        status=status,
    )


def _not_saved(request, proposal, item: SectionOnPage, reason: str, status: int):
    """A save refused before it reached the service: the reason, and the writer's text kept."""
    if request.htmx:
        return _section_status(request, item.section, "refused", message=reason, status=status)
    if item.form is not None:
        reason = gettext("See why below.")  # the form shows the reason beside the text
    not_saved = gettext("{section} was not saved. {reason}")
    messages.error(request, not_saved.format(section=item.section.title, reason=reason))
    return _proposal_page(request, proposal, item, status=status)


def _conflict(request, proposal, result: services.SaveResult):
    """Someone saved first: both texts side by side, the writer's kept as a revision."""
    section = result.section
    if request.htmx:
        return _section_status(request, section, "conflict", kept=result.kept, status=409)
    messages.warning(
        request,
        gettext(
            "{section} was not saved over a newer version: choose below which text to keep."
        ).format(section=section.title),
    )
    item = SectionOnPage(section, SectionForm(section=section, text=result.kept.text), result.kept)
    return _proposal_page(request, proposal, item, status=409)


@require_POST
def section_save(request, pk, key):
    if not request.user.is_authenticated:
        if request.htmx:  # the text stays in the browser; a redirect would be swapped in
            return _section_status(request, None, "refused", message=LOGGED_OUT, status=403)
        return redirect_to_login(reverse("proposals:detail", kwargs={"pk": pk}))
    section = selectors.section_for_viewer_or_404(user=request.user, pk=pk, key=key)
    proposal = section.proposal
    refusal = _edit_refusal(request.user, proposal)
    if refusal:
        unsaved = SectionOnPage(section, unsaved_text=request.POST.get("text", ""))
        return _not_saved(request, proposal, unsaved, refusal, status=403)
    form = SectionForm(request.POST, section=section)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return _not_saved(request, proposal, SectionOnPage(section, form), message, status=400)
    try:
        result = services.section_save(
            section=section,
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
            by=request.user,
        )
    except ValidationError as error:  # the proposal was submitted a moment ago
        unsaved = SectionOnPage(section, unsaved_text=form.cleaned_data["text"])
        return _not_saved(request, proposal, unsaved, " ".join(error.messages), status=403)
    if result.conflict:
        return _conflict(request, proposal, result)
    if request.htmx:
        return _section_status(request, result.section, "saved")
    saved = gettext("{section} is saved (version {version}).")
    messages.success(request, saved.format(section=section.title, version=result.section.version))
    return redirect(f"{proposal.get_absolute_url()}#section-{section.key}")
