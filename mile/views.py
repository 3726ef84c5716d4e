from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.team import is_management
from learningsets.selectors import learning_sets_of_member, sub_themes_with_counts
from partners.models import Partner
from partners.permissions import LOOK_AFTER_EVERY_PARTNER
from partners.selectors import partner_rows, partners_managed_by
from proposals.permissions import reads_every_proposal
from workshops.rules import registration_state
from workshops.selectors import workshops_upcoming_and_past

HOME_WORKSHOPS = 3
HOME_PARTNERS = 12  # a network's pairs; a longer list is on the partners page


@require_safe
def home(request):
    upcoming, _ = workshops_upcoming_and_past()
    now = timezone.now()
    return render(
        request,
        "home.html",
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
        "dashboard.html",
        {
            "is_management": reads_every_proposal(user),
            "managed_partners": managed,
            "my_learning_sets": learning_sets_of_member(user=user),
        },
    )
