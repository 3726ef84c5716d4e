"""The pages that show several apps at once: the home page, *My MILE*, the partners directory,
*My partner* and the privacy notice. The domain apps below keep to their own rows; these pages
join them."""

from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.team import is_management
from learningsets.selectors import (
    learning_sets_of_member,
    learning_sets_of_partner,
    learning_sets_to_manage,
    local_support_group,
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
from portal.forms import PartnerSearch
from proposals.permissions import reads_every_proposal
from proposals.selectors import proposals_with_deadlines_of
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
            "deadlines": proposals_with_deadlines_of(user=user),
        },
    )


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
        },
    )


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
