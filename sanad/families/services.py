"""Writes on family work, each audited in its transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.audit.services import diff, record
from sanad.beneficiaries.models import ConsentKind
from sanad.families.models import AwarenessSession, FamilyContact
from sanad.lib.concurrency import save_if_unchanged


def may_contact(relative) -> bool:
    """A relative may be contacted only if they agreed and the beneficiary's consent to
    contact with relatives is active (and the record is not restricted)."""
    beneficiary = relative.beneficiary
    return (
        relative.may_be_contacted
        and not beneficiary.processing_restricted
        and beneficiary.consents.filter(
            kind=ConsentKind.FAMILY_CONTACT, withdrawn_on__isnull=True
        ).exists()
    )


@transaction.atomic
def record_contact(*, actor, organisation, relative, values: dict) -> FamilyContact:
    """Record a contact with a beneficiary's relative; refused without both consents.
    Audited as `family.contact_recorded`."""
    if not may_contact(relative):
        raise ValidationError(
            _(
                "This relative may not be contacted: the person's consent to contact with "
                "relatives, or the relative's agreement, is missing."
            )
        )
    contact = FamilyContact.objects.create(
        organisation=organisation,
        beneficiary=relative.beneficiary,
        relative=relative,
        created_by=actor,
        **values,
    )
    record(
        actor=actor,
        action="family.contact_recorded",
        target=contact.beneficiary,
        organisation=organisation,
        label=str(contact),
        changes={"kind": [None, contact.kind]},
    )
    return contact


@transaction.atomic
def update_contact(*, actor, contact: FamilyContact, values: dict, expected_version: int):
    """Save an edit of a contact started at `expected_version` (EditConflict if someone
    saved in between). Audited as `family.contact_updated` with the changed fields."""
    changes = diff(contact, values)
    save_if_unchanged(contact, expected_version=expected_version, values=values)
    record(
        actor=actor,
        action="family.contact_updated",
        target=contact.beneficiary,
        organisation=contact.organisation,
        label=str(contact),
        changes=changes,
    )
    return contact


@transaction.atomic
def save_session(
    *, actor, organisation, session: AwarenessSession | None, values: dict, families
) -> AwarenessSession:
    """Create or update an awareness session. Audited as `family.session_saved`."""
    session = session or AwarenessSession(organisation=organisation, created_by=actor)
    for field, value in values.items():
        setattr(session, field, value)
    session.save()
    session.families.set(families)
    record(
        actor=actor,
        action="family.session_saved",
        target=session,
        organisation=session.organisation,
        label=str(session),
        changes={"attendance": [None, session.attendance]},
    )
    return session
