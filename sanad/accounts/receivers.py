"""Audit of sign-in events, and the session's note that its person is enrolled in a second
factor, dropped when an authenticator is removed. Django and allauth announce these only
through signals, so this is the one place Sanad listens to signals; domain logic never does."""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sanad.accounts.middleware import MFA_ENROLLED_KEY
from sanad.audit.services import record


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record(actor=user, action="auth.login", target=user, label=user.email)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(actor=user, action="auth.logout", target=user, label=user.email)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The address typed is kept (it tells an admin which account is being attacked); the
    # password never is.
    typed = str(credentials.get("email") or credentials.get("username") or "")
    record(actor=None, action="auth.login_failed", label=typed[:254])


@receiver(password_changed)
def audit_password_changed(sender, request, user, **kwargs):
    record(actor=user, action="auth.password_changed", target=user, label=user.email)


@receiver(password_reset)
def audit_password_reset(sender, request, user, **kwargs):
    record(actor=user, action="auth.password_reset", target=user, label=user.email)


@receiver(authenticator_added)
def audit_mfa_added(sender, request, user, authenticator, **kwargs):
    record(
        actor=user,
        action="mfa.added",
        target=user,
        label=user.email,
        changes={"type": [None, authenticator.type]},
    )


@receiver(authenticator_removed)
def audit_mfa_removed(sender, request, user, authenticator, **kwargs):
    # This session must show again that its person is enrolled (MfaRequiredMiddleware).
    if request is not None:
        request.session.pop(MFA_ENROLLED_KEY, None)
    record(
        actor=user,
        action="mfa.removed",
        target=user,
        label=user.email,
        changes={"type": [authenticator.type, None]},
    )


@receiver(authenticator_reset)
def audit_mfa_reset(sender, request, user, authenticator, **kwargs):
    record(
        actor=user,
        action="mfa.reset",
        target=user,
        label=user.email,
        changes={"type": [authenticator.type, authenticator.type]},
    )
