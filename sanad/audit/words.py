"""What each audited action concerning a person means, in words: the person's copy of
their data and their access history say what was done, not its code."""

from django.utils.translation import gettext_lazy as _

ACTION_WORDS = {
    "beneficiary.consent_added": _("A consent was recorded"),
    "beneficiary.consent_withdrawn": _("A consent was withdrawn"),
    "beneficiary.created": _("The record was created"),
    "beneficiary.export_downloaded": _("A list holding the record was downloaded"),
    "beneficiary.exported": _("The record was included in a list export"),
    "beneficiary.imported": _("The record was imported from a spreadsheet"),
    "beneficiary.legal_status_changed": _("The legal status was recorded"),
    "beneficiary.marked_distinct": _("Marked as a different person from a similar record"),
    "beneficiary.merged": _("Merged with a duplicate record"),
    "beneficiary.placement_added": _("A placement was recorded"),
    "beneficiary.relative_added": _("A relative was added"),
    "beneficiary.relative_updated": _("A relative was updated"),
    "beneficiary.repeat_following_ended": _("A follow-up by an organisation ended"),
    "beneficiary.shared": _("The record was shared with another organisation"),
    "beneficiary.transferred": _("The follow-up was transferred to another organisation"),
    "beneficiary.updated": _("The record was updated"),
    "beneficiary.validated": _("The record changed status"),
    "beneficiary.viewed": _("The record was consulted"),
    "case.deadline_missed": _("A deadline was missed"),
    "case.deadline_recomputed": _("A deadline was computed again"),
    "case.deadline_waived": _("A remedy was given up"),
    "case.decision_notified": _("A decision's notification date was recorded"),
    "case.decision_recorded": _("A decision was recorded"),
    "case.document_added": _("A document was added to the case"),
    "case.document_downloaded": _("A case document was downloaded"),
    "case.hearing_scheduled": _("A hearing was scheduled"),
    "case.lawyer_assigned": _("A lawyer was assigned"),
    "case.lawyer_removed": _("A lawyer's mandate ended"),
    "case.letter_generated": _("A letter was drafted"),
    "case.opened": _("A case file was opened"),
    "case.remedy_recorded": _("A remedy was recorded"),
    "case.remedy_updated": _("A remedy was updated"),
    "case.updated": _("The case file was updated"),
    "complaint.answered": _("An answer to a complaint was recorded"),
    "complaint.closed": _("A complaint was closed"),
    "complaint.letter_downloaded": _("A complaint letter was downloaded"),
    "complaint.qualified": _("A complaint was qualified"),
    "complaint.received": _("A complaint was received"),
    "complaint.referred": _("A complaint was referred to an authority"),
    "complaint.reminder_sent": _("A reminder about a complaint was sent"),
    "family.contact_recorded": _("A contact with the family was recorded"),
    "family.contact_updated": _("A contact with the family was corrected"),
    "family.session_saved": _("A family session was recorded"),
    "retention.anonymised": _("The record was anonymised"),
    "subject_request.answered": _("A data-protection request was answered"),
    "subject_request.exported": _("A copy of the personal data was produced"),
    "subject_request.registered": _("A data-protection request was registered"),
    "visit.action_done": _("A follow-up action was done"),
    "visit.cancelled": _("A visit was cancelled"),
    "visit.plan_updated": _("A planned visit was changed"),
    "visit.planned": _("A visit was planned"),
    "visit.reported": _("A visit report was recorded"),
}


def in_words(action: str) -> str:
    """`action` as a sentence when Sanad has words for it, else its code."""
    return str(ACTION_WORDS.get(action, action))
