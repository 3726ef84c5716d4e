from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """MILE accounts are created by invitation only; the open signup form stays closed."""

    def is_open_for_signup(self, request):
        return False
