"""The learning sets: their meetings and open actions, and the mix of their members by actor
type with the gaps the handbook would see."""

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learningsets.models import Action, LearningSet, Meeting, Member
from portal.charts import Bar, Chart, Segment, stacked_bars
from portal.overview import AdminLists, Figure, count_of

NO_MANAGING_AUTHORITY = _("No Managing Authority member")
ACTIVITY_DAYS = 90
SETS_PER_PAGE = 30  # ten partners' three sets


def activity_window(*, today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of the day ACTIVITY_DAYS ago to the end of today, in the site's zone."""
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    return midnight - dt.timedelta(days=ACTIVITY_DAYS), midnight + dt.timedelta(days=1)


def learning_sets_page(*, today: dt.date, page_number) -> dict:
    """A page of learning sets (by partner) with their meetings in the window, their open and
    overdue actions and their current members by actor type (three queries: the figures are
    counted for the page's sets only, never for all of them as the paginator counts)."""
    since, until = activity_window(today=today)
    meetings = Meeting.objects.filter(
        learning_set=OuterRef("pk"), starts_at__gte=since, starts_at__lt=until
    )
    actions = Action.objects.filter(
        problem__meeting__learning_set=OuterRef("pk"), state=Action.State.OPEN
    )
    current = Q(members__left_on__isnull=True)
    mix = {
        f"actors_{value}": Count("members", filter=current & Q(members__actor_type=value))
        for value in Member.ActorType.values
    }
    order = ["partner__name", "partner__pk", "sub_theme__number"]
    page = Paginator(
        LearningSet.objects.order_by(*order).values_list("pk", flat=True), SETS_PER_PAGE
    ).get_page(page_number)
    sets = (
        LearningSet.objects.filter(pk__in=list(page.object_list))
        .select_related("partner", "sub_theme")
        .annotate(
            recent_meetings=count_of(meetings),
            open_actions=count_of(actions),
            overdue_actions=count_of(actions.filter(due_on__lt=today)),
            **mix,
        )
        .order_by(*order)
    )
    window = {"starts_at__gte": str(since), "starts_at__lt": str(until)}
    # Translated once for the page, not once a cell.
    types = [(value, str(label)) for value, label in Member.ActorType.choices]
    lists = AdminLists()
    return {
        "page": page,
        "rows": [_set_row(s, window, today, types, lists) for s in sets],
    }


def _set_row(learning_set, window, today, types, lists) -> dict:
    set_id = {"learning_set__id__exact": learning_set.pk}
    open_actions = {
        "state__exact": Action.State.OPEN,
        "problem__meeting__learning_set__id__exact": learning_set.pk,
    }
    members = {**set_id, "left_on__isempty": "1"}
    actors = [
        {
            "label": label,
            "figure": Figure(
                getattr(learning_set, f"actors_{value}"),
                lists(Member, actor_type__exact=value, **members),
            ),
            # Every type is wanted; a set without the Managing Authority misses the most.
            "gap": "table-danger"
            if value == Member.ActorType.MANAGING_AUTHORITY
            else "table-warning",
        }
        for value, label in types
    ]
    return {
        "learning_set": learning_set,
        "name": learning_set.name,
        "url": learning_set.get_absolute_url(),
        "meetings": Figure(learning_set.recent_meetings, lists(Meeting, **set_id, **window)),
        "open_actions": Figure(learning_set.open_actions, lists(Action, **open_actions)),
        "overdue_actions": Figure(
            learning_set.overdue_actions,
            lists(Action, **open_actions, due_on__lt=today.isoformat()),
        ),
        "actors": actors,
        "members": Figure(sum(actor["figure"].value for actor in actors), lists(Member, **members)),
        "no_managing_authority": not getattr(
            learning_set, f"actors_{Member.ActorType.MANAGING_AUTHORITY}"
        ),
    }


def programme_totals(*, today: dt.date) -> dict:
    """The programme's meetings in the window and open and overdue actions (two queries), and
    its sets' gaps (two)."""
    lists = AdminLists()
    since, until = activity_window(today=today)
    window = {"starts_at__gte": str(since), "starts_at__lt": str(until)}
    meetings = Meeting.objects.filter(learning_set__isnull=False, **window).count()
    open_actions = Action.objects.filter(
        state=Action.State.OPEN, problem__meeting__learning_set__isnull=False
    ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    open_filter = {
        "state__exact": Action.State.OPEN,
        "problem__meeting__learning_set__isnull": "False",
    }
    return {
        "meetings": Figure(meetings, lists(Meeting, learning_set__isnull="False", **window)),
        "open_actions": Figure(open_actions["open"], lists(Action, **open_filter)),
        "overdue_actions": Figure(
            open_actions["overdue"],
            lists(Action, **open_filter, due_on__lt=today.isoformat()),
        ),
        **_gaps(lists),
    }


def _gaps(lists) -> dict:
    """How many sets have no current member of each actor type, of how many sets (two
    queries: the sets, and the sets that have a member of each type, in one pass over the
    members)."""
    all_sets = LearningSet.objects.count()
    having = dict(
        Member.objects.current()
        .order_by()
        .values_list("actor_type")
        .annotate(sets=Count("learning_set", distinct=True))
    )
    gaps = [
        (label, Figure(all_sets - having.get(value, 0), lists(LearningSet, missing_actor=value)))
        for value, label in Member.ActorType.choices
    ]
    return {
        "lacking": gaps,
        "lacking_chart": stacked_bars(
            [
                Bar(label=label, segments=[Segment(label, figure.value, "chart-gap")])
                for label, figure in gaps
            ]
        ),
        "sets": Figure(all_sets, lists(LearningSet)),
    }


def actor_mix_chart(rows: list[dict]) -> Chart:
    """A bar per learning set of the page: its current members, a part per actor type."""
    return stacked_bars(
        [
            Bar(
                label=row["name"],
                segments=[
                    Segment(actor["label"], actor["figure"].value, f"chart-actor-{index}")
                    for index, actor in enumerate(row["actors"], start=1)
                ],
                note=NO_MANAGING_AUTHORITY if row["no_managing_authority"] else "",
            )
            for row in rows
        ],
        legend=[
            (label, f"chart-actor-{index}")
            for index, (_value, label) in enumerate(Member.ActorType.choices, start=1)
        ],
    )
