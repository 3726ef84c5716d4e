"""Dates and money in the reader's language (common.l10n): `{% load l10n_formats %}`.

Django's `date` filter takes Django's named formats ({{ day|date:"DATE_FORMAT" }}); these add
the platform's own names, ranges of days and euros."""

from django import template

from common import l10n

register = template.Library()


@register.filter
def named_date(value, name: str = "DATE_FORMAT") -> str:
    """{{ day|named_date:"WEEKDAY_DATE_FORMAT" }}; empty for no date."""
    return l10n.date_format(value, name) if value else ""


@register.simple_tag
def date_range(start, end) -> str:
    """{% date_range workshop.start_date workshop.end_date %}: "14–16 February 2027"."""
    return l10n.date_range(start, end)


@register.filter
def money(amount) -> str:
    """{{ amount|money }}: "€12,000.00", "12.000,00 €"; empty for no amount."""
    return "" if amount is None or amount == "" else l10n.money(amount)
