from sanad.legal.models import (
    CaseDocument,
    Deadline,
    Decision,
    Hearing,
    LawyerMandate,
    LegalCase,
    Remedy,
)
from sanad.lib.personal_data import PersonalData

PERSONAL_DATA = [
    PersonalData(
        LegalCase,
        "beneficiary",
        export=(
            "court", "case_number", "prosecution_number", "charges", "offence_class", "stage",
            "detained_since", "is_open", "opened_on",
        ),
        clear={"case_number": "", "prosecution_number": "", "charges": ""},
        identity=("case_number", "prosecution_number"),
    ),
    PersonalData(
        LawyerMandate,
        "case__beneficiary",
        export=("lawyer", "bar", "starts_on", "ends_on", "active"),
    ),
    PersonalData(
        Hearing,
        "case__beneficiary",
        export=("scheduled_at", "court", "purpose", "status", "outcome", "postponed_to"),
        clear={"purpose": "", "outcome": ""},
    ),
    PersonalData(
        Decision,
        "case__beneficiary",
        export=(
            "level", "pronounced_on", "kind", "notified_on", "custodial_months",
            "suspended_months", "fine_mad", "life_sentence", "death_sentence", "summary",
        ),
        clear={"summary": ""},
    ),
    PersonalData(
        Remedy,
        "case__beneficiary",
        export=("kind", "filed_on", "status", "outcome"),
        clear={"outcome": ""},
    ),
    PersonalData(
        Deadline,
        "case__beneficiary",
        export=("rule", "trigger_date", "due_on", "status", "waived_reason"),
        clear={"waived_reason": ""},
    ),
    PersonalData(
        CaseDocument,
        "case__beneficiary",
        export=("kind", "original_name", "uploaded_at"),
        files=("file",),
        delete=True,
    ),
]  # fmt: skip
