from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.emails import account_email_queue
from accounts.languages import language_cookie_set, language_offered
from accounts.login_limits import LoginLimits

VERIFIED_EMAIL = "account_verified_email"  # where allauth keeps a stashed, verified address


class AccountAdapter(LoginLimits, DefaultAccountAdapter):
    """MILE accounts are created by invitation only.

    Signup is open to a browser that has just followed a personal link (a workshop invitation
    or an account invitation): the link proved the address it was sent to, which allauth then
    counts as verified. Everybody else is told that signup is by invitation.
    """

    def _invited_email(self) -> str:
        request = getattr(self, "request", None)
        return (request.session.get(VERIFIED_EMAIL) or "") if request else ""

    def is_open_for_signup(self, request):
        return bool(request.session.get(VERIFIED_EMAIL))

    def clean_email(self, email):
        email = super().clean_email(email)
        invited = self._invited_email()
        if invited and email.lower() != invited.lower():
            raise forms.ValidationError(
                _(
                    "Use the address your invitation was sent to: %(address)s. To use another "
                    "address, ask the MILE management team."
                ),
                params={"address": invited},
            )
        return email

    def post_login(self, request, user, **kwargs):
        # The account's language follows its owner to this device: the login's message is
        # written in it, and the cookie keeps it for the pages that follow. An account with no
        # language yet keeps the one chosen in the menu before logging in.
        language = language_offered(user.language)
        chosen = language_offered(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
        if not language and chosen:
            user.language = language = chosen
            user.save(update_fields=["language"])
        if language:
            translation.activate(language)
        response = super().post_login(request, user, **kwargs)
        if language:
            language_cookie_set(response, language=language)
        return response

    def send_mail(self, template_prefix, email, context):
        # Through the outbox, like every e-mail: a mail server that is down delays it and
        # answers no page with an error; its key is made only when it is sent.
        account_email_queue(template_prefix=template_prefix, to=email, context=context)
