"""Markdown written by people, rendered to HTML that can never run script in a browser.

Rendering takes time in proportion to the text, whatever the text: the Markdown parser is
pulldown-cmark (through pyromark), which has no quadratic cases; and before the sanitiser
(nh3, whose HTML5 parser takes time in proportion to the text times the nesting depth) sees
the HTML, `_bounded` drops the tags nested deeper than MAX_DEPTH, the table cells past
MAX_CELLS and the elements past MAX_ELEMENTS, keeping their text. Past MAX_CELLS a Markdown
table is shown as the text it was written as. So a page, an e-mail and the PDF get HTML of
bounded depth and size.
"""

import re

import nh3
import pyromark

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}

# Deeper than any list, quotation or table a person writes; the HTML5 parser, the browser
# and WeasyPrint all handle this depth quickly.
MAX_DEPTH = 20
# A table of 50 rows of 10 columns; WeasyPrint lays out about a thousand cells a second.
MAX_CELLS = 500
# Elements in one text (paragraphs, list items, emphasis, links, cells), far more than a
# section of a few thousand characters has: WeasyPrint takes a millisecond or more for each.
MAX_ELEMENTS = 1_000

# Elements without an end tag (the HTML5 parser never keeps them open).
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip
# Elements whose content the HTML5 parser reads as text, not tags: the sanitiser drops script
# and style with their content and shows the content of the others as text.
_DROPPED_WITH_CONTENT = {"script", "style"}
_CONTENT_AS_TEXT = {"textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
_RAW_TEXT = _DROPPED_WITH_CONTENT | _CONTENT_AS_TEXT | {"plaintext"}
_CELLS = {"td", "th"}

_WS = "\t\n\f\r "
# A tag as the HTML5 tokenizer reads it, in the common well-formed shape (fast path).
_SIMPLE_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
    r"(?:[\t\n\f\r ]+[A-Za-z_:][-A-Za-z0-9_.:]*"
    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r "'=<>`]+))?)*"""
    r"[\t\n\f\r ]*/?>"
)
_TOKEN = re.compile(_SIMPLE_TAG.pattern + "|<")
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_SPACES = re.compile(r"[\t\n\f\r ]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />=]*")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# A line opening more than MAX_DEPTH quotations or lists (`> > > …`, `- - - …`): the marker
# after the first MAX_DEPTH is escaped, so that it and the rest of the line are text. Atomic
# groups: no backtracking, so linear whatever the line.
_CONTAINER = r"(?>[ \t]*+(?:>|[-+*](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))"
_DEEP_LINE = re.compile(
    rf"^(?!(?>[ \t]*+[-*_])++[ \t]*+$){_CONTAINER}{{{MAX_DEPTH}}}[ \t]*+[0-9]*+(?=[-+*>.)])", re.M
)
_CELL_TAG = re.compile(r"<t[dh][\t\n\f\r />]", re.IGNORECASE)


def render_markdown(text: str) -> str:
    """Markdown (with any HTML in it) to sanitised HTML: only harmless tags and http(s) links."""
    text = _DEEP_LINE.sub(r"\g<0>\\", text or "")
    html = pyromark.html(text, options=pyromark.Options.ENABLE_TABLES)
    if len(_CELL_TAG.findall(html)) > MAX_CELLS:
        html = pyromark.html(text)  # the tables as the text they were written as
    return nh3.clean(
        _bounded(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).rstrip("\n")


def _tag_end(html: str, at: int) -> int | None:
    """Where the tag whose name ends at `at` ends (after its `>`), as the HTML5 tokenizer
    reads it; None when the text ends inside the tag (the tokenizer then drops the tag)."""
    # The states of the tokenizer from "before attribute name" on (HTML § 13.2.5.32-42).
    end = len(html)
    state = "before name"
    while True:
        if state == "before name":
            at = _SPACES.match(html, at).end()
            if at == end:
                return None
            char = html[at]
            if char in "/>":
                state = "after name"
            else:
                if char == "=":
                    at += 1
                at = _ATTRIBUTE_NAME.match(html, at).end()
                state = "after name"
        elif state == "after name":
            at = _SPACES.match(html, at).end()
            if at == end:
                return None
            char = html[at]
            if char == ">":
                return at + 1
            if char == "/":
                at += 1
                state = "self-closing"
            elif char == "=":
                at = _SPACES.match(html, at + 1).end()
                state = "value"
            else:
                at = _ATTRIBUTE_NAME.match(html, at).end()
        elif state == "value":
            if at == end:
                return None
            char = html[at]
            if char in "\"'":
                close = html.find(char, at + 1)
                if close == -1:
                    return None
                at = close + 1
                state = "after value"
            elif char == ">":
                return at + 1
            else:
                at = _UNQUOTED_VALUE.match(html, at).end()
                state = "before name"
        elif state == "after value":
            if at == end:
                return None
            char = html[at]
            if char == ">":
                return at + 1
            if char == "/":
                at += 1
                state = "self-closing"
            else:
                state = "before name"
        else:  # self-closing
            if at == end:
                return None
            if html[at] == ">":
                return at + 1
            state = "before name"


def _comment_end(html: str, at: int) -> int:
    """Where the comment opened by `<!--` at `at` ends, as the HTML5 tokenizer reads it."""
    body = at + 4
    for abrupt in (">", "->"):
        if html.startswith(abrupt, body):
            return body + len(abrupt)
    ends = [found for found in (html.find("-->", body), html.find("--!>", body)) if found != -1]
    if not ends:
        return len(html)
    first = min(ends)
    return first + (3 if html.startswith("-->", first) else 4)


def _raw_text_end(html: str, name: str, at: int) -> tuple[int, int]:
    """Where the text of a raw-text element opened before `at` ends, and where its end tag
    ends: the first `</name` followed by a space, `/` or `>`."""
    pattern = re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE)
    match = pattern.search(html, at)
    if not match:
        return len(html), len(html)
    close = _tag_end(html, match.start() + 2 + len(name))
    return match.start(), len(html) if close is None else close


