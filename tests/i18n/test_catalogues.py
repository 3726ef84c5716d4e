"""The catalogues under locale/ are complete and compiled (see tests/i18n/catalogues.py).

Each test runs on every catalogue there is; the checks themselves are tested on small
catalogues written here, so that a check that finds nothing still has to prove it can.
"""

from pathlib import Path

import polib
import pytest

from tests.i18n.catalogues import catalogues, out_of_date, placeholders, problems

# Until the first catalogue is committed there is nothing to check: say so, not pytest's
# "empty parameter set".
CATALOGUES = catalogues() or [
    pytest.param(None, marks=pytest.mark.skip(reason="locale/ holds no catalogue yet"))
]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=str)
def test_the_catalogue_is_complete_with_the_messages_placeholders(po_path):
    assert problems(po_path) == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=str)
def test_the_committed_mo_is_the_compiled_po(po_path):
    assert out_of_date(po_path) == ""


def catalogue(folder: Path, language: str, *entries: polib.POEntry) -> Path:
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.extend(entries)
    path = folder / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def test_a_complete_catalogue_has_no_problem(tmp_path):
    path = catalogue(
        tmp_path,
        "pt_PT",
        polib.POEntry(msgid="Partners", msgstr="Parceiros"),
        polib.POEntry(msgid="%(name)s of %(partner)s", msgstr="%(name)s de %(partner)s"),
        polib.POEntry(msgid="{count} sections", msgstr="{count} secções"),
        polib.POEntry(msgid="100%% of %s", msgstr="%s a 100%%"),
        polib.POEntry(
            msgid="one member",
            msgid_plural="%(count)d members",
            msgstr_plural={0: "um membro", 1: "%(count)d membros"},
        ),
        polib.POEntry(msgid="Old", msgstr="", obsolete=True),
    )

    assert problems(path) == []


def test_each_problem_of_a_catalogue_is_named(tmp_path):
    path = catalogue(
        tmp_path,
        "el",
        polib.POEntry(msgid="Partners", msgstr=""),
        polib.POEntry(msgid="Workshops", msgstr="Εργαστήρια", flags=["fuzzy"]),
        polib.POEntry(msgid="Hello %(name)s", msgstr="Γεια σας"),
        polib.POEntry(msgid="{count} sections", msgstr="{number} ενότητες"),
        polib.POEntry(msgid="Sent to %s", msgstr="Στάλθηκε σε %s από %s"),
        polib.POEntry(
            msgid="one member",
            msgid_plural="%(count)d members",
            msgstr_plural={0: "ένα μέλος", 1: "%(number)d μέλη"},
        ),
        polib.POEntry(
            msgid="Proposals", msgid_plural="Proposals", msgstr_plural={0: "Προτάσεις", 1: ""}
        ),
    )

    assert problems(path) == [
        f"{path}: 'Partners' is not translated",
        f"{path}: 'Workshops' is fuzzy",
        f"{path}: 'Hello %(name)s': 'Γεια σας' has placeholders []",
        f"{path}: '{{count}} sections': '{{number}} ενότητες' has placeholders ['{{number}}']",
        f"{path}: 'Sent to %s': 'Στάλθηκε σε %s από %s' has placeholders ['%s', '%s']",
        f"{path}: 'one member': '%(number)d μέλη' has placeholders ['%(number)d']",
        f"{path}: 'Proposals' is not translated",
    ]


def test_english_may_leave_a_message_as_written_but_not_fuzzy(tmp_path):
    path = catalogue(
        tmp_path,
        "en_GB",
        polib.POEntry(msgid="Partners", msgstr=""),
        polib.POEntry(msgid="Color", msgstr="Colour", flags=["fuzzy"]),
    )

    assert problems(path) == [f"{path}: 'Color' is fuzzy"]


def test_a_fuzzy_header_is_a_problem(tmp_path):
    path = catalogue(tmp_path, "it", polib.POEntry(msgid="Partners", msgstr="Partner"))
    fuzzy = polib.pofile(str(path))
    fuzzy.metadata_is_fuzzy = True
    fuzzy.save()

    assert problems(path) == [f"{path}: the header is fuzzy"]


def test_placeholders_are_python_s_formats_and_format_fields():
    assert placeholders("%(name)s has %(count)d, %s, %5.1f%%, {0} {title} {when:%d %B}") == {
        "%(name)s": 1,
        "%(count)d": 1,
        "%s": 1,
        "%5.1f": 1,
        "{0}": 1,
        "{title}": 1,
        "{when:%d %B}": 1,
    }


def test_a_mo_that_is_not_the_compiled_po_is_found(tmp_path):
    path = catalogue(
        tmp_path,
        "es",
        polib.POEntry(msgid="Partners", msgstr="Socios"),
        polib.POEntry(msgid="Workshops", msgstr="Talleres"),
        polib.POEntry(msgid="Draft", msgstr="Borrador", flags=["fuzzy"]),
    )
    assert out_of_date(path) == f"{path} has no compiled django.mo"

    polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
    assert out_of_date(path) == ""

    changed = polib.pofile(str(path))
    changed.find("Workshops").msgstr = "Jornadas"
    changed.save()
    assert out_of_date(path) == (
        f"{path.with_suffix('.mo')} differs from django.po (run `make messages`): ['Workshops']"
    )
