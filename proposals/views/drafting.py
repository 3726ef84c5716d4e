"""Drafting a proposal: the learning set's proposals, the proposal page, saving a section and
previewing its text.

Autosave (htmx) and the Save button post the same form to the same view, and both go through
services.section_save, whose one conditional UPDATE is what keeps concurrent writers from
overwriting each other (docs/architecture.md). The htmx answers are small pieces of the section; the
answers to a plain post are a redirect, or the proposal page with the section in question.

The page shows one section at a time in focus to its authors (?section=<key>, the first by
default): that section's card with its editor, the others as their title and state, each a link
that brings it into focus; so it works without JavaScript, and the side navigation lists every
section with its state. Readers get every section in full. The editor's form carries the hooks
of the live editor (data-live-url, data-preview-url, data-char-limit), which enhances it once
its socket is synced; until then the plain form and its autosave are what works.

Who gets what: anyone who may not see the proposal gets 404 (an anonymous visitor is asked to
log in); anyone who may see it but not write it gets 403 with the reason — the management
team, a reader of a public proposal, or an author once the proposal is no longer a draft.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from common.richtext import render_markdown
from learningsets.models import LearningSet
from proposals import budget, comments, permissions, selectors, services, submission
from proposals.document_forms import DocumentForm
from proposals.forms import CharacterCount, ProposalStartForm, SectionForm, SectionPreviewForm
from proposals.models import Proposal, Revision, Section

LOGGED_OUT = _(
    "You are logged out: log in again in another tab, then save. Your text is still here."
)
LOGGED_OUT_PREVIEW = _(
    "You are logged out: log in again in another tab to see the preview. Your text is still here."
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
    collapsed: bool = False  # another section is in focus: only its title and state show
    focused: bool = False
    live_url: str = ""  # the WebSocket of its live editor, with its form

    @property
    def state(self) -> str:
        return "conflict" if self.kept else ""

    @property
    def url(self) -> str:
        """The proposal page with this section in focus."""
        return comments.section_url(self.section.proposal, self.section)

    @property
    def progress(self) -> str:
        """The saved text's state, as the side navigation shows it: over, written or empty."""
        if self.section.is_over_limit:
            return "over"
        return "written" if self.section.text.strip() else "empty"

    @property
    def comment_count(self) -> int:
        """The comments on the section the viewer reads (fetched with the sections)."""
        threads = getattr(self.section, "threads", [])
        return sum(1 + len(thread.reply_list) for thread in threads)

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


def _live_url(request, section: Section) -> str:
    """Where the browser opens the section's socket: LIVE_EDITING_URL, else the page's origin."""
    origin = settings.LIVE_EDITING_URL.rstrip("/")
    if not origin:
        origin = f"{'wss' if request.is_secure() else 'ws'}://{request.get_host()}"
    return f"{origin}/ws/sections/{section.pk}/"


def _focus_key(request, sections: list[Section], focus: SectionOnPage | None) -> str:
    """The section in focus: the one a refused save or a conflict is about, else the one asked
    for (?section=), else none ('')."""
    if focus is not None:
        return focus.section.key
    asked = request.GET.get("section", "")
    return asked if any(section.key == asked for section in sections) else ""


def _sections_on_page(request, sections, *, editable: bool, focus, focus_key: str):
    """Every section as the page shows it: for its authors the one in focus (the first if none
    is) with its editor and the others collapsed; for readers every one in full."""
    in_focus = focus_key or (sections[0].key if editable and sections else "")

    def on_page(section):
        focused = section.key == in_focus
        if focused and focus is not None:  # a refused save or a conflict: the writer's text
            live = _live_url(request, section) if focus.form is not None else ""
            kept, unsaved = focus.kept, focus.unsaved_text
            return SectionOnPage(section, focus.form, kept, unsaved, focused=True, live_url=live)
        if not editable:
            return SectionOnPage(section, focused=focused)
        if not focused:
            return SectionOnPage(section, collapsed=True)
        form = SectionForm(section=section)
        return SectionOnPage(section, form, focused=True, live_url=_live_url(request, section))

    return [on_page(section) for section in sections]


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
    checklist = None
    if any(action.name == "submit" for action in workflow.actions):
        checklist = submission.submission_checklist(
            proposal, sections=content.sections, budget_lines=budget_summary.lines
        )
    focus_key = _focus_key(request, content.sections, focus)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "sections": _sections_on_page(
                request, content.sections, editable=editable, focus=focus, focus_key=focus_key
            ),
            "editable": editable,
            "is_author": is_author,
            "is_management": team,
            "general_comments": content.general_threads,
            "workflow": workflow,
            "checklist": checklist,
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
    return redirect(comments.section_url(proposal, section))


def _plain(response_class, message) -> HttpResponse:
    return response_class(str(message), content_type="text/plain; charset=utf-8")


@require_POST
def section_preview(request, pk, key):
    """The text as the page would show it: the same Markdown and sanitiser (common.richtext)."""
    if not request.user.is_authenticated:  # a fetch: a redirect would show the login page
        return _plain(HttpResponseForbidden, LOGGED_OUT_PREVIEW)
    section = selectors.section_for_viewer_or_404(user=request.user, pk=pk, key=key)
    refusal = _edit_refusal(request.user, section.proposal)
    if refusal:
        return _plain(HttpResponseForbidden, refusal)
    form = SectionPreviewForm(request.POST)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return _plain(HttpResponseBadRequest, message)
    return HttpResponse(render_markdown(form.cleaned_data["text"]))
