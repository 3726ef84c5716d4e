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


# Forms as a browser posts them: with the CSRF token of the page it was given.

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def browser_of(user):
    """A test client logged in as the user that checks CSRF tokens as Django does for a browser."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token_after(html: str, marker: str = "") -> str:
    """The CSRF token of the first form at or after `marker` in the page."""
    return CSRF_TOKEN.search(html, html.index(marker)).group(1)
