"""A partner contact removes a member of the partner's learning sets.

A member on record as a workshop delegate is never deleted: the page shows their delegacies,
sends them to withdraw or replace a place still held, and can then make them a former member.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from learningsets import services as learning_set_services
from learningsets.models import Member
from learningsets.selectors import member_of_partner_or_404
from partners.selectors import partner_managed_by_or_404
from workshops import rules, services
from workshops.selectors import delegacies_of_member


def _delegacies(member: Member) -> tuple[list, list]:
    """The member's registrations, and those that still hold a place at a workshop ahead
    (each with `open`: whether the partner may withdraw or replace them now)."""
    delegacies = delegacies_of_member(member=member)
    today = timezone.localdate()
    ahead = [r for r in delegacies if rules.holds_a_place_ahead(r, today)]
    for registration in ahead:
        registration.open = registration.workshop.is_registration_open()
    return delegacies, ahead


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    """Remove a member; one on record as a delegate can only become a former member."""
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    member = member_of_partner_or_404(partner=partner, pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("keep") == "former":
                services.member_leave(member=member)
                done = _("%(name)s is now a former member of %(learning_set)s.")
            else:
                learning_set_services.member_remove(member=member)
                done = _("%(name)s was removed from %(learning_set)s.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            names = {"name": member.name, "learning_set": member.learning_set.name}
            messages.success(request, done % names)
            return redirect("partners:manage", slug=partner.slug)
    delegacies, ahead = _delegacies(member)
    return render(
        request,
        "workshops/member_confirm_remove.html",
        {"partner": partner, "member": member, "delegacies": delegacies, "ahead": ahead},
    )
