"""A proposal as a PDF, for anyone who may see the proposal; it lists the documents they may
see (a visitor of a public proposal, its public ones)."""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from proposals import pdf
from proposals.selectors import documents_shown, proposal_for_viewer_or_404

logger = logging.getLogger(__name__)


@require_GET
def proposal_pdf(request, pk):
    proposal = proposal_for_viewer_or_404(user=request.user, pk=pk)
    shown = documents_shown(user=request.user, proposal=proposal)
    try:
        document = pdf.proposal_pdf(proposal, documents=shown.current)
    except pdf.PdfTooLong as refusal:
        context = {"proposal": proposal, "refusal": refusal, "most": pdf.MAX_CHARACTERS}
        return render(request, "proposals/proposal_pdf_too_long.html", context, status=422)
    except pdf.PdfUnavailable as error:
        logger.error("The PDF export cannot run: %s", error)
        return render(
            request, "proposals/proposal_pdf_unavailable.html", {"proposal": proposal}, status=503
        )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=pdf.pdf_filename(proposal)
    )
    return response
