"""A proposal is written in a language: its document follows it, the page around it follows
the reader (issue 16, item 6).

The site offers only English until the catalogues are complete, so these tests offer all five
languages and give Portuguese and Greek a few messages of their own, in a catalogue of the
test's: what they check is which language each part of a page is in, whatever words the real
catalogues choose. The expected words are read back through gettext, as the site reads them.
"""

import io
import re

import polib
import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from proposals import funding, pdf, services
from proposals.models import BudgetLine, Proposal, Section
from tests.proposals.factories import make_proposal

# Each message of the test's catalogues, in the language that has it.
PORTUGUESE = {
    "Summary": "Resumo",
    "The project in a few sentences.": "O projecto em poucas frases.",
    "Context and problem": "Contexto e problema",
    "(optional)": "(facultativo)",
    "Not written yet.": "Ainda por escrever.",
    "Budget": "Orçamento",
    "Staff": "Pessoal",
    "Funding source": "Fonte de financiamento",
}
GREEK = {
    "Summary": "Περίληψη",
    "Save": "Αποθήκευση",
    "Budget": "Προϋπολογισμός",
    "Written in": "Γλώσσα σύνταξης",
    "Not written yet.": "Δεν έχει γραφτεί ακόμη.",
}
BAD_CODE = (
    "“{code}” is not one of the platform's languages: choose one from the list. "
    "Nothing was changed."
)


def compiled(folder, locale: str, messages: dict) -> None:
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in messages.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    (folder / locale / "LC_MESSAGES").mkdir(parents=True)
    catalogue.save_as_mofile(str(folder / locale / "LC_MESSAGES" / "django.mo"))


@pytest.fixture
def five_languages(settings, tmp_path):
    """The five languages offered, Portuguese and Greek with the test's catalogues."""
    compiled(tmp_path, "pt_PT", PORTUGUESE)
    compiled(tmp_path, "el", GREEK)
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
    settings.LOCALE_PATHS = [tmp_path]


def in_language(language: str, text) -> str:
    with translation.override(language):
        return str(translation.gettext(str(text)) if isinstance(text, str) else text)


def list_url(learning_set) -> str:
    return f"/learning-sets/{learning_set.pk}/proposals/"


def start(client, learning_set, **data):
    fields = {"title": "Apoio a empresários migrantes", "funding_source": "erdf", **data}
    return client.post(list_url(learning_set), fields)


def titles(proposal) -> list[str]:
    return list(proposal.sections.order_by("position").values_list("title", flat=True))


def spec_titles(language: str, funding_source="erdf") -> list[str]:
    with translation.override(language):
        return [str(spec.title) for spec in funding.sections_for(funding_source)]


def greek_reader(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "el"
    return client


# Starting a proposal


def test_the_start_form_offers_the_partners_language(five_languages, login, bob, als):
    response = login(bob).get(list_url(als))

    html = response.content.decode()
    form = html[
        html.index('<select name="language"') : html.index(
            "</select>", html.index('<select name="language"')
        )
    ]
    assert re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', form) == [
        ("en-gb", "", "English"),
        ("pt-pt", " selected", "Português"),
        ("el", "", "Ελληνικά"),
        ("es", "", "Español"),
        ("it", "", "Italiano"),
    ]


def test_a_proposal_starts_in_the_partners_language(five_languages, login, bob, als):
    response = start(login(bob), als, language="pt-pt")

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.language == "pt-pt"
    assert titles(proposal) == spec_titles("pt-pt")
    summary = proposal.sections.get(key="summary")
    assert (summary.title, summary.help) == ("Resumo", "O projecto em poucas frases.")


def test_a_start_without_a_language_takes_the_partners(five_languages, login, bob, als):
    start(login(bob), als)

    assert Proposal.objects.get().language == "pt-pt"


def test_a_proposal_starts_in_another_language_chosen(five_languages, login, bob, als):
    start(login(bob), als, language="el")

    proposal = Proposal.objects.get()
    assert proposal.language == "el"
    assert titles(proposal) == spec_titles("el")
    assert titles(proposal)[0] == "Περίληψη"


def test_a_partner_of_another_country_defaults_to_english(five_languages, login, bob, als):
    als.partner.country = "DE"
    als.partner.save()

    response = login(bob).get(list_url(als))

    assertContains(response, '<option value="en-gb" selected>English</option>', html=True)


@pytest.mark.parametrize("code", ["fr", "pt-br", "PT-PT", "", "x" * 200])
def test_a_language_that_is_not_offered_is_refused(five_languages, login, bob, als, code):
    response = start(login(bob), als, language=code or " ")

    assert response.status_code == 200
    assertContains(response, BAD_CODE.format(code=code or " ").replace("'", "&#x27;"))
    assert not Proposal.objects.exists()


