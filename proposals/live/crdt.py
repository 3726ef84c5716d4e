"""The section's shared document as pycrdt holds it: a Doc whose Text "text" is the section's
text (the browsers' `doc.getText("text")`). Pure functions, no database."""

import difflib
from os.path import commonprefix

from pycrdt import Doc, Text

from proposals.history import TOKENS

TEXT = "text"


def doc_of(*states: bytes) -> Doc:
    """A Doc holding every state given, merged (the CRDT merge: order does not matter)."""
    doc = Doc()
    doc.get(TEXT, type=Text)
    for state in states:
        doc.apply_update(state)
    return doc


def text_of(doc: Doc) -> str:
    return str(doc.get(TEXT, type=Text))


def state_of(doc: Doc) -> bytes:
    return doc.get_update()


def state_seeded(text: str) -> bytes:
    """A new document holding `text`: made once per section, then only ever merged into."""
    doc = doc_of()
    if text:
        doc.get(TEXT, type=Text).insert(0, text)
    return state_of(doc)


def text_edited(doc: Doc, text: str) -> bytes:
    """Turn the document's text into `text` by edits (deletions and insertions where the two
    differ, word by word, in one transaction) and return those edits as an update. Merged
    into a copy of the old state, the update gives `text`, not the two texts side by side."""
    shared = doc.get(TEXT, type=Text)
    before_state, old = doc.get_state(), str(shared)
    operations = _operations(old, text)
    with doc.transaction():
        # From the end, so that each edit's offsets in the old text still hold.
        for start, end, insert in reversed(operations):
            offset = _offset(old, start)
            if end > start:
                del shared[offset : _offset(old, end)]
            if insert:
                shared.insert(offset, insert)
    return doc.get_update(before_state)


def _operations(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, insertion): the character ranges of `old` to replace, first to last."""
    prefix = len(_common_prefix(old, new))
    suffix = len(_common_prefix(old[prefix:][::-1], new[prefix:][::-1]))
    old_middle, new_middle = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    old_tokens, new_tokens = TOKENS.findall(old_middle), TOKENS.findall(new_middle)
    old_starts = _starts(old_tokens, prefix)
    new_starts = _starts(new_tokens, 0)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    return [
        (old_starts[i1], old_starts[i2], new_middle[new_starts[j1] : new_starts[j2]])
        for operation, i1, i2, j1, j2 in matcher.get_opcodes()
        if operation != "equal"
    ]


def _common_prefix(a: str, b: str) -> str:
    return commonprefix([a, b])  # noqa: RUF071 -- two texts, character by character, is meant


def _starts(tokens: list[str], at: int) -> list[int]:
    """Where each token starts, and where the last one ends (one more entry than tokens)."""
    starts = [at]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    return starts


def _offset(text: str, index: int) -> int:
    """pycrdt counts a Text's offsets in UTF-8 bytes; Python in characters."""
    return len(text[:index].encode())
