"""What of a page is left in English when it is read in another language.

A page is read twice, in English and in the other language, in the same world. A piece of its
text (a text node, or an attribute a person reads: title, placeholder, aria-label, alt, a
button's value) that is the same in both readings is left in English, unless it is content
(the world's own names and texts, which have no translation), a word that stays as it is in
every language (locale/GLOSSARY.md: MILE, ALS, PDF...), the language's own translation of a
message that happens to read as the English does (Italian "Partner", Spanish "Total"), or a
library's own message (Django's admin, allauth, simple-history, import-export): where a
library's catalogue lacks a message in one of the languages (Django's Greek admin lacks about
twenty), that gap is the library's to fill, upstream, not a copy of ours.
"""

import re
import sys
import zoneinfo
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import trans_real
from django_countries import countries

# Attributes whose text a person reads (or hears, from a screen reader).
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# Words that stay as they are in every language (the glossary's "What stays as it is"), and
# the language menu's names, each written in its own language.
KEPT = {
    "Managing Migration and Integration in Cities and Regions",  # the project's title
    "MILE",
    "ALS",
    "PDF",
    "CSV",
    "ICS",
    "iCalendar",
    "Markdown",
    "HTML",
    "ID",
    "URL",
    "OK",
    # Django's filesizeformat: its catalogues write a document's size so in all five.
    "bytes",
    "KB",
    "MB",
    *settings.MILE_LANGUAGES.values(),
}
# A library's text that its authors never marked for translation: no catalogue can carry it.
UNMARKED_UPSTREAM = {
    "Recipient",  # allauth's reauthentication-code form: the field's label from its name
}
# What joins the parts of a composed piece: "Budget · <proposal> · MILE", "<set> — <sub-theme>".
SEPARATORS = re.compile(r"\s[·—–|›]\s|^›\s|:\s")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
ADDRESS = re.compile(r"\S+@\S+|https?://\S+|/\S*")


class Reading(HTMLParser):
    """The pieces of text a person reads on a page in the page's language, in order. A part
    that says it is in another language (`lang` unlike the page's: a proposal written in
    English, a sub-theme's English where no translation is written) is not the page's."""

    SKIPPED = {"script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.open: list[tuple[str, str]] = []  # (tag, its language) of each open element

    def reading(self) -> bool:
        """Whether the text here is read as the page's: in its language, not in a script."""
        page = self.open[0][1] if self.open else ""
        here = self.open[-1][1] if self.open else page
        return here == page and not any(tag in self.SKIPPED for tag, _ in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in self.VOID:
            inherited = self.open[-1][1] if self.open else ""
            self.open.append((tag, attributes.get("lang") or inherited))
        if not self.reading():
            return
        read = [value for name, value in attrs if name in READ_ATTRIBUTES]
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            read.append(attributes.get("value"))
        self.pieces.extend(" ".join(value.split()) for value in read if value)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data):
        if self.reading() and data.strip():
            self.pieces.append(" ".join(data.split()))


def pieces(html: str) -> list[str]:
    reading = Reading()
    reading.feed(html)
    return reading.pieces


def content() -> list[str]:
    """Every text the world holds in the database, and the names of the time zones: pieces
    made of them (and punctuation) are content. Longest first, so that a longer text is set
    aside before a shorter one inside it."""
    texts = list(zoneinfo.available_timezones())
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                texts.extend(str(value) for value in row if value)
    return sorted(set(texts), key=len, reverse=True)


@cache
def translations(language: str) -> frozenset[str]:
    """What the language's catalogues (the project's, Django's and the libraries', as gettext
    merges them) and its country names read, whitespace collapsed."""
    catalogue = trans_real.translation(language)._catalog
    with translation.override(language):
        names = {str(name) for _, name in countries}
    texts = [text for _, text in catalogue.items()] + sorted(names)
    return frozenset(" ".join(str(text).split()) for text in texts)


@cache
def app_labels() -> frozenset[str]:
    """simple-history's breadcrumbs name an app by its label ("Workshops"), not by its
    translated name: its template, not a message."""
    return frozenset(app.label.capitalize() for app in apps.get_app_configs())


@cache
def project_messages() -> frozenset[str]:
    """The messages of the project's own catalogue (English), whitespace collapsed."""
    found = set()
    for folder in settings.LOCALE_PATHS:
        for po_path in folder.glob("en_GB/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(po_path)):
                found.update(" ".join(text.split()) for text in (entry.msgid, entry.msgid_plural))
    return frozenset(found - {""})


@cache
def library_messages() -> frozenset[str]:
    """The messages of the installed libraries' catalogues (their English, or every language's
    where a library ships no English catalogue), whitespace collapsed."""
    found = set()
    folders = [Path(django.__file__).parent / "conf"] + [
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(sys.prefix)
    ]
    for folder in folders:
        files = list(folder.glob("locale/en/LC_MESSAGES/*.po")) or list(
            folder.glob("locale/*/LC_MESSAGES/*.po")
        )
        for po_path in files:
            for entry in polib.pofile(str(po_path)):
                found.update(" ".join(text.split()) for text in (entry.msgid, entry.msgid_plural))
    return frozenset(found - {""})


def is_english(fragment: str, held: list[str]) -> bool:
    """Whether the fragment has a word in it, once content, addresses and kept words are set
    aside."""
    if any(fragment in text for text in held):
        return False
    words = fragment
    for text in held:
        if text in words:
            words = words.replace(text, " ")
    words = ADDRESS.sub(" ", words)
    for kept in KEPT:
        words = words.replace(kept, " ")
    return bool(LATIN_WORD.search(words))


def left_in_english(
    english: str, translated: str, *, language: str, held: list[str], ours_only: bool = False
) -> list[str]:
    """The pieces of the translated page that read as on the English page and, in one of their
    parts (a title is "Budget · <proposal> · MILE"), are neither content (`held`), kept words,
    the language's own translations nor a library's message. `ours_only`: only the pieces
    that are the project's own messages (the admin's pages, see ADMIN in the test)."""
    same = set(pieces(english))
    own = translations(language)
    ours = project_messages()
    found = []
    for piece in pieces(translated):
        if piece not in same or (ours_only and piece.rstrip(":") not in ours):
            continue
        if ours_only and piece in app_labels():
            continue
        fragments = [part.strip().rstrip(":") for part in SEPARATORS.split(piece)]
        if any(
            part not in own
            and part not in library_messages()
            and part not in UNMARKED_UPSTREAM
            and is_english(part, held)
            for part in fragments
        ):
            found.append(piece)
    return list(dict.fromkeys(found))
