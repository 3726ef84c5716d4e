from accounts.adapter import AccountAdapter
from learningsets.services import members_link_account


class MemberAccountAdapter(AccountAdapter):
    """Accounts as accounts.adapter makes them, linked on signup to the learning-set
    memberships of their address (ACCOUNT_ADAPTER): accounts knows no learning set."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        # Memberships follow an address only once its owner proved it: here, by the link.
        if commit and self.is_email_verified(request, user.email):
            members_link_account(user=user)
        return user
