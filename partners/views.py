from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from learningsets.selectors import (
    learning_sets_of_partner,
    learning_sets_to_manage,
    local_support_group,
)
from partners.forms import PartnerSearch
from partners.permissions import manages_partner
from partners.selectors import partner_managed_by_or_404, partner_rows, partners_with_sisters
from workshops.selectors import workshops_for_partner_with_delegates

PARTNERS_PER_PAGE = 50


@require_safe
def partner_list(request):
    search_form = PartnerSearch(request.GET)
    # get_page() answers a missing or malformed page with the first and too high with the last.
    page = Paginator(partner_rows(search=search_form.search), PARTNERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "partners/partner_list.html", {"search_form": search_form, "page": page})


@require_safe
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


@require_safe
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
