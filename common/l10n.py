"""Dates and money as the reader's language writes them: one rule each, in one place.

Dates use Django's named formats (DATE_FORMAT, SHORT_DATETIME_FORMAT...), which
`mile/formats/<locale>/formats.py` adjusts per language, and the platform's own names
(WEEKDAY_DATE_FORMAT), which Django's `get_format` does not know. Money is in euros: Babel
(CLDR) says where the sign goes and how it is spaced, the language's number format gives the
digits, so an amount is grouped like every other figure of the page: `12.000,00 €` in
Portuguese, `€12,000.00` in English.

Machine numbers (ids, form values, URLs, JSON, CSV, iCalendar) never pass through here.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import get_currency_symbol
from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language, to_locale

CURRENCY = "EUR"
CENTS = Decimal("0.01")
# Joins the two ends of a range of days, as CLDR's interval formats of these languages do.
RANGE_DASH = "–"


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def named_format(name: str) -> str:
    """The format string that `name` stands for in the active language (English if the
    language does not name it)."""
    if name in formats.FORMAT_SETTINGS:
        return formats.get_format(name)
    for language in (_language(), settings.LANGUAGE_CODE):
        for module in formats.get_format_modules(language):
            if hasattr(module, name):
                return getattr(module, name)
    raise LookupError(f"No format is named {name}.")


def date_format(value: dt.date, name: str = "DATE_FORMAT") -> str:
    """A date (or a moment, already in the reader's time zone) in the named format."""
    return formats.date_format(value, named_format(name))


def date_range(start: dt.date, end: dt.date) -> str:
    """Days from `start` to `end`, saying the month and year once where the ends share them:
    "14–16 February 2027", "28 February – 2 March 2027", "14–16 de fevereiro de 2027".

    Every language of the platform writes the day first in DATE_FORMAT and MONTH_DAY_FORMAT;
    a language that writes the month first needs its own rule here."""
    if start == end:
        return date_format(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{formats.date_format(start, 'j')}{RANGE_DASH}{date_format(end)}"
    first = "MONTH_DAY_FORMAT" if start.year == end.year else "DATE_FORMAT"
    return f"{date_format(start, first)} {RANGE_DASH} {date_format(end)}"


def _babel_locale() -> Locale:
    return Locale.parse(to_locale(_language()))


def money(amount: Decimal) -> str:
    """An amount in euros with its cents, in the reader's language: `€12,000.00`,
    `12.000,00 €` (the space before € does not break)."""
    locale = _babel_locale()
    pattern = locale.currency_formats["standard"]
    amount = Decimal(amount).quantize(CENTS, rounding=ROUND_HALF_UP)
    sign = 1 if amount < 0 else 0
    digits = formats.number_format(abs(amount), decimal_pos=2, force_grouping=True)
    symbol = get_currency_symbol(CURRENCY, locale)
    return f"{pattern.prefix[sign]}{digits}{pattern.suffix[sign]}".replace("¤", symbol)
