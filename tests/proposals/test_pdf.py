"""The PDF export: who may download it, and what its text says.

A draft is for its authors (bob, alice) and the team (dora); charlie and anonymous visitors get
404. A public approved proposal is for everybody.
"""

import datetime as dt
import importlib.abc
import io
import sys
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from learningsets.models import CommonBasicPrinciple
from proposals import pdf, services
from proposals.documents import document_delete
from proposals.models import BudgetLine, Proposal
from tests.pages import main_text
from tests.proposals import files
from tests.proposals.factories import make_document, make_proposal

SCRIPT = '<script>alert("stolen")</script>'


def url(proposal) -> str:
    return f"/proposals/{proposal.pk}/pdf/"


def pdf_text(response) -> str:
    """The text of the PDF as it reads, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def write(proposal, key: str, text: str, by) -> None:
    section = proposal.sections.get(key=key)
    services.section_save(section=section, text=text, version=section.version, by=by)


@pytest.fixture
def written(proposal, bob):
    """A draft with its details, two sections, a budget and two principles."""
    Proposal.objects.filter(pk=proposal.pk).update(
        acronym="AMA-LOANS",
        call="Regional operational programme 2007–2013",
        duration_months=24,
        planned_start=dt.date(2009, 1, 1),
    )
    write(proposal, "summary", "**Small loans** and advice for ethnic minority businesses.", bob)
    write(proposal, "objectives", f"1. Open a loan desk\n2. Meet every quarter\n\n{SCRIPT}", bob)
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=proposal, category=category, description=text, amount=Decimal(a))
        for category, text, a in [
            ("staff", "Business adviser, half time", "1000.10"),
            ("travel", "Visits to businesses", "2500"),
            ("staff", "Coordination", "0.05"),
        ]
    )
    proposal.principles.set(CommonBasicPrinciple.objects.filter(number__in=[3, 6]))
    proposal.refresh_from_db()
    return proposal


def make_public(proposal) -> Proposal:
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)
    proposal.refresh_from_db()
    return proposal


# What it says.


def test_the_pdf_has_the_title_page_sections_budget_and_principles(login, bob, written):
    response = login(bob).get(url(written))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ama-loans.pdf"'
    text = pdf_text(response)
    today = date_format(timezone.localdate(), "j F Y")
    assert text.startswith(
        "Start-up support for migrant entrepreneurs AMA-LOANS "
        "Learning set ALS Amadora — Enterprise support and development "
        "Partner Amadora Sub-theme Enterprise support and development "
        "Funding source ERDF (European Regional Development Fund) "
        "Call or programme Regional operational programme 2007–2013 "
        "Duration 24 months Planned start 1 January 2009 Status Draft "
        f"Date {today}"
    )
    assert "Summary Small loans and advice for ethnic minority businesses." in text
    # pypdf reads list numbers apart from their items: the items are what is checked.
    assert "Objectives Open a loan desk Meet every quarter Target groups" in text
    assert "Context and problem Not written yet." in text
    assert "Staff Business adviser, half time €1,000.10" in text
    assert "Travel and subsistence Visits to businesses €2,500.00" in text
    assert "Staff €1,000.15 Travel and subsistence €2,500.00" in text
    assert (
        "Total eligible cost €3,500.15 Co-financing rate 75 % Requested grant €2,625.11 "
        "Own contribution €875.04"
    ) in text
    assert "Common Basic Principles served CBP 3. Employment is a key part" in text
    assert "CBP 6. Access for immigrants to institutions" in text
    assert "AMA-LOANS · page 2 of 3" in text


def test_script_in_a_section_never_reaches_the_pdf(login, bob, written):
    text = pdf_text(login(bob).get(url(written)))

    assert "Meet every quarter" in text
    assert "stolen" not in text
    assert "alert" not in text


def test_a_proposal_without_acronym_is_named_after_its_title(login, bob, als):
    proposal = make_proposal(als, title="Apoio à criação de empresas", by=bob)

    response = login(bob).get(url(proposal))

    assert response["Content-Disposition"] == (
        'attachment; filename="apoio-a-criacao-de-empresas.pdf"'
    )
    assert "None chosen yet." in pdf_text(response)
    assert "No budget lines." in pdf_text(response)


def test_the_filename_falls_back_to_the_proposals_number(als, bob):
    proposal = make_proposal(als, title="«»", by=bob)

    assert pdf.pdf_filename(proposal) == f"proposal-{proposal.pk}.pdf"


# Who may.


@pytest.mark.parametrize("role", ["bob", "alice", "dora"])
def test_authors_and_the_team_download_a_draft(as_role, role, written):
    response = as_role(role).get(url(written))

    assert response.status_code == 200
    assert "Start-up support for migrant entrepreneurs" in pdf_text(response)


@pytest.mark.parametrize("role", ["charlie", "anonymous"])
def test_others_get_404_for_a_draft(as_role, role, written):
    response = as_role(role).get(url(written))

    assert response.status_code == 404
    assert main_text(response).startswith("Page not found")


@pytest.mark.parametrize("role", ["charlie", "anonymous"])
def test_anybody_downloads_a_public_approved_proposal(as_role, role, written):
    make_public(written)

    response = as_role(role).get(url(written))

    assert response.status_code == 200
    assert "Status Approved" in pdf_text(response)


def test_an_approved_proposal_that_is_not_public_stays_private(login, charlie, written):
    Proposal.objects.filter(pk=written.pk).update(status="approved")

    assert login(charlie).get(url(written)).status_code == 404


def test_a_missing_proposal_is_404(login, bob, db):
    assert login(bob).get("/proposals/999999/pdf/").status_code == 404


def test_it_rejects_post(login, bob, written):
    assert login(bob).post(url(written)).status_code == 405


# Without Pango.


class NoPango(importlib.abc.MetaPathFinder):
    """Importing WeasyPrint fails as it does on a machine without Pango."""

    def find_spec(self, fullname, path, target=None):
        if fullname == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open")
        return None


@pytest.fixture
def without_pango(monkeypatch):
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])


def test_without_pango_it_answers_503_saying_what_to_install(
    login, bob, written, without_pango, caplog
):
    response = login(bob).get(url(written))

    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    text = main_text(response)
    assert text.startswith(
        "The PDF export is not available right now The PDF of Start-up support for migrant "
        "entrepreneurs cannot be made on this server: the PDF export uses WeasyPrint, which "
        "needs the Pango text layout library, and Pango is not installed here."
    )
    assert (
        "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
        in text
    )
    assert "cannot load library 'libpango-1.0-0'" in caplog.text


def test_without_weasyprint_it_answers_503_too(login, bob, written, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)

    assert login(bob).get(url(written)).status_code == 503


def test_the_export_issues_as_many_queries_with_many_lines_as_with_few(
    login, bob, written, django_assert_max_num_queries
):
    client = login(bob)
    client.get(url(written))
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=written, category="other", description=f"Line {n}", amount=1)
        for n in range(60)
    )

    with django_assert_max_num_queries(9):
        response = client.get(url(written))

    assert "Line 59" in pdf_text(response)


def test_sections_nested_thousands_deep_print_with_their_text(login, bob, proposal):
    write(proposal, "summary", "<blockquote>" * 2000 + "Deep enough", bob)
    write(proposal, "objectives", "- " * 3000 + "Listed", bob)  # a RecursionError, once
    write(proposal, "context", "|a|b|\n|-|-|\n" + "|c|d|\n" * 5000, bob)

    response = login(bob).get(url(proposal))

    assert response.status_code == 200
    text = pdf_text(response)
    assert "Summary Deep enough Context and problem |a|b| |-|-| |c|d| |c|d|" in text
    assert "- - Listed Target groups" in text


def test_a_proposal_too_long_to_print_is_refused_with_the_sections_to_shorten(login, bob, written):
    write(written, "context", "Local situation. " * 6000, bob)  # 102,000 characters
    saved = written.sections.get(key="context")

    response = login(bob).get(url(written))

    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    assert main_text(response) == (
        "This proposal is too long to print "
        "The sections of Start-up support for migrant entrepreneurs hold 102,133 characters; "
        "a PDF holds at most 100,000. "
        "These sections are over their limit: "
        "Context and problem: 102,000 of 4,000 characters "
        "Shorten them on the proposal's page, then download the PDF again."
    )
    saved.refresh_from_db()
    assert saved.length == 102_000


def test_a_proposal_of_exactly_the_most_a_pdf_holds_prints(login, bob, proposal):
    write(proposal, "context", "x" * pdf.MAX_CHARACTERS, bob)

    response = login(bob).get(url(proposal))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_pdf_lists_the_documents_its_reader_may_see(login, bob, charlie, written):
    make_document(written, by=bob, title="Letter of the Chamber", is_public=True)
    make_document(written, by=bob, title="Budget annex", kind="budget_annex",
                  name="annex.xlsx", content=files.XLSX)  # fmt: skip
    deleted = make_document(written, by=bob, title="First draft of the letter")
    document_delete(document=deleted, by=bob)

    authors = pdf_text(login(bob).get(url(written)))
    make_public(written)
    visitors = pdf_text(login(charlie).get(url(written)))

    size = f"{len(files.PDF)} bytes"
    assert (
        f"Supporting documents Title Kind Size Letter of the Chamber letter.pdf "
        f"Letter of support {size} Budget annex annex.xlsx Budget annex"
    ) in authors
    assert "First draft" not in authors
    assert "Supporting documents Title Kind Size Letter of the Chamber letter.pdf" in visitors
    assert "annex.xlsx" not in visitors
