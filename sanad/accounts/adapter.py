"""django-allauth adapter: no open sign-up; people join Sanad through an invitation."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins counted per account *and* address (allauth counts per account):
        someone elsewhere guessing a coordinator's password must not lock her out."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"
