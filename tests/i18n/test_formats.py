"""Dates, times and money in the reader's language; machine numbers as machines read them.

Only English is offered until the other catalogues are complete: these tests offer the five
(Django's own catalogues, and mile/formats/locale, name the months and weekdays).
"""

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from common import l10n
from proposals.models import BudgetLine
from tests.proposals.factories import make_proposal
from tests.workshops.factories import SessionFactory

FIVE = override_settings(LANGUAGES=list(settings.MILE_LANGUAGES.items()))
LISBON = ZoneInfo("Europe/Lisbon")
NBSP = "\xa0"  # the euro sign stays on the line of its amount

LONG_DATES = {
    "en-gb": "14 February 2027",
    "pt-pt": "14 de fevereiro de 2027",
    "el": "14 Φεβρουαρίου 2027",
    "es": "14 de febrero de 2027",
    "it": "14 febbraio 2027",
}
RANGES = {
    "en-gb": ("14–16 February 2027", "28 February – 2 March 2027"),
    "pt-pt": ("14–16 de fevereiro de 2027", "28 de fevereiro – 2 de março de 2027"),
    "el": ("14–16 Φεβρουαρίου 2027", "28 Φεβρουαρίου – 2 Μαρτίου 2027"),
    "es": ("14–16 de febrero de 2027", "28 de febrero – 2 de marzo de 2027"),
    "it": ("14–16 febbraio 2027", "28 febbraio – 2 marzo 2027"),
}
AGENDA_DAYS = {
    "en-gb": "Sunday 14 February 2027",
    "pt-pt": "domingo, 14 de fevereiro de 2027",
    "el": "Κυριακή 14 Φεβρουαρίου 2027",
    "es": "domingo, 14 de febrero de 2027",
    "it": "domenica 14 febbraio 2027",
}
MONEY = {
    "en-gb": "€12,000.00",
    "pt-pt": f"12.000,00{NBSP}€",
    "el": f"12.000,00{NBSP}€",
    "es": f"12.000,00{NBSP}€",
    "it": f"12.000,00{NBSP}€",
}
LANGUAGES = list(settings.MILE_LANGUAGES)


