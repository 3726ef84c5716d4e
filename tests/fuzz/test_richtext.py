"""Tag soup and Markdown built from the pieces that nest: the sanitised HTML stays shallow.

common.richtext counts how deep the tags nest before the sanitiser's HTML5 parser reads them
(that parser takes time in proportion to the text times the depth). A repeated pattern of
tags that the parser nested deeper than the count would show here as a depth past the bound.
"""

import re

import nh3
import pyromark
from hypothesis import given
from hypothesis import strategies as st

from common.richtext import MAX_DEPTH, _bounded, render_markdown
from tests.common.test_richtext_bounds import shape

PIECES = [
    "<div>", "</div>", "<b>", "</b>", "<b title=1>", "<i>", "</i>", "<a>", "</a>", "<table>",
    "</table>", "<tr>", "<td>", "</td>", "<th>", "<caption>", "<ul>", "</ul>", "<li>", "</li>",
    "<p>", "</p>", "<blockquote>", "</blockquote>", "<body>", "</body>", "<frameset>",
    "</frameset>", "<select>", "</select>", "<option>", "<svg>", "</svg>", "<math>", "<mi>",
    "<template>", "</template>", "<form>", "</form>", "<button>", "</button>", "<h2>", "</h3>",
    "<br>", "</br>", "<col>", "<nobr>", "<!--", "-->", "<script>", "</script>", "<textarea>",
    '<div title="', '"', "'", "=", ">", "<", "</", "> ", "- ", "1. ", "|a|", "\n", "\n\n", "x",
    "*", "[", "](", "`",
]  # fmt: skip


@given(pattern=st.lists(st.sampled_from(PIECES), min_size=1, max_size=8), times=st.integers(1, 400))
def test_a_repeated_pattern_nests_no_deeper_than_the_bound(pattern, times):
    html = render_markdown("".join(pattern) * times)

    rendered = shape(html)
    assert rendered.depth == 0
    assert rendered.deepest <= 3 * MAX_DEPTH  # the parser adds tbody and tr to bare cells


# Every element the pieces can make, the ones the parser adds (tbody, tr, colgroup) included.
EVERY_TAG = {name for piece in PIECES for name in re.findall(r"</?([a-z0-9]+)", piece)} | {
    "tbody",
    "tr",
    "colgroup",
    "html",
}


@given(pattern=st.lists(st.sampled_from(PIECES), min_size=1, max_size=8), times=st.integers(1, 400))
def test_the_html5_parser_nests_the_bounded_html_no_deeper_than_the_bound(pattern, times):
    markdown_html = pyromark.html("".join(pattern) * times, options=pyromark.Options.ENABLE_TABLES)

    parsed = nh3.clean(_bounded(markdown_html), tags=EVERY_TAG, clean_content_tags=set())

    assert shape(parsed).deepest <= 3 * MAX_DEPTH
