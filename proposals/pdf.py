"""A proposal as a PDF: WeasyPrint prints templates/proposals/proposal_pdf.html."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from proposals.budget import budget_summary
from proposals.models import Proposal

FILENAME_LENGTH = 60


class PdfUnavailable(Exception):
    """WeasyPrint cannot run on this machine: it or its system libraries (Pango) are missing."""


def _weasyprint():
    # Imported when a PDF is asked for, not when the site starts: WeasyPrint loads Pango (a
    # system library) on import, and every other page works without it.
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def proposal_pdf_html(proposal: Proposal, *, at=None) -> str:
    """The HTML the PDF is printed from: title page, sections, budget and principles."""
    return render_to_string(
        "proposals/proposal_pdf.html",
        {
            "proposal": proposal,
            "sections": proposal.sections.order_by("position"),
            "summary": budget_summary(proposal),
            "principles": proposal.principles.order_by("number"),
            "exported_on": timezone.localdate(at),
        },
    )


def proposal_pdf(proposal: Proposal, *, at=None) -> bytes:
    """The proposal as a PDF document; PdfUnavailable when WeasyPrint cannot run here."""
    weasyprint = _weasyprint()
    # A proposal's PDF needs nothing from outside; refusing every URL keeps the text people
    # wrote from making the server fetch anything.
    refuse_all = weasyprint.URLFetcher(allowed_protocols=())
    html = weasyprint.HTML(string=proposal_pdf_html(proposal, at=at), url_fetcher=refuse_all)
    return html.write_pdf()


def pdf_filename(proposal: Proposal) -> str:
    """`<acronym or title>.pdf` in plain letters, digits and dashes."""
    name = slugify(proposal.acronym or proposal.title)[:FILENAME_LENGTH].strip("-")
    return f"{name or f'proposal-{proposal.pk}'}.pdf"
