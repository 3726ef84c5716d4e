"""What a person reads on a page."""

import re
from html import unescape

INLINE_TAGS = re.compile(r"</?(a|abbr|b|code|em|i|label|small|span|strong)\b[^>]*>")
OTHER_TAGS = re.compile(r"<[^>]+>")


def main_text(response) -> str:
    """The text of the page's <main> element as it reads, whitespace collapsed."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    text = OTHER_TAGS.sub(" ", INLINE_TAGS.sub("", main))
    return " ".join(unescape(text).split())
