"""Markdown rendering benchmark (issue 14): the time to render each adversarial text of the
forms' cap (100,000 characters) for a page (`render_markdown`) and for the PDF (WeasyPrint on
the sanitised HTML, with the PDF template's stylesheet), in milliseconds.

    .venv/bin/python -m bench.render            # every input
    .venv/bin/python -m bench.render --no-pdf   # the pages only
    .venv/bin/python -m bench.render "open brackets" "quote markers"

The budget: no input a user can type makes a page, an e-mail or a PDF take more than a second
to render. It prints; it records nothing. The same inputs are checked for their output's
depth, size and text in tests/common/test_richtext_bounds.py.
"""

import argparse
import logging
import os
import re
import sys
import time
from pathlib import Path

N = 100_000  # proposals.forms.MAX_TEXT


def _nested_list(levels: int) -> str:
    return "\n".join(" " * (2 * level) + "- x" for level in range(levels))


ADVERSARIAL = {
    "open brackets": "[" * N,
    "image brackets": "![" * (N // 2),
    "link openers": "[a](" * (N // 4),
    "quote markers": ">" * N,
    "spaced quote markers": "> " * (N // 2),
    "list markers on one line": "- " * (N // 2 - 1) + "x",
    "numbered markers on one line": "1. " * (N // 3 - 1) + "x",
    "quotes and lists on one line": "> - " * (N // 4 - 1) + "x",
    "stars": "*" * N,
    "underscores": "_" * N,
    "emphasis openers": "*a " * (N // 3),
    "nested emphasis": "*_" * (N // 4 - 1) + "a" + "_*" * (N // 4 - 1),
    "a list nested as deep as the cap allows": _nested_list(10_000)[:N],
    "a thousand columns": (
        "|" + "a|" * 1000 + "\n|" + "-|" * 1000 + "\n" + ("|b" * 1000 + "|\n") * 50
    )[:N],
    "a table at the cell limit": "|a|b|\n|-|-|\n" + "|c|d|\n" * 249,
    "five thousand rows": ("|a|b|\n|-|-|\n" + "|c|d|\n" * 16_000)[:N],
    "less-than signs": "<" * N,
    "unclosed tags": "<a" * (N // 2),
    "nested divs": "<div>" * (N // 5),
    "nested list items in HTML": "<ul><li>" * (N // 8),
    "nested tables in HTML": "<table><td>" * (N // 11),
    "cells in HTML": "<td>x" * (N // 5),
    "misnested formatting": "".join(f"<b title={i}><div></b>" for i in range(N // 20))[:N],
    "backticks": "`" * N,
    "backtick runs": "".join("`" * i + "x" for i in range(1, 440))[:N],
    "a mix": "[![<*_`>" * (N // 8),
    "a mix of lines": "> - [*_`\n" * (N // 9),
    "ordinary paragraphs": "\n\n".join(["A paragraph of ordinary words, as people write."] * 2000)[
        :N
    ],
}


def _pdf_document(section_html: str) -> str:
    template = Path(__file__).resolve().parent.parent / "templates/proposals/proposal_pdf.html"
    style = re.search(r"<style>.*?</style>", template.read_text(), re.S)[0]
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{style}</head><body>"
        f"<section class='part text'><h2>Summary</h2>"
        f"<div class='section-text'>{section_html}</div></section></body></html>"
    )


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("names", nargs="*", help="only these inputs")
    arguments.add_argument("--no-pdf", action="store_true", help="the pages only")
    options = arguments.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mile.settings")
    import django

    django.setup()
    from common.richtext import render_markdown

    weasyprint = None if options.no_pdf else __import__("weasyprint")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)
    print(f"{'input':42} {'chars':>7} {'page ms':>8} {'html':>7} {'PDF ms':>8}")
    slowest = 0.0
    for name, text in ADVERSARIAL.items():
        if options.names and name not in options.names:
            continue
        started = time.perf_counter()
        html = render_markdown(text)
        page = time.perf_counter() - started
        pdf = ""
        if weasyprint:
            started = time.perf_counter()
            weasyprint.HTML(string=_pdf_document(html)).write_pdf()
            pdf = f"{(time.perf_counter() - started) * 1000:8.0f}"
        slowest = max(slowest, page)
        print(f"{name:42} {len(text):7} {page * 1000:8.1f} {len(html):7} {pdf}", flush=True)
    print(f"slowest page: {slowest * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
