"""The public workshop pages: the list, a workshop's page, its iCalendar files and the feed of
every workshop."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from workshops import calendar, rules
from workshops.permissions import is_participant, partners_registering_for
from workshops.selectors import (
    invited_partners_with_delegates,
    take_homes_to_write,
    take_homes_visible,
    workshop_public_or_404,
    workshops_for_feed,
    workshops_upcoming_and_past,
)

PAST_PER_PAGE = 20
UPCOMING_PER_PAGE = 20


@require_safe
def workshop_list(request):
    upcoming, past = workshops_upcoming_and_past()
    # get_page() answers a missing or malformed page with the first and too high with the last.
    past_page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page"))
    upcoming_page = Paginator(upcoming, UPCOMING_PER_PAGE).get_page(request.GET.get("upcoming"))
    now = timezone.now()
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "upcoming": _with_registration_states(upcoming_page, now),
            "upcoming_page": upcoming_page,
            "past": _with_registration_states(past_page, now),
            "past_page": past_page,
            "feed_webcal": calendar.webcal(request.build_absolute_uri(reverse("workshops:feed"))),
        },
    )


def _with_registration_states(workshops, at) -> list[tuple]:
    return [(workshop, rules.registration_state(workshop, at)) for workshop in workshops]


@require_safe
def workshop_detail(request, slug):
    workshop = workshop_public_or_404(slug=slug)
    now = timezone.now()
    participant = is_participant(request.user, workshop)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "registration_state": rules.registration_state(workshop, now),
            "registration_opens": rules.local_time(workshop, workshop.registration_opens_at),
            "registration_closes": rules.local_time(workshop, workshop.registration_closes_at),
            "registration_open": workshop.is_registration_open(now),
            "sessions": workshop.sessions.order_by("day", "start_time", "pk"),
            "partners": invited_partners_with_delegates(workshop=workshop),
            "show_delegates": participant,
            "registering_partners": partners_registering_for(request.user, workshop),
            "take_homes": take_homes_visible(workshop=workshop, participant=participant),
            "take_homes_to_write": take_homes_to_write(
                workshop=workshop, user=request.user, at=now
            ),
        },
    )


@require_safe
def workshops_feed(request):
    """The public feed of the workshops, which calendar programs subscribe to."""
    content = calendar.workshops_feed(
        workshops_for_feed(),
        url_of=lambda workshop: request.build_absolute_uri(workshop.get_absolute_url()),
    )
    return _ics_download(content, "mile-workshops.ics")


@require_safe
def workshop_ics(request, slug):
    workshop = workshop_public_or_404(slug=slug)
    content = calendar.workshop_calendar(
        workshop, url=request.build_absolute_uri(workshop.get_absolute_url())
    )
    return _ics_download(content, f"{workshop.slug}.ics")


@require_safe
def session_ics(request, slug, pk):
    workshop = workshop_public_or_404(slug=slug)
    session = get_object_or_404(workshop.sessions, pk=pk)
    url = request.build_absolute_uri(f"{workshop.get_absolute_url()}#session-{session.pk}")
    content = calendar.session_calendar(session, url=url)
    return _ics_download(content, f"{workshop.slug}-session-{session.pk}.ics")


def _ics_download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
