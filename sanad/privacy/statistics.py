"""The figures anonymisation must leave untouched: counts of every kind of record by every
dimension that statistics and indicators use (never by identity)."""

from django.db.models import Count

from sanad.beneficiaries.models import Beneficiary, Consent, Following, Need, Placement, Relative
from sanad.complaints.models import Complaint, Referral
from sanad.families.models import FamilyContact
from sanad.legal.models import Deadline, Decision, Hearing, LegalCase, Remedy
from sanad.visits.models import FollowUpAction, Observation, Visit

DIMENSIONS = {
    Beneficiary: (
        "sex", "birth_year", "nationalities", "status", "closure_reason", "interpreter_needed",
        "pregnant", "with_child", "serious_illness", "current_establishment",
        "current_legal_status", "identified_by", "merged_into", "created_at__date",
    ),
    Need: ("category", "beneficiary"),
    Following: ("organisation", "active", "since", "until"),
    Placement: ("establishment", "started_on", "ended_on"),
    Consent: ("kind", "given_on", "given_by", "withdrawn_on"),
    Relative: ("relationship", "may_be_contacted"),
    LegalCase: ("stage", "offence_class", "court", "is_open", "opened_on", "detained_since"),
    Hearing: ("status", "court", "scheduled_at"),
    Decision: ("level", "kind", "pronounced_on", "custodial_months", "death_sentence"),
    Remedy: ("kind", "status", "filed_on"),
    Deadline: ("status", "due_on"),
    Visit: ("organisation", "kind", "state", "establishment", "visited_on"),
    Observation: ("category", "item", "severity"),
    FollowUpAction: ("due_on", "done_on"),
    FamilyContact: ("organisation", "kind", "contacted_on"),
    Complaint: (
        "organisation", "complainant", "channel", "category", "status", "closure",
        "establishment", "received_on", "closed_on", "urgent",
    ),
    Referral: ("authority", "outcome", "sent_on", "answered_on"),
}  # fmt: skip


def snapshot() -> dict:
    """Every model's row counts grouped by its statistical dimensions, comparable with ==."""
    return {
        model._meta.label: sorted(
            tuple(str(row[f]) for f in fields) + (row["n"],)
            for row in model._base_manager.values(*fields).annotate(n=Count("pk")).order_by()
        )
        for model, fields in DIMENSIONS.items()
    }
