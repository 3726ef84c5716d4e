from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from learningsets.selectors import (
    learning_sets_of_partner,
    learning_sets_to_manage,
    local_support_group,
)
from partners.permissions import manages_partner
from partners.selectors import partner_managed_by_or_404, partners_with_sisters
from workshops.selectors import workshops_for_partner_with_delegates


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
            "workshops": workshops_for_partner_with_delegates(partner=partner),
            "learning_sets": learning_sets_to_manage(partner=partner),
        },
    )
