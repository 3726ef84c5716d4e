"""What the management team's overview counts, in a constant number of queries however many
workshops, partners, proposals, learning sets, meetings and actions there are: every figure is
an aggregate (Count with a filter, or a correlated count), never a query per row. One module
per part of the page: workshop_figures, proposal_figures, set_figures.

Each figure comes with the admin's list of the rows it counts (a changelist filtered by its
own list filters or fields), so that the number on the page and the list behind it agree.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F, Func, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html

# The admin permissions of every list the overview counts: who reads the overview.
READS = [
    "workshops.view_workshop",
    "workshops.view_registration",
    "proposals.view_proposal",
    "learningsets.view_learningset",
    "learningsets.view_member",
    "learningsets.view_meeting",
    "learningsets.view_action",
]


class AdminLists:
    """The admin's list of a model's rows, filtered as the overview counts them; each list's
    address is reversed once for a page that links to it hundreds of times."""

    def __init__(self):
        self._urls = {}

    def __call__(self, model, **filters) -> str:
        if model not in self._urls:
            opts = model._meta
            self._urls[model] = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        url = self._urls[model]
        return f"{url}?{urlencode(filters)}" if filters else url


def in_list(values) -> str:
    """Values as the admin reads a `__in` filter's."""
    return ",".join(str(value) for value in values)


@dataclass(frozen=True)
class Figure:
    """A number and the list of what it counts; a template shows it as a link, the number
    grouped as the reader's language groups digits."""

    value: int
    url: str

    def __html__(self) -> str:
        # Below a thousand a number has no group to separate: skip the format's look-ups.
        number = (
            formats.number_format(self.value, force_grouping=True)
            if self.value >= 1000
            else str(self.value)
        )
        return format_html('<a href="{}">{}</a>', self.url, number)

    def __str__(self) -> str:
        return self.__html__()


def count_of(queryset) -> Coalesce:
    """A correlated count of `queryset` (filtered on OuterRef) as a subquery, so that the
    counts of several kinds of rows never multiply each other as joins would."""
    counted = queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
