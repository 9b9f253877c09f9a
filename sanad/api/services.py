"""Tokens: created (the secret shown once), used, revoked; submissions: received from a
program or a form server (quarantined when unreadable, read again once fixed), then
confirmed through the visits service by a CSO's worker, or discarded. Every change is
audited."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.api import xlsform
from sanad.api.models import ApiToken, Submission
from sanad.audit.services import record
from sanad.beneficiaries.models import Beneficiary
from sanad.network.access import roles
from sanad.visits import services as visits

PREFIX = "sanad_"
MAX_DAYS = 365
# A token's last use is written at most this often: a busy integration must not write a row
# on every request.
LAST_USED_EVERY = timedelta(minutes=5)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def needs_second_factor(user) -> bool:
    return bool(roles(user) & set(settings.SANAD_MFA_REQUIRED_ROLES))


@transaction.atomic
def create_token(*, actor, values: dict, mfa_verified: bool) -> tuple[ApiToken, str]:
    """A new token for `actor` and its secret (never stored, shown once). Refused to a role
    that must use a second factor unless this sign-in used it. Audited as `api_token.created`."""
    if needs_second_factor(actor) and not mfa_verified:
        raise ValidationError(
            _("Your role uses a second factor: sign in again with it to create a token.")
        )
    if values["expires_on"] > timezone.localdate() + timedelta(days=MAX_DAYS):
        raise ValidationError(_("A token lasts a year at most."))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        digest=digest(secret),
        prefix=secret[: len(PREFIX) + 4],
        mfa_verified=mfa_verified,
        **values,
    )
    changes = {"access": [None, token.access], "expires_on": [None, str(token.expires_on)]}
    record(actor=actor, action="api_token.created", target=token, label=token.name,
           changes=changes)  # fmt: skip
    return token, secret


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> None:
    """Revoke `token` at once (idempotent). Audited as `api_token.revoked`."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="api_token.revoked", target=token, label=token.name)


def token_for(secret: str) -> ApiToken | None:
    """The usable token whose secret this is (None if unknown, expired, revoked, or of a
    person whose role now requires a second factor it was not created with)."""
    if not secret.startswith(PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(digest=digest(secret)).first()
    if token is None or (needs_second_factor(token.user) and not token.mfa_verified):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def receive_visit_report(*, actor, token, organisation, data: dict) -> Submission:
    """Keep a visit report a program sent, for a worker of `organisation` to review.
    Audited as `submission.received`."""
    submission = Submission.objects.create(
        organisation=organisation, sent_by=actor, token=token, data=data
    )
    record(actor=actor, action="submission.received", target=submission,
           organisation=organisation)  # fmt: skip
    return submission


@transaction.atomic
def receive_form_submission(*, actor, token, organisation, payload) -> tuple[Submission, bool]:
    """Keep a KoboToolbox or ODK submission (and whether it is new: a retried delivery is
    kept once). One that does not read as Sanad's form is quarantined with the reason.
    Audited as `submission.received` or `submission.quarantined`."""
    payload = storable(payload)
    external_id = xlsform.delivery_id(payload) if isinstance(payload, dict) else ""
    if external_id:
        kept = Submission.objects.filter(organisation=organisation, external_id=external_id)
        if kept.exists():
            return kept.get(), False
    submission = Submission(organisation=organisation, sent_by=actor, token=token,
                            source=Submission.Source.KOBO, external_id=external_id,
                            payload=payload)  # fmt: skip
    _read(actor, submission)
    submission.save()
    record(actor=actor, action=f"submission.{_received(submission)}", target=submission,
           organisation=organisation, changes=_why(submission))  # fmt: skip
    return submission, True


@transaction.atomic
def replay_submission(*, actor, submission: Submission) -> Submission:
    """Read a quarantined submission again, as it was sent (after the form was fixed).
    Audited as `submission.replayed`."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != Submission.State.QUARANTINED:
        raise ValidationError(_("Only a quarantined submission is read again."))
    _read(actor, submission)
    submission.save(update_fields=["state", "reason", "data", "unmatched"])
    record(actor=actor, action="submission.replayed", target=submission,
           organisation=submission.organisation, changes=_why(submission))  # fmt: skip
    return submission


def storable(value):
    """`value` (parsed JSON) with each NUL character, which PostgreSQL cannot keep in a JSON
    column, replaced by U+FFFD: kept visibly rather than refused or dropped."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    return value


def _read(actor, submission):
    # Only people this CSO follows: a sender in two organisations never names, in one
    # organisation's submission, a person only the other follows.
    people = Beneficiary.objects.for_work_of(actor, "visit.report", submission.organisation)
    try:
        submission.data, submission.unmatched = xlsform.read(submission.payload, people)
    except xlsform.Unreadable as error:
        submission.state, submission.reason = Submission.State.QUARANTINED, str(error)
    else:
        submission.state, submission.reason = Submission.State.TO_REVIEW, ""


def _received(submission):
    return "quarantined" if submission.state == Submission.State.QUARANTINED else "received"


def _why(submission):
    return {"reason": [None, submission.reason]} if submission.reason else {}


@transaction.atomic
def confirm_submission(*, actor, submission: Submission, report: dict) -> Submission:
    """Record the reviewed report through the visits service (`report`: submit_report's
    arguments) and mark the submission confirmed, once. Audited as `submission.confirmed`."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != Submission.State.TO_REVIEW:
        raise ValidationError(_("This submission was already reviewed."))
    visit = visits.submit_report(
        actor=actor, organisation=submission.organisation, visit=None, draft_key="", **report
    )
    _reviewed(actor, submission, Submission.State.CONFIRMED, visit=visit)
    return submission


@transaction.atomic
def discard_submission(*, actor, submission: Submission) -> None:
    """Set a submission aside without recording anything. Audited as `submission.discarded`."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state not in (Submission.State.TO_REVIEW, Submission.State.QUARANTINED):
        raise ValidationError(_("This submission was already reviewed."))
    _reviewed(actor, submission, Submission.State.DISCARDED)


def _reviewed(actor, submission, state, visit=None):
    submission.state, submission.visit = state, visit
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.save(update_fields=["state", "visit", "reviewed_by", "reviewed_at"])
    record(actor=actor, action=f"submission.{state}", target=submission,
           organisation=submission.organisation)  # fmt: skip
