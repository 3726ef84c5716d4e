"""The pages that show several apps at once: the home page, *My MILE*, the partners directory,
*My partner*, the management team's overview, the privacy notice, and a person's calendar
feed. The domain apps below keep to their own rows; these pages join them."""

from email.utils import parseaddr
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.team import is_management
from learningsets import permissions as set_permissions
from learningsets.models import Member
from learningsets.selectors import (
    actions_open_of_user,
    learning_sets_of_member,
    learning_sets_of_partner,
    learning_sets_to_manage,
    local_support_group,
    meetings_of,
    sub_themes_with_counts,
)
from partners.models import Partner
from partners.permissions import LOOK_AFTER_EVERY_PARTNER, manages_partner
from partners.selectors import (
    partner_managed_by_or_404,
    partner_rows,
    partners_managed_by,
    partners_with_sisters,
)
from portal import services
from portal.calendar import person_calendar
from portal.forms import PartnerSearch
from portal.overview import READS, proposal_figures, set_figures, workshop_figures
from portal.selectors import calendar_feed_by_token_or_404, calendar_feed_of
from proposals.permissions import reads_every_proposal
from proposals.selectors import proposals_with_deadlines_of
from workshops.calendar import webcal
from workshops.rules import registration_state
from workshops.selectors import workshops_for_partner_with_delegates, workshops_upcoming_and_past

HOME_WORKSHOPS = 3
HOME_PARTNERS = 12  # a network's pairs; a longer list is on the partners page
PARTNERS_PER_PAGE = 50


@require_safe
def home(request):
    upcoming, _ = workshops_upcoming_and_past()
    now = timezone.now()
    return render(
        request,
        "portal/home.html",
        {
            "sub_themes": sub_themes_with_counts(),
            "upcoming_workshops": [
                (workshop, registration_state(workshop, now))
                for workshop in upcoming[:HOME_WORKSHOPS]
            ],
            "partners": partner_rows()[:HOME_PARTNERS],
            "partner_count": Partner.objects.count,
        },
    )


@require_safe
@login_required
def dashboard(request):
    user = request.user
    # The team, who looks after every partner, finds them in the directory and the admin.
    every_partner = is_management(user, LOOK_AFTER_EVERY_PARTNER)
    managed = [] if every_partner else partners_managed_by(user=user)
    return render(
        request,
        "portal/dashboard.html",
        {
            "is_management": reads_every_proposal(user),
            "managed_partners": managed,
            "my_learning_sets": learning_sets_of_member(user=user),
            "my_actions": actions_open_of_user(user=user),
            **_feed_addresses(request, calendar_feed_of(user=user)),
            "deadlines": proposals_with_deadlines_of(user=user),
        },
    )


def _feed_addresses(request, feed) -> dict[str, str]:
    """The addresses of the person's feed, to download and to subscribe to (webcal://); none
    until they ask for one."""
    if feed is None:
        return {}
    url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": feed.token()}))
    return {"calendar_feed_url": url, "calendar_feed_webcal": webcal(url)}


@require_safe
@never_cache
def calendar_feed(request, token):
    """A person's calendar, for whoever holds its private link: a calendar program has no
    session to log in with. Kept by no cache between them: it is the person's."""
    feed = calendar_feed_by_token_or_404(token=token)
    content = person_calendar(feed.user, absolute=request.build_absolute_uri)
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


def _from_my_mile(view):
    """A POST of *My MILE*'s: somebody logged out is asked to log in, then back to My MILE
    (not to this address, which only takes a POST)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("dashboard"))
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@_from_my_mile
def calendar_subscribe(request):
    services.calendar_feed_get_or_create(user=request.user)
    return redirect(reverse("dashboard") + "#calendar")


@require_POST
@_from_my_mile
def calendar_renew(request):
    services.calendar_feed_renew(user=request.user)
    messages.success(
        request,
        gettext(
            "The old link to your calendar no longer works. Subscribe to the new one in your "
            "calendar program, and remove the old calendar there."
        ),
    )
    return redirect(reverse("dashboard") + "#calendar")


@require_safe
def partner_list(request):
    search_form = PartnerSearch(request.GET)
    # get_page() answers a missing or malformed page with the first and too high with the last.
    page = Paginator(partner_rows(search=search_form.search), PARTNERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/partner_list.html", {"search_form": search_form, "page": page})


@require_safe
def partner_detail(request, slug):
    partner = get_object_or_404(partners_with_sisters(), slug=slug)
    return render(
        request,
        "portal/partner_detail.html",
        {
            "partner": partner,
            "learning_sets": learning_sets_of_partner(partner=partner),
            "local_support_group": local_support_group(partner=partner),
            "can_manage": manages_partner(request.user, partner),
            **_support_group_meetings(request.user, partner),
        },
    )


def _support_group_meetings(user, partner) -> dict:
    """The Local Support Group's meetings, for its people and the team with the admin's
    permission to read them; nothing for anybody else."""
    if not set_permissions.may_meet(user, set_permissions.READ_MEETINGS, partner=partner):
        return {}
    return {
        "meetings": meetings_of(partner=partner),
        "zone": partner.zone,
        "can_record": set_permissions.may_meet(
            user, set_permissions.RECORD_MEETINGS, partner=partner
        ),
        "shows_meetings": True,
    }


@require_safe
@login_required
def partner_manage(request, slug):
    """'My partner': the workshops to send delegates to, and the learning sets and members."""
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    return render(
        request,
        "portal/partner_manage.html",
        {
            "partner": partner,
            "workshops": workshops_for_partner_with_delegates(partner=partner),
            "learning_sets": learning_sets_to_manage(partner=partner),
        },
    )


@require_safe
@login_required
def team_overview(request):
    """The team's overview: registration, proposals, the sets' activity and their mix."""
    if not is_management(request.user, READS):
        raise Http404("The overview is the MILE management team's.")
    today = timezone.localdate()
    workshops = workshop_figures.workshop_progress(today=today)
    page_number = request.GET.get("page")
    learning_sets = set_figures.learning_sets_page(today=today, page_number=page_number)
    return render(
        request,
        "portal/team_overview.html",
        {
            "workshops": workshops,
            "registration_chart": workshop_figures.registration_chart(workshops["rows"]),
            "parts": workshop_figures.PARTS,
            "proposals": proposal_figures.proposal_counts(),
            "learning_sets": learning_sets,
            "actor_chart": set_figures.actor_mix_chart(learning_sets["rows"]),
            "actor_types": Member.ActorType.choices,
            "totals": set_figures.programme_totals(today=today),
            "activity_days": set_figures.ACTIVITY_DAYS,
        },
    )


@require_safe
def privacy(request):
    """The privacy notice: what is kept, why, for how long, and how to ask for it."""
    _, contact = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return render(
        request,
        "portal/privacy.html",
        {
            "email_days": getattr(settings, "OUTBOX_RETENTION_DAYS", 180),
            "backups_kept": getattr(settings, "BACKUP_KEEP", 14),
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "contact": contact,
        },
    )
