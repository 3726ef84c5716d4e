"""Curated content in the reader's language, else English marked lang="en" (common.content).

    {% load content %}
    <h1>{{ workshop|content:"title" }}</h1>                 the text; in <span lang="en"> if English
    <div{% content_lang workshop "handbook" %}>…</div>      lang="en" on an element of your own

Where no element may be written (a <title>, an attribute), `{{ workshop.title }}` gives the
same text unmarked.
"""

from django import template

from common.content import lang_attribute, marked

register = template.Library()


@register.filter
def content(obj, field: str):
    """`obj.field` in the reader's language; the English fallback inside <span lang="en">."""
    return "" if obj in (None, "") else marked(obj, field)


@register.simple_tag
def content_lang(obj, field: str):
    """` lang="en"` for the element around `obj.field` when it shows the English, else ""."""
    return "" if obj in (None, "") else lang_attribute(obj, field)
