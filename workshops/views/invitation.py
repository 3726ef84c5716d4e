from allauth.account.adapter import get_adapter
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workshops import invitations


def _problem_page(request, problem: str, status: int):
    return render(request, "workshops/invitation_problem.html", {"problem": problem}, status=status)


@require_http_methods(["GET", "POST"])
def invitation_answer(request, token):
    """A delegate confirms or declines from the e-mail's link, without logging in.

    GET only shows the question: mail scanners that open links must not use up the invitation.
    """
    invitation, problem = invitations.invitation_for_answer(token)
    if invitation is None:
        return _problem_page(request, problem, status=404)
    if problem:
        return _problem_page(request, problem, status=410)
    if request.method == "GET":
        return render(request, "workshops/invitation_answer.html", {"invitation": invitation})
    answer = request.POST.get("answer")
    if answer not in ("confirm", "decline"):
        return render(
            request,
            "workshops/invitation_answer.html",
            {"invitation": invitation, "error": _("Choose Confirm or Decline.")},
            status=400,
        )
    try:
        registration = invitations.invitation_answer(token=token, confirm=answer == "confirm")
    except ValidationError as error:
        return _problem_page(request, " ".join(error.messages), status=409)
    has_account = get_user_model().objects.filter(email__iexact=invitation.email)
    if not has_account.exists():
        # The invitation proved the address it was sent to (which the answer checked is still
        # the delegate's): allauth's signup may use that address, already verified.
        get_adapter(request).stash_verified_email(request, invitation.email)
    return render(
        request,
        "workshops/invitation_answered.html",
        {"registration": registration, "offer_account": not has_account.exists()},
    )