@override_settings(LANGUAGES=[("en-gb", "English")])
def test_a_language_the_site_does_not_offer_is_refused(login, bob, als):
    # A deployment that offers English alone (a sixth language before its catalogue is done).
    response = start(login(bob), als, language="pt-pt")

    assertContains(response, BAD_CODE.format(code="pt-pt").replace("'", "&#x27;"))
    assert not Proposal.objects.exists()


def test_an_outsider_cannot_start_one_in_any_language(five_languages, login, charlie, als):
    response = start(login(charlie), als, language="el")

    assert response.status_code == 404
    assert not Proposal.objects.exists()


# Reading and writing: the document in its language, the page in the reader's


@pytest.fixture
def portuguese(five_languages, als, bob):
    proposal = make_proposal(als, by=bob)
    services.proposal_language_set(proposal=proposal, language="pt-pt")
    return Proposal.objects.get(pk=proposal.pk)


def test_a_greek_writer_sees_greek_around_a_portuguese_document(client, bob, portuguese):
    response = greek_reader(client, bob).get(portuguese.get_absolute_url())

    html = response.content.decode()
    assert '<html lang="el">' in html
    summary = in_language("pt-pt", "Summary")
    assertContains(
        response,
        f'<h2 class="h4" id="section-summary-title" lang="pt-pt">{summary}</h2>',
        html=True,
    )
    # Another section than the one in focus: its title, collapsed, and in the navigation.
    assertContains(
        response,
        '<h2 class="h5 mb-0" id="section-context-title" lang="pt-pt">Contexto e problema</h2>',
        html=True,
    )
    assertContains(response, '<span lang="pt-pt">Contexto e problema</span>', html=True)
    assertContains(
        response,
        '<p class="text-body-secondary" id="help-summary" lang="pt-pt">'
        f"{in_language('pt-pt', 'The project in a few sentences.')}</p>",
        html=True,
    )
    # The text area of the section in focus: the browser checks the spelling in the
    # document's language.
    assert len(re.findall(r'<textarea[^>]* lang="pt-pt"', html)) == 1
    # The page around it: Greek (the Save button, the sidebar, the facts' names).
    save = in_language("el", "Save")
    assert (save, in_language("el", "Budget")) == ("Αποθήκευση", "Προϋπολογισμός")
    assert html.count(f">{save}<") == 1
    assertContains(response, '<h2 class="h6" id="budget-heading">Προϋπολογισμός</h2>', html=True)
    assertContains(
        response,
        '<dt class="col-sm-3">Γλώσσα σύνταξης</dt><dd class="col-sm-9" lang="pt-pt">Português</dd>',
        html=True,
    )
    assertNotContains(response, "Περίληψη")  # the Greek title of the section, not shown


def test_a_greek_reader_reads_the_portuguese_text_and_placeholders(client, dora, portuguese):
    response = greek_reader(client, dora).get(portuguese.get_absolute_url())

    not_yet = in_language("pt-pt", "Not written yet.")
    assert not_yet == "Ainda por escrever."
    assertContains(
        response, f'<p class="text-body-secondary" lang="pt-pt">{not_yet}</p>', html=True, count=8
    )
    assertNotContains(response, in_language("el", "Not written yet."))


def test_an_english_reader_sees_the_same_document(client, bob, portuguese):
    client.force_login(bob)

    response = client.get(portuguese.get_absolute_url())

    assert '<html lang="en-gb">' in response.content.decode()
    assertContains(response, 'lang="pt-pt">Resumo</h2>')
    assertContains(response, "Save")


# The PDF: all of it is the document


def test_the_pdfs_html_is_in_the_proposals_language(five_languages, portuguese):
    BudgetLine.objects.create(
        proposal=portuguese, category="staff", description="Mentor", amount=100
    )
    sections = list(portuguese.sections.order_by("position"))

    with translation.override("el"):  # a Greek reader asks for it
        html = pdf.proposal_pdf_html(portuguese, sections=sections)

    assert '<html lang="pt-pt">' in html
    assert "hyphens: auto" in html
    assert "<h2>Resumo</h2>" in html
    assert "<h2>Orçamento</h2>" in html
    assert "<td>Pessoal</td>" in html
    assert "<dt>Fonte de financiamento</dt>" in html
    assert "Προϋπολογισμός" not in html


