from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by a practice administrator, never by sign-up."""

    def is_open_for_signup(self, request):
        return False
