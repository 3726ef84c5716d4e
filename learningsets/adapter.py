from accounts.adapter import AccountAdapter
from accounts.languages import reader_language
from learningsets.selectors import partner_of_account
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

    def email_language(self, user) -> str:
        # Until the account chooses a language, its partner's, as every e-mail to a person.
        partner = partner_of_account(user=user) if user is not None else None
        return reader_language(user, partner_language=partner.language if partner else "")
