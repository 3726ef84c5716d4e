from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from learningsets import invitations


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
        messages.info(request, "You already have an account: log in with your e-mail address.")
        return redirect("account_login")
    # Only the address the link was sent to is proven, whatever the member's address is now.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect("account_signup")
