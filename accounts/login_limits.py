"""How failed logins are counted, so that a stranger who knows an address cannot lock out its
owner, yet guessing spread over many machines still meets a ceiling.

allauth counts failures in the cache with the rates of settings.ACCOUNT_RATE_LIMITS:

- "login_failed", allauth's own, per client IP address ("…/ip") and per key ("…/key"). Its key
  is the e-mail address *and* the client's IP address: one machine's failures pause logging in
  with that address from that machine only.
- "login_failed_address", per e-mail address whatever the client: the higher ceiling.

A password reset clears both for the account's addresses (allauth clears "login_failed" there).
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_ip
from django.utils.translation import gettext_lazy as _

ADDRESS_CEILING = "login_failed_address"


class LoginLimits:
    """The account adapter's part in counting failed logins (see the module's docstring)."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed attempts to log in with this e-mail address: logging in is paused "
            "for a while to protect the account."
        ),
    }

    def _address_key(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # The key of allauth's "login_failed" rates: the address from this client.
        return f"{self._address_key(request, **credentials)}:{get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        key = self._address_key(request, **credentials)
        if not ratelimit.consume(request, action=ADDRESS_CEILING, key=key, dry_run=True):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        ratelimit.consume(
            request, action=ADDRESS_CEILING, key=self._address_key(request, **credentials)
        )

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # Called by allauth for each of the account's addresses after a password reset.
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request, action=ADDRESS_CEILING, key=self._address_key(request, **credentials)
        )
