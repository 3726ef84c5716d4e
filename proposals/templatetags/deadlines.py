"""`{% load deadlines %}`: a proposal's deadline and the time left, as proposals.deadlines
words them in the reader's language."""

from django import template

from proposals import deadlines

register = template.Library()


@register.filter
def deadline_shown(proposal) -> str:
    return deadlines.deadline_shown(proposal)


@register.filter
def time_left(proposal) -> str:
    return deadlines.time_left(proposal)
