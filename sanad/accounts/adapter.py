"""django-allauth adapter: no open sign-up; people join Sanad through an invitation."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False