def _bounded(html: str) -> str:
    """The HTML with the tags nested deeper than MAX_DEPTH, the cells past MAX_CELLS and the
    elements past MAX_ELEMENTS left out (with their end tags), their text kept; comments,
    declarations and script or style elements left out and the content of other raw-text
    elements escaped, as the sanitiser would.

    The HTML5 parser reads the result with the tokenizer always in its data state, so the tags
    counted here are exactly the tags it reads. An element counts as open until its end tag
    comes while it is the innermost open one, which counts at least as deep as the parser's
    tree (a stray or misnested end tag closes nothing here).
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in order
    open_tags: list[tuple[str, bool]] = []  # (name, whether its start tag is kept)
    depth = elements = cells = 0
    position = 0
    end = len(html)
    search = _TOKEN.search
    while True:
        token = search(html, position)
        if token is None:
            break
        start = token.start()
        name = token[2]
        if name is not None:  # a well-formed tag: the fast path
            closing, tag_end = token[1], token.end()
        else:
            following = html[start + 1 : start + 2]
            after = html[start + 2 : start + 3]
            if following.isascii() and following.isalpha():
                closing, name = "", _TAG_NAME.match(html, start + 1)[0]
            elif following == "/" and after.isascii() and after.isalpha():
                closing, name = "/", _TAG_NAME.match(html, start + 2)[0]
            else:
                if html.startswith("<!--", start):
                    position = _comment_end(html, start)
                elif following in ("!", "?", "/"):
                    # A declaration, processing instruction or bogus comment: up to its `>`.
                    close = html.find(">", start)
                    position = end if close == -1 else close + 1
                else:  # a `<` that starts no tag: text
                    edits.append((start, start + 1, "&lt;"))
                    position = start + 1
                    continue
                edits.append((start, position, ""))
                continue
            tag_end = _tag_end(html, start + 1 + len(closing) + len(name))
            if tag_end is None:  # the text ends inside the tag: the tokenizer drops it
                edits.append((start, end, ""))
                break
        position = tag_end
        if not name.islower():
            name = name.translate(_ASCII_LOWER).replace("\0", "\ufffd")
        if closing:
            if open_tags and open_tags[-1][0] == name:
                if not open_tags.pop()[1]:  # its start tag was left out: so is its end tag
                    edits.append((start, tag_end, ""))
                else:
                    depth -= 1
            elif name in _RAW_TEXT:
                edits.append((start, tag_end, ""))
            elif name in ("p", "br"):  # a stray </p> or </br> is an element to the parser
                if elements >= MAX_ELEMENTS:
                    edits.append((start, tag_end, ""))
                elements += 1
            # else it closes nothing here; the parser may close something
        elif name in _RAW_TEXT:
            if name == "plaintext":
                text_end = position = end
            else:
                text_end, position = _raw_text_end(html, name, tag_end)
            if name in _DROPPED_WITH_CONTENT:
                edits.append((start, position, ""))
                continue
            text = html[tag_end:text_end]
            if name not in ("textarea", "title"):  # RCDATA reads character references
                text = text.replace("&", "&amp;")
            edits.append((start, position, text.replace("<", "&lt;")))
        elif name in _VOID:
            if elements >= MAX_ELEMENTS:
                edits.append((start, tag_end, " "))
            elements += 1
        else:
            kept = (
                depth < MAX_DEPTH
                and elements < MAX_ELEMENTS
                and (name not in _CELLS or cells < MAX_CELLS)
            )
            open_tags.append((name, kept))
            if kept:
                depth += 1
                elements += 1
                cells += name in _CELLS
            else:
                edits.append((start, tag_end, " " if name in _CELLS else ""))
    if not edits:
        return html
    pieces, copied = [], 0
    for start, stop, replacement in edits:
        pieces += (html[copied:start], replacement)
        copied = stop
    pieces.append(html[copied:])
    return "".join(pieces)
