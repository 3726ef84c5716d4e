"""Whether the navigation offers the management team's overview to the reader."""

from django import template

from accounts.team import is_management
from portal.overview import READS

register = template.Library()


@register.filter
def reads_overview(user) -> bool:
    """The team holding the admin's permissions of every list the overview counts."""
    return is_management(user, READS)
