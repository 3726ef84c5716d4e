"""What the catalogue tests check in a .po file and its compiled .mo.

A catalogue is complete when every message is translated and none is fuzzy (gettext would
show a fuzzy one in English), and a translation keeps its message's placeholders: a missing
`%(name)s` loses a word, an extra one fails at run time. English, the source, may leave a
message empty: gettext then shows the message as written.
"""

import re
import sys
from collections import Counter
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings

SOURCE_LANGUAGE = "en_GB"
# Python's %-formats (named or not; "%%" is a percent sign) and str.format's {name}.
PLACEHOLDER = re.compile(
    r"%%|%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{\w*(?:![rsa])?(?::[^{}]*)?\}"
)


def locale_dirs() -> list[Path]:
    """LOCALE_PATHS and the locale/ of every app of the project (not of the libraries, which
    may be installed inside it, in .venv)."""
    own = [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR)
        and not Path(app.path).is_relative_to(sys.prefix)
    ]
    return [*map(Path, settings.LOCALE_PATHS), *own]


def catalogues() -> list[Path]:
    return sorted(po for folder in locale_dirs() for po in folder.glob("*/LC_MESSAGES/*.po"))


def placeholders(text: str) -> Counter:
    return Counter(found for found in PLACEHOLDER.findall(text) if found != "%%")


def problems(po_path: Path) -> list[str]:
    """Each message of the catalogue that is untranslated, fuzzy or has other placeholders."""
    source = po_path.parent.parent.name == SOURCE_LANGUAGE
    catalogue = polib.pofile(str(po_path))
    # msgfmt leaves out a fuzzy header (as makemessages writes a new one), and with it the
    # charset: gettext could not read a translation that is not ASCII.
    found = [f"{po_path}: the header is fuzzy"] if catalogue.metadata_is_fuzzy else []
    for entry in catalogue:
        if entry.obsolete:
            continue
        name = f"{po_path}: {entry.msgid!r}"
        if entry.fuzzy:
            found.append(f"{name} is fuzzy")
        if entry.msgid_plural:
            wanted = [placeholders(entry.msgid), placeholders(entry.msgid_plural)]
            forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
        else:
            wanted = [placeholders(entry.msgid)]
            forms = [entry.msgstr]
        if not all(forms):
            if not source:
                found.append(f"{name} is not translated")
            continue
        found += [
            f"{name}: {form!r} has placeholders {sorted(placeholders(form).elements())}"
            for form in forms
            if placeholders(form) not in wanted
        ]
    return found


def messages(catalogue) -> dict:
    """The messages gettext would use: translated, not fuzzy, without the header."""
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else entry.msgstr
        )
        for entry in catalogue.translated_entries()
        if entry.msgid
    }


def out_of_date(po_path: Path) -> str:
    """Why the .mo beside the .po is not its compiled form, or "" when it is."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return f"{po_path} has no compiled {mo_path.name}"
    compiled = messages(polib.pofile(str(po_path)))
    committed = messages(polib.mofile(str(mo_path)))
    if compiled != committed:
        differ = sorted(str(key[1]) for key in compiled.keys() ^ committed.keys()) or [
            str(key[1]) for key in compiled if compiled[key] != committed.get(key)
        ]
        return f"{mo_path} differs from {po_path.name} (run `make messages`): {differ[:5]}"
    return ""
