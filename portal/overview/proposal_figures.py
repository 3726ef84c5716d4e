"""Proposals by status, sub-theme and funding source."""

from collections import Counter

from django.db.models import Count

from learningsets.models import SubTheme
from portal.charts import Bar, Chart, Segment, stacked_bars
from portal.overview import AdminLists, Figure
from proposals.models import FundingSource, Proposal


def proposal_counts() -> dict:
    """Proposals by status, sub-theme and funding source (two queries): the table's rows are
    the sub-theme × funding source pairs that have any, its columns the statuses."""
    lists = AdminLists()
    counts = Counter()
    by_theme = Counter()
    found = (
        Proposal.objects.order_by()
        .values_list("learning_set__sub_theme", "funding_source", "status")
        .annotate(count=Count("pk"))
    )
    for sub_theme, source, status, count in found:
        counts[sub_theme, source, status] += count
        by_theme[sub_theme, status] += count
    sub_themes = list(SubTheme.objects.order_by("number"))
    statuses = Proposal.Status.choices
    return {
        "statuses": statuses,
        "rows": [
            row
            for sub_theme in sub_themes
            for source in FundingSource.choices
            if (row := _proposal_row(counts, sub_theme, source, statuses, lists))["total"].value
        ],
        "by_status": [
            Figure(
                sum(by_theme[t.pk, status] for t in sub_themes),
                lists(Proposal, status__exact=status),
            )
            for status in Proposal.Status.values
        ],
        "total": Figure(sum(counts.values()), lists(Proposal)),
        "chart": _chart(by_theme, statuses, sub_themes),
    }


def _chart(by_theme, statuses, sub_themes) -> Chart:
    """A bar per status, a part per sub-theme."""
    return stacked_bars(
        [
            Bar(
                label=label,
                segments=[
                    Segment(t.name, by_theme[t.pk, status], f"chart-series-{t.number}")
                    for t in sub_themes
                ],
            )
            for status, label in statuses
        ],
        legend=[(t.name, f"chart-series-{t.number}") for t in sub_themes],
    )


def _proposal_row(counts, sub_theme, source, statuses, lists) -> dict:
    """One sub-theme × funding source: its proposals in each status, and in all."""
    value, label = source
    pair = {"learning_set__sub_theme__id__exact": sub_theme.pk, "funding_source__exact": value}
    cells = [
        Figure(counts[sub_theme.pk, value, status], lists(Proposal, status__exact=status, **pair))
        for status, _label in statuses
    ]
    return {
        "sub_theme": sub_theme,
        "source": label,
        "cells": cells,
        "total": Figure(sum(cell.value for cell in cells), lists(Proposal, **pair)),
    }
