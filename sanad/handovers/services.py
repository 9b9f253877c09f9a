"""Proposals between CSOs to follow a person instead of, or with, the proposing CSO; each
step audited, the receiving CSO told in its members' languages."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from sanad.audit.services import record
from sanad.beneficiaries.models import Beneficiary, ConsentKind
from sanad.beneficiaries.services import share_with
from sanad.handovers.models import Handover
from sanad.network.roles import CAPABILITIES
from sanad.network.services import notify

PROPOSED = gettext_lazy("%(organisation)s proposes that you follow a person (%(initials)s).")
CHASED = ngettext_lazy(
    "A proposal from %(organisation)s has waited %(days)s day for your answer.",
    "A proposal from %(organisation)s has waited %(days)s days for your answer.",
    "days",
)
ACCEPTED = gettext_lazy("%(organisation)s accepted your proposal (%(initials)s).")
REFUSED = gettext_lazy("%(organisation)s refused your proposal (%(initials)s).")


def has_sharing_consent(beneficiary: Beneficiary) -> bool:
    """Whether the person's consent on file covers sharing with another CSO."""
    return beneficiary.consents.filter(kind=ConsentKind.SHARING, withdrawn_on__isnull=True).exists()


def initials(beneficiary: Beneficiary) -> str:
    """What the receiving CSO learns of the person's name before it accepts."""
    names = [
        beneficiary.first_name_latin or beneficiary.first_name_ar,
        beneficiary.last_name_latin or beneficiary.last_name_ar,
    ]
    return " ".join(f"{name.strip()[0]}." for name in names if name and name.strip())


@transaction.atomic
def propose(*, actor, beneficiary: Beneficiary, from_organisation, values: dict) -> Handover:
    """Propose to `values["to_organisation"]` a handover or a shared follow-up of a person
    `from_organisation` follows; refused without a consent to sharing. Audited as
    `handover.proposed`; the receiving CSO's members are told."""
    if not has_sharing_consent(beneficiary):
        raise ValidationError(
            _("Record the person's consent to sharing with another CSO before proposing.")
        )
    try:
        with transaction.atomic():
            handover = Handover.objects.create(
                beneficiary=beneficiary,
                from_organisation=from_organisation,
                proposed_by=actor,
                **values,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("A proposal to this organisation about this person is already waiting.")
        ) from error
    _audit(
        actor,
        "handover.proposed",
        handover,
        {"to_organisation": [None, str(handover.to_organisation)]},
    )
    notify(
        users=_answerers(handover.to_organisation),
        message=PROPOSED,
        params={"organisation": from_organisation, "initials": initials(beneficiary)},
        link=reverse("handovers:handover_detail", args=[handover.code]),
        email_template="handovers/email/proposed",
        context={"organisation": from_organisation, "kind": handover.kind},
    )
    return handover


@transaction.atomic
def accept(*, actor, handover: Handover) -> None:
    """The receiving CSO follows the person (instead of the proposer for a handover).
    Audited as `handover.accepted` (and the sharing as `beneficiary.transferred`/`shared`)."""
    handover = _waiting(handover)
    share_with(
        actor=actor,
        beneficiary=handover.beneficiary,
        organisation=handover.to_organisation,
        transfer=handover.kind == Handover.Kind.TRANSFER,
    )
    _answer(actor, handover, Handover.State.ACCEPTED, "")


@transaction.atomic
def refuse(*, actor, handover: Handover, answer: str) -> None:
    """Refuse with a reason the proposer reads. Audited as `handover.refused`."""
    if not answer.strip():
        raise ValidationError(_("Say why the proposal is refused."))
    _answer(actor, _waiting(handover), Handover.State.REFUSED, answer.strip())


@transaction.atomic
def withdraw(*, actor, handover: Handover) -> None:
    """The proposer takes back a proposal still waiting. Audited as `handover.withdrawn`."""
    _answer(actor, _waiting(handover), Handover.State.WITHDRAWN, "")


@transaction.atomic
def chase(*, today=None) -> int:
    """Remind the receiving CSOs of proposals unanswered for SANAD_HANDOVER_CHASE_DAYS, once
    per that many days. Returns how many were chased; each audited as `handover.chased`."""
    today = today or timezone.localdate()
    days = settings.SANAD_HANDOVER_CHASE_DAYS
    due = today - timedelta(days=days)
    waiting = Handover.objects.filter(
        state=Handover.State.PROPOSED, proposed_at__date__lte=due
    ).exclude(chased_on__gt=due)
    chased, answerers = 0, {}
    for handover in waiting.select_related("from_organisation", "to_organisation"):
        receiver = handover.to_organisation
        if receiver.pk not in answerers:  # one read of each receiving CSO's members
            answerers[receiver.pk] = list(_answerers(receiver))
        waited = (today - timezone.localtime(handover.proposed_at).date()).days
        notify(
            users=answerers[receiver.pk],
            message=CHASED,
            params={"organisation": handover.from_organisation, "days": waited},
            link=reverse("handovers:handover_detail", args=[handover.code]),
            email_template="handovers/email/chased",
            context={"organisation": handover.from_organisation, "days": waited},
        )
        handover.chased_on = today
        handover.save(update_fields=["chased_on"])
        _audit(None, "handover.chased", handover, {"chased_on": [None, str(today)]})
        chased += 1
    return chased


def record_view(*, actor, handover: Handover) -> None:
    """Audit that `actor` read a proposal's summary, in the proposing CSO's log and in the
    person's access history (`handover.viewed`)."""
    record(
        actor=actor,
        action="handover.viewed",
        target=handover,
        organisation=handover.from_organisation,
        label=str(handover),
        subjects=[str(handover.beneficiary.code)],
    )


def _waiting(handover: Handover) -> Handover:
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if locked.state != Handover.State.PROPOSED:
        raise ValidationError(_("This proposal has already been answered or withdrawn."))
    return locked


def _answer(actor, handover: Handover, state: str, answer: str) -> None:
    before = handover.state
    handover.state, handover.answer = state, answer
    handover.answered_by, handover.answered_at = actor, timezone.now()
    handover.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    _audit(actor, f"handover.{state}", handover, {"state": [before, state]})
    # The proposer is told while they still answer for the proposing CSO.
    proposer = _answerers(handover.from_organisation).filter(pk=handover.proposed_by_id)
    if state != Handover.State.WITHDRAWN:
        accepted = state == Handover.State.ACCEPTED
        receiver = handover.to_organisation  # named in each reader's language
        notify(
            users=proposer,
            message=ACCEPTED if accepted else REFUSED,
            params={"organisation": receiver, "initials": initials(handover.beneficiary)},
            link=reverse("handovers:handover_detail", args=[handover.code]),
            email_template="handovers/email/answered",
            context={"organisation": receiver, "accepted": accepted},
        )


def _answerers(organisation):
    roles = [role for role, granted in CAPABILITIES.items() if "handover.answer" in granted]
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=roles,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
    )


def _audit(actor, action, handover: Handover, changes: dict) -> None:
    for organisation in (handover.from_organisation, handover.to_organisation):
        record(
            actor=actor,
            action=action,
            target=handover,
            organisation=organisation,
            label=str(handover),
            changes=changes,
        )
