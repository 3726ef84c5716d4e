from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from learningsets.selectors import learning_sets_of_partner, local_support_group
from partners.models import Partner
from partners.permissions import manages_partner
from partners.selectors import partner_managed_by_or_404, partners_with_sisters
from workshops import rules
from workshops.models import Registration, Workshop
from workshops.selectors import workshops_for_partner


def partner_detail(request, slug):
    partner = get_object_or_404(partners_with_sisters(), slug=slug)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "learning_sets": learning_sets_of_partner(partner=partner),
            "local_support_group": local_support_group(partner=partner),
            "can_manage": manages_partner(request.user, partner),
        },
    )


@login_required
def partner_manage(request, slug):
    """'My partner': the workshops to send delegates to, and the learning sets and members."""
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    return render(
        request,
        "partners/partner_manage.html",
        {
            "partner": partner,
            "workshops": _workshops_with_delegates(partner),
            "learning_sets": learning_sets_of_partner(partner=partner),
        },
    )


def _workshops_with_delegates(partner: Partner) -> list[Workshop]:
    """The upcoming workshops the partner is invited to, each with its window and delegates."""
    delegates = (
        Registration.objects.filter(partner=partner)
        .exclude(status=Registration.Status.WITHDRAWN)
        .select_related("member")
        .order_by("registered_at", "pk")
    )
    workshops = list(
        workshops_for_partner(partner=partner).prefetch_related(
            Prefetch("registrations", queryset=delegates, to_attr="delegates")
        )
    )
    for workshop in workshops:
        workshop.opens = rules.local_time(workshop, workshop.registration_opens_at)
        workshop.closes = rules.local_time(workshop, workshop.registration_closes_at)
    return workshops