# The rules, in each language


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_reads_as_the_language_writes_it(language):
    with translation.override(language):
        assert l10n.date_format(dt.date(2027, 2, 14)) == LONG_DATES[language]
        assert (
            l10n.date_format(dt.date(2027, 2, 14), "WEEKDAY_DATE_FORMAT") == (AGENDA_DAYS[language])
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_range_of_days_says_the_month_and_year_once(language):
    within_a_month, across_months = RANGES[language]
    with translation.override(language):
        assert l10n.date_range(dt.date(2027, 2, 14), dt.date(2027, 2, 16)) == within_a_month
        assert l10n.date_range(dt.date(2027, 2, 28), dt.date(2027, 3, 2)) == across_months
        assert l10n.date_range(dt.date(2027, 2, 14), dt.date(2027, 2, 14)) == (LONG_DATES[language])
        assert l10n.date_range(dt.date(2027, 12, 30), dt.date(2028, 1, 2)) == (
            f"{l10n.date_format(dt.date(2027, 12, 30))} – {l10n.date_format(dt.date(2028, 1, 2))}"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_money_is_in_euros_as_the_language_writes_them(language):
    with translation.override(language):
        assert l10n.money(Decimal("12000")) == MONEY[language]


def test_money_is_rounded_to_the_cent_and_may_be_negative():
    with translation.override("pt-pt"):
        assert l10n.money(Decimal("1234.565")) == f"1.234,57{NBSP}€"
        assert l10n.money(Decimal("-5")) == f"-5,00{NBSP}€"
    with translation.override("en-gb"):
        assert l10n.money(Decimal("-5")) == "-€5.00"
        assert l10n.money(Decimal("0.5")) == "€0.50"


def test_a_format_the_platform_does_not_name_is_refused():
    with pytest.raises(LookupError):
        l10n.named_format("NO_SUCH_FORMAT")


def test_the_times_are_on_24_hours_in_every_language():
    for language in LANGUAGES:
        with translation.override(language):
            assert l10n.date_format(dt.time(14, 30), "TIME_FORMAT") == "14:30"


# The pages


@pytest.fixture
def february_workshop(workshop):
    """The shared workshop on 14–16 February 2027, with a session on its first day whose id
    is one a thousands separator would split."""
    workshop.start_date, workshop.end_date = dt.date(2027, 2, 14), dt.date(2027, 2, 16)
    workshop.registration_opens_at = dt.datetime(2025, 1, 6, 9, tzinfo=LISBON)
    workshop.registration_closes_at = dt.datetime(2027, 2, 1, 18, tzinfo=LISBON)
    workshop.save()
    SessionFactory(pk=1234, workshop=workshop, title="Opening plenary")
    return workshop


@FIVE
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_workshop_page_shows_its_dates_in_the_readers_language(
    client, february_workshop, language
):
    response = client.get(f"/workshops/{february_workshop.slug}/", HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    dates = re.search(r"<dd class=\"col-sm-9\">([^<]*–[^<]*)</dd>", html)
    assert dates and dates.group(1).strip() == RANGES[language][0]
    assert f'<h3 class="h5 mt-4" id="day-2027-02-14">{AGENDA_DAYS[language]}</h3>' in html
    # Machine numbers and dates in attributes are the same in every language.
    assert '<tr id="session-1234">' in html
    assert f'href="/workshops/{february_workshop.slug}/sessions/1234/calendar.ics"' in html


@pytest.fixture
def proposal(als, bob):
    return make_proposal(als, by=bob)


@FIVE
@pytest.mark.parametrize(
    ("language", "shown"), [("pt-pt", MONEY["pt-pt"]), ("en-gb", "€12,000.00")]
)
def test_the_proposal_page_shows_its_budget_in_euros_of_the_readers_language(
    login, bob, proposal, language, shown
):
    BudgetLine.objects.create(proposal=proposal, category="staff", description="Adviser",
                              amount=Decimal("12000"))  # fmt: skip

    response = login(bob).get(f"/proposals/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE=language)

    assert f'<td class="text-end text-nowrap" data-figure="total">{shown}</td>' in response.text


class FormValues(HTMLParser):
    """The values the page's post form would send as it stands (no textareas on the page)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._in_form = self._in_template = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("method") == "post" and "novalidate" in attrs
        self._in_template |= tag == "template"
        name = attrs.get("name")
        if not self._in_form or self._in_template or not name:
            if tag == "option" and self._select and "selected" in attrs:
                self.values[self._select] = attrs.get("value") or ""
            return
        if tag == "input" and attrs.get("type") != "checkbox":
            self.values[name] = attrs.get("value") or ""
        elif tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "template":
            self._in_template = False
        elif tag == "select":
            self._select = None


@FIVE
def test_a_budget_shown_and_sent_back_in_portuguese_keeps_its_amounts(login, bob, proposal):
    line = BudgetLine.objects.create(proposal=proposal, category="staff",
                                     description="Adviser", amount=Decimal("12000.50"))  # fmt: skip
    client = login(bob)
    url = f"/proposals/{proposal.pk}/budget/"

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="pt-pt")
    form = FormValues()
    form.feed(page.content.decode())
    # The amount's field holds the number as a browser's number field reads it.
    assert form.values["lines-0-amount"] == "12000.50"
    assert form.values["lines-0-line"] == str(line.pk)
    response = client.post(url, form.values, HTTP_ACCEPT_LANGUAGE="pt-pt", follow=True)

    assert response.status_code == 200
    line.refresh_from_db()
    assert (line.category, line.description, line.amount) == ("staff", "Adviser",
                                                              Decimal("12000.50"))  # fmt: skip
    assert f'data-figure="total">12.000,50{NBSP}€</td>' in response.text
