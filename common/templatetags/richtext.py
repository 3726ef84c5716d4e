from django import template
from django.utils.safestring import mark_safe

from common.richtext import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render Markdown to sanitised HTML (see common.richtext)."""
    # Safe to mark: render_markdown has sanitised the HTML with nh3.
    return mark_safe(render_markdown(text))
