"""The record of processing activities (GDPR art. 30, CNDP authorisation file), built from
Sanad's configuration so that it says what the installation really does."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sanad.privacy.models import RetentionPolicy


@dataclass
class Activity:
    name: str
    purpose: str
    legal_basis: str
    subjects: str
    data: str
    recipients: str
    retention: str
    security: str


def _retention(policies, record_type) -> str:
    policy = policies.get(record_type)
    if policy is None:
        return str(_("No retention period configured: records are kept until one is."))
    return str(
        _(
            "Until the end of the purpose, then anonymised %(days)s days later, after a "
            "coordinator's approval (%(basis)s)."
        )
    ) % {"days": policy.keep_days, "basis": policy.legal_basis}


def activities() -> list[Activity]:
    policies = {p.record_type: p for p in RetentionPolicy.objects.all()}
    mfa = ", ".join(sorted(settings.SANAD_MFA_REQUIRED_ROLES)) or _("none (demonstration)")
    security = _(
        "Access by role and organisation, every read of an identity page and every change "
        "audited; two-factor authentication required for: %(roles)s; sessions end after "
        "%(minutes)s minutes of inactivity; encrypted backups (%(backup)s)."
    ) % {
        "roles": mfa,
        "minutes": settings.SESSION_COOKIE_AGE // 60,
        "backup": _("key configured") if settings.SANAD_BACKUP_KEY else _("key NOT configured"),
    }
    return [
        Activity(
            _("Legal assistance and follow-up of detainees with specific needs"),
            _(
                "Identify detainees with specific needs, get them a lawyer and legal remedies on "
                "time, follow them through visits and support their families."
            ),
            _(
                "Consent of the person (or legal representative of a minor), recorded with its "
                "date and language; vital interests for urgent observations."
            ),
            _("Detainees followed by the network; their relatives."),
            _(
                "Identity, nationality, languages, identity document, specific needs including "
                "health and disability, placements, legal status, judicial data, visit reports."
            ),
            _(
                "The following partner CSO, the coordinating NGO, the assigned lawyer (case data "
                "only); the authorities when a complaint is referred, without the complainant's "
                "identity unless agreed."
            ),
            _retention(policies, "beneficiary"),
            security,
        ),
        Activity(
            _("Complaints (doléances)"),
            _("Receive, refer and follow complaints of detainees and families."),
            _("Consent of the complainant; anonymous complaints keep no identity."),
            _("Complainants, detainees concerned."),
            _("Contact details of the complainant, description, establishment."),
            _(
                "The receiving CSO, the coordinating NGO, the authority the complaint is referred "
                "to."
            ),
            _retention(policies, "complaint"),
            security,
        ),
        Activity(
            _("Network management and accounts"),
            _("Run the network: members of partner organisations, meetings, invitations."),
            _("Agreement between the coordinating NGO and each partner organisation."),
            _("Staff and volunteers of the organisations, lawyers, donors' representatives."),
            _("Name, e-mail, role, language, sign-in and activity records."),
            _("The coordinating NGO; each organisation for its own members."),
            _("As long as the membership is active; audit records are kept as evidence."),
            security,
        ),
        Activity(
            _("Finance: allocations and expense claims"),
            _("Account for the money allocated to partner CSOs and report to the donor."),
            _("Grant agreement with the donor."),
            _("Staff of partner CSOs who claim expenses."),
            _("Claims, amounts, receipts, linked activities (without casework details)."),
            _("Finance officer, coordinating NGO, the donor (aggregated)."),
            _("As required by the grant agreement and accounting law."),
            security,
        ),
    ]
