from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from proposals import comments, permissions
from proposals.models import Comment, Proposal, Section
from proposals.views.history import proposal_for_authors_and_team_or_404

WITHDRAWN = _("This proposal was withdrawn: its comments are closed.")


def _id(value: str | None) -> int | None:
    """An id posted by a form: None when empty, a 404 when it is not a number."""
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise Http404("No such comment or section.")
    return int(value)


def _section_or_404(proposal: Proposal, section_id: int | None) -> Section | None:
    if section_id is None:
        return None
    section = proposal.sections.filter(pk=section_id).first()
    if section is None:
        raise Http404("This proposal has no such section.")
    return section


def _comment_or_404(proposal: Proposal, comment_id: int | None, **filters) -> Comment | None:
    if comment_id is None:
        return None
    queryset = proposal.comments.select_related("parent", "section").filter(**filters)
    comment = queryset.filter(pk=comment_id).first()
    if comment is None:
        raise Http404("This proposal has no such comment.")
    return comment


def _write(request, proposal: Proposal, section: Section | None, parent: Comment | None):
    """The comment or reply from the posted form; a ValidationError if the text is not right."""
    body = request.POST.get("body", "")
    if parent:
        return comments.comment_reply(parent=parent, body=body, by=request.user)
    return comments.comment_add(proposal=proposal, section=section, body=body, by=request.user)


@login_required
@require_POST
def comment_add(request, pk):
    """A new comment on a section (or on the whole proposal), or a reply to one."""
    proposal = proposal_for_authors_and_team_or_404(request.user, pk)
    parent = _comment_or_404(proposal, _id(request.POST.get("parent")))
    if parent:
        section = parent.section
    else:
        section = _section_or_404(proposal, _id(request.POST.get("section")))
    if not permissions.can_comment(request.user, proposal):
        messages.error(request, WITHDRAWN)
        return redirect(comments.section_url(proposal, section))
    try:
        _write(request, proposal, section, parent)
    except ValidationError as error:
        context = {
            "proposal": proposal,
            "section": section,
            "parent": parent,
            "body": request.POST.get("body", ""),
            "errors": error.messages,
            "max_length": comments.MAX_LENGTH,
            "back_url": comments.section_url(proposal, section),
        }
        return render(request, "proposals/comment_form.html", context)
    added = gettext("Your reply was added.") if parent else gettext("Your comment was added.")
    messages.success(request, added)
    return redirect(comments.section_url(proposal, section))


@login_required
@require_POST
def comment_resolve(request, pk, comment_pk):
    """Resolve a thread (action=resolve) or open it again (action=reopen)."""
    proposal = proposal_for_authors_and_team_or_404(request.user, pk)
    comment = _comment_or_404(proposal, comment_pk, parent__isnull=True)
    back = redirect(comments.section_url(proposal, comment.section))
    action = request.POST.get("action")
    if not permissions.can_comment(request.user, proposal):
        messages.error(request, WITHDRAWN)
    elif action == "resolve":
        if comments.comment_resolve(comment=comment, by=request.user):
            messages.success(request, gettext("The comment was marked resolved."))
        else:
            messages.info(request, gettext("The comment was already resolved."))
    elif action == "reopen":
        if comments.comment_reopen(comment=comment):
            messages.success(request, gettext("The comment is open again."))
        else:
            messages.info(request, gettext("The comment was already open."))
    else:
        messages.error(
            request, gettext("Choose whether to resolve the comment or to open it again.")
        )
    return back
