from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal import auth as totp_auth
from django import forms

from sanad.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]


class PendingTOTPForm(ActivateTOTPForm):
    """allauth's enrolment form, keeping one pending secret per enrolment: allauth draws a
    new one on every GET, so any other page load (the browser's favicon, a second tab) made
    the QR code already scanned fail with "incorrect code". The secret is dropped once the
    authenticator is confirmed (allauth) or with the session."""

    def __init__(self, *args, **kwargs):
        forms.Form.__init__(self, *args, **{k: v for k, v in kwargs.items() if k != "user"})
        self.user = kwargs["user"]
        self.secret = totp_auth.get_totp_secret(regenerate=False)
