"""The public library of approved proposals: the good-practice catalogue MILE aims for."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from proposals.selectors import proposals_public

PER_PAGE = 20


@require_GET
def proposal_library(request):
    # get_page() answers a missing or malformed page with the first and too high with the last.
    page = Paginator(proposals_public(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "proposals/proposal_library.html", {"page": page})