def test_the_pdf_says_its_language(client, bob, portuguese):
    response = greek_reader(client, bob).get(f"/proposals/{portuguese.pk}/pdf/")

    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert reader.trailer["/Root"]["/Lang"] == "pt-pt"
    assert "Resumo" in text and "Orçamento" in text
    assert "Προϋπολογισμός" not in text


# Changing the language later: with the details, or in the admin


@pytest.fixture
def english(five_languages, als, bob):
    """A draft of Amadora's set written in English (not its partner's Portuguese)."""
    return services.proposal_create(
        learning_set=als, title="Start-up support", funding_source="erdf", by=bob, language="en-gb"
    )


def details(client, english, **data):
    fields = {
        "title": english.title,
        "funding_source": english.funding_source,
        "co_financing_rate": "75",
        **data,
    }
    return client.post(f"/proposals/{english.pk}/details/", fields, follow=True)


def test_an_author_changes_the_language_and_the_sections_follow(login, bob, english):
    services.section_save(
        section=english.sections.get(key="summary"), text="Loans.", version=0, by=bob
    )
    Section.objects.filter(proposal=english, key="objectives").update(title="Our aims")

    response = details(login(bob), english, language="pt-pt")

    english.refresh_from_db()
    assert english.language == "pt-pt"
    expected = spec_titles("pt-pt")
    expected[2] = "Our aims"  # a title written otherwise is kept as it is
    assert titles(english) == expected
    summary = english.sections.get(key="summary")
    assert (summary.title, summary.help, summary.text) == (
        "Resumo",
        "O projecto em poucas frases.",
        "Loans.",
    )
    assertContains(
        response,
        "The proposal is now written in Português: its sections&#x27; titles and help and its "
        "PDF are in it. The texts stay as they were written.",
    )


def test_changing_back_gives_the_titles_back(login, bob, english):
    details(login(bob), english, language="pt-pt")
    details(login(bob), english, language="en-gb")

    english.refresh_from_db()
    assert (english.language, titles(english)) == ("en-gb", spec_titles("en-gb"))


def test_a_bad_language_in_the_details_changes_nothing(login, bob, english):
    response = details(login(bob), english, language="klingon", title="Renamed")

    english.refresh_from_db()
    assert (english.language, english.title) == (
        "en-gb",
        "Start-up support",
    )
    assert titles(english) == spec_titles("en-gb")
    assertContains(response, BAD_CODE.format(code="klingon").replace("'", "&#x27;"))


def test_only_an_author_changes_the_language(login, charlie, dora, english):
    for user in [charlie, dora]:
        details(login(user), english, language="pt-pt")

    english.refresh_from_db()
    assert english.language == "en-gb"


def admin_form(response) -> dict:
    """The admin's change form as a browser posts it: its hidden fields (the inlines' counts
    and rows) and Save; the test adds the language."""
    html = response.content.decode()
    start = html.index('id="proposal_form"')
    form = html[start : html.index("</form>", start)]
    hidden = re.findall(r'<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?', form)
    return {**dict(hidden), "_save": "Save"}


def test_the_team_changes_the_language_in_the_admin(login, dora, english):
    client = login(dora)
    url = f"/admin/proposals/proposal/{english.pk}/change/"
    form = admin_form(client.get(url))

    response = client.post(url, {**form, "language": "el"})

    assert response.status_code == 302
    english.refresh_from_db()
    assert (english.language, titles(english)) == ("el", spec_titles("el"))


def test_the_admin_refuses_a_language_that_is_not_offered(login, dora, english):
    client = login(dora)
    url = f"/admin/proposals/proposal/{english.pk}/change/"
    form = admin_form(client.get(url))

    response = client.post(url, {**form, "language": "fr"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["language"]
    english.refresh_from_db()
    assert (english.language, titles(english)) == ("en-gb", spec_titles("en-gb"))


def test_an_altered_admin_form_changes_nothing(login, dora, english):
    client = login(dora)
    url = f"/admin/proposals/proposal/{english.pk}/change/"
    form = {name: value for name, value in admin_form(client.get(url)).items() if "-id" not in name}

    response = client.post(url, {**form, "language": "fr"})

    assert response.status_code == 200
    english.refresh_from_db()
    assert english.language == "en-gb"


def test_the_library_marks_each_proposal_with_its_language(client, portuguese):
    Proposal.objects.filter(pk=portuguese.pk).update(status="approved", is_public=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "el"

    response = client.get("/proposals/")

    assertContains(
        response,
        f'<h3 class="h5 card-title" id="proposal-{portuguese.pk}" lang="pt-pt">'
        f'<a href="/proposals/{portuguese.pk}/">{portuguese.title}</a></h3>',
        html=True,
    )
