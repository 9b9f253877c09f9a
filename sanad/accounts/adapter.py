"""django-allauth adapter: no open sign-up; people join Sanad through an invitation."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins counted per account *and* address (allauth counts per account):
        someone elsewhere guessing a coordinator's password must not lock her out."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def add_message(self, request, level, message_template=None, message_context=None,
                    extra_tags="", message=None):  # fmt: skip
        """allauth's messages in the language Sanad will show next: the signed-in person's
        own, not the browser's ("Successfully signed in" came in English)."""
        language = getattr(request.user, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            super().add_message(request, level, message_template, message_context, extra_tags,
                                message)  # fmt: skip
