from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learningsets import invitations, services
from learningsets.forms import MemberForm
from learningsets.models import LearningSet, Member, SubTheme
from learningsets.permissions import can_see_member_contacts
from learningsets.selectors import learning_sets_of_sub_theme
from partners.selectors import partner_managed_by_or_404
from workshops import rules as workshop_rules
from workshops import services as workshop_services
from workshops.selectors import delegacies_of_member

LEARNING_SETS_PER_PAGE = 50


@require_safe
def learning_set_detail(request, pk):
    learning_set = get_object_or_404(
        LearningSet.objects.select_related("partner", "sub_theme"), pk=pk
    )
    members = learning_set.members.current().order_by("actor_type", "name")
    by_actor_type = [
        (label, [m for m in members if m.actor_type == value])
        for value, label in Member.ActorType.choices
    ]
    return render(
        request,
        "learningsets/learningset_detail.html",
        {
            "learning_set": learning_set,
            "members_by_actor_type": [(label, group) for label, group in by_actor_type if group],
            "member_count": len(members),
            "show_contacts": can_see_member_contacts(user=request.user, learning_set=learning_set),
        },
    )


@require_safe
def sub_theme_detail(request, slug):
    sub_theme = get_object_or_404(SubTheme, slug=slug)
    # get_page() answers a missing or malformed page with the first and too high with the last.
    learning_sets = Paginator(
        learning_sets_of_sub_theme(sub_theme=sub_theme), LEARNING_SETS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "learningsets/subtheme_detail.html",
        {"sub_theme": sub_theme, "learning_sets": learning_sets},
    )


def _member_of_partner_or_404(partner, pk) -> Member:
    return get_object_or_404(
        Member.objects.select_related("learning_set__sub_theme", "learning_set__partner"),
        pk=pk,
        learning_set__partner=partner,
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


def _save_member(form, save):
    """Run the service; a rule it enforces becomes a form error, and the input is kept."""
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, slug):
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    initial = {"learning_set": request.GET.get("learning_set")}
    form = MemberForm(_posted(request), partner=partner, initial=initial)
    if request.method == "POST" and form.is_valid():
        member = _save_member(form, services.member_create)
        if member:
            messages.success(request, f"{member.name} was added to {member.learning_set.name}.")
            return redirect("partners:manage", slug=partner.slug)
    return render(
        request,
        "learningsets/member_form.html",
        {"partner": partner, "form": form, "title": "Add a member"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, pk):
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    member = _member_of_partner_or_404(partner, pk)
    title = f"Edit {member.name}"
    form = MemberForm(_posted(request), partner=partner, instance=member)
    if request.method == "POST" and form.is_valid():
        saved = _save_member(form, partial(services.member_update, member=member))
        if saved:
            messages.success(request, f"The details of {saved.name} were saved.")
            return redirect("partners:manage", slug=partner.slug)
    return render(
        request,
        "learningsets/member_form.html",
        {"partner": partner, "form": form, "member": member, "title": title},
    )


def _delegacies(member: Member) -> tuple[list, list]:
    """The member's registrations, and those that still hold a place at a workshop ahead
    (each with `open`: whether the partner may withdraw or replace them now)."""
    delegacies = delegacies_of_member(member=member)
    today = timezone.localdate()
    ahead = [r for r in delegacies if workshop_rules.holds_a_place_ahead(r, today)]
    for registration in ahead:
        registration.open = registration.workshop.is_registration_open()
    return delegacies, ahead


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    """Remove a member; one on record as a delegate can only become a former member."""
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    member = _member_of_partner_or_404(partner, pk)
    if request.method == "POST":
        try:
            if request.POST.get("keep") == "former":
                workshop_services.member_leave(member=member)
                done = f"{member.name} is now a former member of {member.learning_set.name}."
            else:
                services.member_remove(member=member)
                done = f"{member.name} was removed from {member.learning_set.name}."
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
            return redirect("partners:manage", slug=partner.slug)
    delegacies, ahead = _delegacies(member)
    return render(
        request,
        "learningsets/member_confirm_remove.html",
        {"partner": partner, "member": member, "delegacies": delegacies, "ahead": ahead},
    )


@login_required
@require_POST
def member_invite(request, slug, pk):
    """The partner contact e-mails a member a link to create their account."""
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    member = _member_of_partner_or_404(partner, pk)
    try:
        invitations.account_invitation_send(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.name} will get an e-mail to create their account.")
    return redirect("partners:manage", slug=partner.slug)
