from functools import partial

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learningsets import invitations, permissions, services
from learningsets.forms import MemberForm
from learningsets.models import LearningSet, Member, SubTheme
from learningsets.permissions import can_see_member_contacts
from learningsets.selectors import (
    learning_sets_of_sub_theme,
    meetings_of,
    member_of_partner_or_404,
    public_learning_log,
)
from partners.selectors import partner_managed_by_or_404

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
            "public_log": public_learning_log(learning_set=learning_set),
            "zone": learning_set.partner.zone,
            **_meetings_for(request.user, learning_set),
        },
    )


def _meetings_for(user, learning_set) -> dict:
    """The set's meetings, for its people and the team with the admin's permission to read
    them; nothing for anybody else."""
    if not permissions.may_meet(user, permissions.READ_MEETINGS, learning_set=learning_set):
        return {}
    return {
        "meetings": meetings_of(learning_set=learning_set),
        "can_record": permissions.may_meet(
            user, permissions.RECORD_MEETINGS, learning_set=learning_set
        ),
        "shows_meetings": True,
    }


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
            added = _("{name} was added to {learning_set}.")
            messages.success(
                request, added.format(name=member.name, learning_set=member.learning_set.name)
            )
            return redirect("partners:manage", slug=partner.slug)
    return render(
        request,
        "learningsets/member_form.html",
        {"partner": partner, "form": form, "title": _("Add a member")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, slug, pk):
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    member = member_of_partner_or_404(partner=partner, pk=pk)
    title = _("Edit {name}").format(name=member.name)
    form = MemberForm(_posted(request), partner=partner, instance=member)
    if request.method == "POST" and form.is_valid():
        saved = _save_member(form, partial(services.member_update, member=member))
        if saved:
            messages.success(
                request, _("The details of {name} were saved.").format(name=saved.name)
            )
            return redirect("partners:manage", slug=partner.slug)
    return render(
        request,
        "learningsets/member_form.html",
        {"partner": partner, "form": form, "member": member, "title": title},
    )


@login_required
@require_POST
def member_invite(request, slug, pk):
    """The partner contact e-mails a member a link to create their account."""
    partner = partner_managed_by_or_404(user=request.user, slug=slug)
    member = member_of_partner_or_404(partner=partner, pk=pk)
    try:
        invitations.account_invitation_send(member=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        invited = _("{name} will get an e-mail to create their account.")
        messages.success(request, invited.format(name=member.name))
    return redirect("partners:manage", slug=partner.slug)


@require_http_methods(["GET", "POST"])
def account_invitation(request, token):
    """An ALS member opens their account invitation; POST uses it and opens the signup form.

    GET only shows the page: mail scanners that open links must not use up the invitation.
    """
    invitation, problem = invitations.account_invitation_for_use(token)
    if invitation is None or problem:
        return render(
            request,
            "workshops/invitation_problem.html",
            {"problem": problem},
            status=404 if invitation is None else 410,
        )
    if request.method == "GET":
        return render(request, "account/invitation.html", {"member": invitation.member})
    try:
        invitation = invitations.account_invitation_use(token=token)
    except ValidationError as error:
        return render(
            request,
            "workshops/invitation_problem.html",
            {"problem": " ".join(error.messages)},
            status=409,
        )
    if get_user_model().objects.filter(email__iexact=invitation.email).exists():
        messages.info(request, _("You already have an account: log in with your e-mail address."))
        return redirect("account_login")
    # Only the address the link was sent to is proven, whatever the member's address is now.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect("account_signup")
