"""Any text up to the forms' cap renders to HTML of bounded depth and size, its text shown.

The inputs are the ones that made Markdown rendering quadratic or recursive (issue 14): each
is 100,000 characters, the cap of a proposal section. The inputs are bench.render's, which
measures their times (`python -m bench.render`); here only the output is checked.
"""

import html as html_module
from html.parser import HTMLParser

import pytest

from bench.render import ADVERSARIAL
from bench.render import N as BENCH_N
from common.richtext import MAX_CELLS, MAX_DEPTH, MAX_ELEMENTS, render_markdown
from proposals.forms import MAX_TEXT

N = MAX_TEXT


def test_the_inputs_are_as_long_as_the_forms_allow():
    assert BENCH_N == N
    assert max(len(text) for text in ADVERSARIAL.values()) == N


class Shape(HTMLParser):
    """The deepest nesting of elements, the number of table cells and the text shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = self.deepest = self.cells = self.elements = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "hr"):
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
        self.cells += tag in ("td", "th")
        self.elements += 1

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        self.text.append(data)


def shape(html: str) -> Shape:
    parser = Shape()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_any_text_renders_to_html_of_bounded_depth_size_and_cells(text):
    html = render_markdown(text)

    rendered = shape(html)
    assert len(text) <= N
    assert rendered.depth == 0  # every element closed
    assert rendered.deepest <= 2 * MAX_DEPTH  # the parser adds tbody and tr to bare cells
    assert rendered.cells <= MAX_CELLS
    assert rendered.elements <= MAX_ELEMENTS + 2 * MAX_CELLS  # and tr to bare cells
    assert len(html) < 20 * len(text)


def visible(html: str) -> str:
    return "".join(shape(html).text)


def test_a_run_of_brackets_is_shown_as_the_brackets():
    assert render_markdown("[" * N) == "<p>" + "[" * N + "</p>"
    assert render_markdown("![" * (N // 2)) == "<p>" + "![" * (N // 2) + "</p>"


def test_quotation_markers_past_the_depth_limit_are_shown_as_text():
    html = render_markdown(">" * N)

    assert html.startswith("<blockquote>\n" * MAX_DEPTH)
    assert shape(html).deepest == MAX_DEPTH
    assert visible(html).strip() == ">" * (N - MAX_DEPTH)


def test_list_markers_past_the_depth_limit_are_shown_as_text():
    html = render_markdown("- " * 30 + "the item")

    assert html.startswith("<ul>\n<li>\n" * (MAX_DEPTH // 2))
    assert shape(html).deepest == MAX_DEPTH
    assert " ".join(visible(html).split()) == "- " * (30 - MAX_DEPTH) + "the item"


def test_html_nested_past_the_depth_limit_keeps_its_text_without_the_deeper_tags():
    html = render_markdown("<blockquote>" * 100 + "deep" + "</blockquote>" * 100)

    assert html == "<blockquote>" * MAX_DEPTH + "deep" + "</blockquote>" * MAX_DEPTH


def test_elements_past_the_element_limit_keep_their_text():
    html = render_markdown("*a* " * (MAX_ELEMENTS + 10))

    assert html.startswith("<p><em>a</em> <em>a</em> ")
    assert (shape(html).elements, html.count("<em>")) == (MAX_ELEMENTS, MAX_ELEMENTS - 1)
    assert visible(html).split() == ["a"] * (MAX_ELEMENTS + 10)


def test_a_table_past_the_cell_limit_is_shown_as_the_text_it_was_written_as():
    rows = MAX_CELLS // 2 + 1
    text = "|a|b|\n|-|-|\n" + "|c|d|\n" * rows

    html = render_markdown(text)

    assert "<table>" not in html
    assert html_module.unescape(html) == "<p>" + text.strip() + "</p>"


def test_a_table_within_the_cell_limit_is_a_table():
    rows = MAX_CELLS // 2 - 1
    html = render_markdown("|a|b|\n|-|-|\n" + "|c|d|\n" * rows)

    assert html.startswith("<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n")
    assert shape(html).cells == MAX_CELLS


def test_html_cells_past_the_cell_limit_keep_their_text():
    html = render_markdown("<table><tr>" + "<td>x</td>" * (MAX_CELLS + 5) + "</tr></table>")

    assert shape(html).cells == MAX_CELLS
    assert visible(html).replace(" ", "") == "x" * (MAX_CELLS + 5)


def test_ordinary_markdown_keeps_its_tables_lists_links_and_headings():
    text = (
        "# Title\n\n## Goals\n\nSome **strong** and *emphasised* text, "
        "[a link](https://mile.example/) and `code`.\n\n"
        "- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n\n"
        "| Item | Cost |\n|:-----|-----:|\n| Desk | 10 |\n"
    )

    assert render_markdown(text) == (
        "Title\n<h2>Goals</h2>\n"
        "<p>Some <strong>strong</strong> and <em>emphasised</em> text, "
        '<a href="https://mile.example/" rel="noopener noreferrer nofollow">a link</a> and '
        "<code>code</code>.</p>\n"
        "<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul>\n</li>\n</ul>\n"
        "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n"
        "<table><thead><tr><th>Item</th><th>Cost</th></tr></thead><tbody>\n"
        "<tr><td>Desk</td><td>10</td></tr>\n</tbody></table>"
    )


@pytest.mark.parametrize(
    ("fragment", "shown"),
    [
        ("<textarea>a <b>c</b> &amp;</textarea>z", "a &lt;b&gt;c&lt;/b&gt; &amp;z"),
        ("<xmp>x <b>y</b> &amp;</xmp>z", "<p>x &lt;b&gt;y&lt;/b&gt; &amp;amp;z</p>"),
        ("<script>a <div> b</script>z", "z"),
        ('<div title="</div><div>">z</div>', "z"),
        ("<!-- <div> -->z", "z"),
        ("<?php <div> ?>z", " ?&gt;z"),
    ],
)
def test_raw_html_reads_as_the_sanitiser_reads_it(fragment, shown):
    assert render_markdown(fragment) == shown
