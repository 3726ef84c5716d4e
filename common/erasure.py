"""Replacing a person's words (a name, an address) in text columns that copied them.

One UPDATE per word and table, through the database's own REPLACE(): no row is loaded, saved
or signalled, so the audit trail records no new copy of what it removes.
"""

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils.html import escape


def scrub(queryset: QuerySet, fields: list[str], replacements: dict[str, str]) -> int:
    """Replace every word of `replacements` by its value in `fields` of the rows of
    `queryset`; the HTML-escaped spelling of a word too. Returns the rows changed."""
    changed = 0
    for word, anonymous in _with_escaped(replacements).items():
        touched = Q()
        for field in fields:
            touched |= Q(**{f"{field}__contains": word})
        changed += queryset.filter(touched).update(
            **{field: Replace(F(field), Value(word), Value(anonymous)) for field in fields}
        )
    return changed


def _with_escaped(replacements: dict[str, str]) -> dict[str, str]:
    words = {word: anonymous for word, anonymous in replacements.items() if word}
    for word, anonymous in list(words.items()):
        words.setdefault(str(escape(word)), str(escape(anonymous)))
    # The longest first: "Ana Costa" goes before a word it contains.
    return dict(sorted(words.items(), key=lambda item: -len(item[0])))
