"""A proposal's supporting documents: their page (the list, the history kept until approval
and, for its authors while they may edit it, the form that attaches one), replacing and
deleting one, and the download.

Who gets what is the proposal's: who may not see it gets 404 (a visitor not logged in is asked
to log in). A change by anybody but its authors, or once the proposal left the authors' hands,
is refused (403) with the reason before the upload is even read. A refused file is shown
beside the field with the reason, and nothing is stored.

The download is checked here and sent by whoever DOCUMENTS_SERVE names, so that a web worker
is not held for the whole download behind a proxy: Django itself (a streamed response),
nginx (X-Accel-Redirect to an internal location), a server with X-Sendfile, or the bucket
(a redirect to a link signed for DOCUMENTS_URL_SECONDS).
"""

import logging
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from proposals import documents, permissions, selectors
from proposals.document_forms import DocumentForm
from proposals.models import Document, Proposal
from proposals.views.budget import login_when_needed

logger = logging.getLogger(__name__)


def _page(request, proposal: Proposal, *, form=None, refusal: str = "", status: int = 200):
    """The documents page: the list and history, and the form for whoever may attach."""
    now = documents.documents_refusal(request.user, proposal)
    author = permissions.is_author(request.user, proposal)
    context = {
        "proposal": proposal,
        "shown": selectors.documents_shown(user=request.user, proposal=proposal),
        "form": None if now else (form or DocumentForm()),
        # The authors are told why they may not attach now; a reader is shown the list.
        "locked": refusal or (now if author else ""),
        "reads_learning_set": author or permissions.reads_every_proposal(request.user),
    }
    return render(request, "proposals/proposal_documents.html", context, status=status)


def _added(request, proposal: Proposal, form: DocumentForm, replacing=None):
    """The form's document attached (in place of `replacing`), or None with the refusal put
    on the form."""
    data = form.cleaned_data
    try:
        return documents.document_add(
            proposal=proposal,
            title=data["title"],
            kind=data["kind"],
            upload=data["file"],
            is_public=data["is_public"],
            by=request.user,
            replacing=replacing,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@require_http_methods(["GET", "POST"])
@login_when_needed
def proposal_documents(request, pk):
    proposal = selectors.proposal_for_viewer_or_404(user=request.user, pk=pk)
    if request.method == "GET":
        return _page(request, proposal)
    refusal = documents.documents_refusal(request.user, proposal)
    if refusal:
        return _page(request, proposal, refusal=refusal, status=403)
    form = DocumentForm(request.POST, request.FILES)
    document = _added(request, proposal, form) if form.is_valid() else None
    if document is None:
        messages.error(request, gettext("The document was not attached: see why below."))
        return _page(request, proposal, form=form, status=400)
    attached = gettext("“{title}” is attached ({name}).")
    messages.success(request, attached.format(title=document.title, name=document.name))
    return redirect(f"{proposal.get_absolute_url()}#documents")


def _current_or_404(request, pk, document_pk) -> Document:
    document = selectors.document_for_viewer_or_404(
        user=request.user, pk=pk, document_pk=document_pk
    )
    if document.removed_at is not None:
        raise Http404("This document was replaced or deleted.")
    return document


@require_http_methods(["GET", "POST"])
@login_when_needed
def document_replace(request, pk, document_pk):
    document = _current_or_404(request, pk, document_pk)
    proposal = document.proposal
    refusal = documents.documents_refusal(request.user, proposal)
    if refusal:
        return _page(request, proposal, refusal=refusal, status=403)
    initial = {"title": document.title, "kind": document.kind, "is_public": document.is_public}
    if request.method == "GET":
        form = DocumentForm(initial=initial)
    else:
        form = DocumentForm(request.POST, request.FILES, initial=initial)
        new = _added(request, proposal, form, replacing=document) if form.is_valid() else None
        if new is not None:
            replaced = gettext(
                "“{title}” is replaced by {name}; the earlier file is kept in the history."
            )
            messages.success(request, replaced.format(title=new.title, name=new.name))
            return redirect(f"{proposal.get_absolute_url()}#documents")
        messages.error(request, gettext("The document was not replaced: see why below."))
    context = {"proposal": proposal, "document": document, "form": form, "reads_learning_set": True}
    status = 400 if form.is_bound else 200
    return render(request, "proposals/document_replace.html", context, status=status)


@require_POST
@login_when_needed
def document_delete(request, pk, document_pk):
    document = _current_or_404(request, pk, document_pk)
    try:
        documents.document_delete(document=document, by=request.user)
    except ValidationError as error:
        return _page(request, document.proposal, refusal=" ".join(error.messages), status=403)
    deleted = gettext("“{title}” is deleted; it is kept in the history until the approval.")
    messages.success(request, deleted.format(title=document.title))
    return redirect(f"{document.proposal.get_absolute_url()}#documents")


@require_safe
def document_download(request, pk, document_pk):
    try:
        document = selectors.document_for_viewer_or_404(
            user=request.user, pk=pk, document_pk=document_pk
        )
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    response = _sent(document)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sent(document: Document):
    """The answer that sends the document's bytes, as DOCUMENTS_SERVE says."""
    storage = documents.documents_storage()
    disposition = content_disposition_header(as_attachment=True, filename=document.name)
    mode = settings.DOCUMENTS_SERVE
    if mode == "signed-url":
        parameters = {
            "ResponseContentDisposition": disposition,
            "ResponseContentType": document.content_type,
        }
        expire = settings.DOCUMENTS_URL_SECONDS
        return HttpResponseRedirect(
            storage.url(document.stored_as, parameters=parameters, expire=expire)
        )
    if mode == "django":
        if not storage.exists(document.stored_as):
            logger.error("The file of document %s is missing: %s", document.pk, document.stored_as)
            raise Http404("This document's file is missing.")
        response = StreamingHttpResponse(
            _chunks(storage, document.stored_as), content_type=document.content_type
        )
        response["Content-Length"] = document.size
        response["Content-Disposition"] = disposition
        return response
    response = HttpResponse(content_type=document.content_type)
    response["Content-Disposition"] = disposition
    if mode == "x-accel":
        response["X-Accel-Redirect"] = settings.DOCUMENTS_ACCEL_LOCATION + quote(document.stored_as)
    else:
        response["X-Sendfile"] = storage.path(document.stored_as)
    return response


def _chunks(storage, name: str):
    # Opened when the server starts sending, and closed when it stops, even half-way: an
    # answer never sent holds no file open.
    with storage.open(name, "rb") as file:
        yield from file.chunks()
