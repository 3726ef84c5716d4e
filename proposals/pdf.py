"""A proposal as a PDF: WeasyPrint prints templates/proposals/proposal_pdf.html."""

from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from proposals.budget import budget_summary
from proposals.models import Document, Proposal, Section

FILENAME_LENGTH = 60
# WeasyPrint lays out about 100,000 characters a second (some 30 pages): a PDF holds at most
# that much, four times what a proposal within its sections' limits has. A draft whose sections
# run far over their limits is refused with the reason instead of holding a web worker for
# many seconds.
MAX_CHARACTERS = 100_000


class PdfUnavailable(Exception):
    """WeasyPrint cannot run on this machine: it or its system libraries (Pango) are missing."""


class PdfTooLong(Exception):
    """The sections hold more text than a PDF prints in bounded time."""

    def __init__(self, sections: list[Section]):
        self.characters = sum(section.length for section in sections)
        self.over_limit = [section for section in sections if section.is_over_limit]
        super().__init__(f"{self.characters} characters, at most {MAX_CHARACTERS}")


def _weasyprint():
    # Imported when a PDF is asked for, not when the site starts: WeasyPrint loads Pango (a
    # system library) on import, and every other page works without it.
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def proposal_pdf_html(
    proposal: Proposal, *, sections: list[Section], documents: Sequence[Document] = (), at=None
) -> str:
    """The HTML the PDF is printed from: title page, sections, budget, principles and the
    supporting documents its reader may see (title, kind, size). All of it is the document, so
    all of it is in the proposal's language, whoever asks for it."""
    with proposal.in_its_language():
        return render_to_string(
            "proposals/proposal_pdf.html",
            {
                "proposal": proposal,
                "sections": sections,
                "summary": budget_summary(proposal),
                "principles": proposal.principles.order_by("number"),
                "documents": documents,
                "exported_on": timezone.localdate(at),
            },
        )


def proposal_pdf(proposal: Proposal, *, documents: Sequence[Document] = (), at=None) -> bytes:
    """The proposal as a PDF document, listing `documents`; PdfUnavailable when WeasyPrint
    cannot run here, PdfTooLong when its sections hold more than MAX_CHARACTERS."""
    sections = list(proposal.sections.order_by("position"))
    if sum(section.length for section in sections) > MAX_CHARACTERS:
        raise PdfTooLong(sections)
    weasyprint = _weasyprint()
    # A proposal's PDF needs nothing from outside; refusing every URL keeps the text people
    # wrote from making the server fetch anything.
    refuse_all = weasyprint.URLFetcher(allowed_protocols=())
    source = proposal_pdf_html(proposal, sections=sections, documents=documents, at=at)
    html = weasyprint.HTML(string=source, url_fetcher=refuse_all)
    return html.write_pdf()


def pdf_filename(proposal: Proposal) -> str:
    """`<acronym or title>.pdf` in plain letters, digits and dashes."""
    name = slugify(proposal.acronym or proposal.title)[:FILENAME_LENGTH].strip("-")
    return f"{name or f'proposal-{proposal.pk}'}.pdf"
