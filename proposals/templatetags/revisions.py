"""`{% load revisions %}`: who wrote a revision, as proposals.history words it."""

from django import template

from proposals import history

register = template.Library()


@register.filter
def revision_writers(revision) -> str:
    return history.revision_writers(revision)
