from sanad.beneficiaries.models import (
    Beneficiary,
    Consent,
    DuplicateFlag,
    Following,
    LegalStatusRecord,
    NameKey,
    Need,
    Placement,
    Relative,
    StatusChange,
)
from sanad.lib.personal_data import PersonalData

PERSONAL_DATA = [
    PersonalData(
        Beneficiary,
        "pk",
        export=(
            "first_name_latin", "last_name_latin", "first_name_ar", "last_name_ar", "sex",
            "date_of_birth", "birth_year", "nationalities", "languages", "interpreter_needed",
            "id_document_type", "id_document_number", "disability_type", "pregnant",
            "with_child", "serious_illness", "health_notes", "status", "closure_reason",
            "current_establishment", "current_legal_status", "identified_by", "created_at",
        ),
        clear={
            "date_of_birth": None, "id_document_number": "", "disability_type": "",
            "health_notes": "", "current_register_number": "", "search_text": "",
        },
        identity=("id_document_number", "current_register_number"),
    ),
    PersonalData(Need, "beneficiary", export=("category",)),
    PersonalData(Following, "beneficiary", export=("organisation", "active", "since", "until")),
    PersonalData(
        StatusChange,
        "beneficiary",
        export=("from_status", "to_status", "reason", "note", "at"),
        clear={"note": ""},
    ),
    PersonalData(
        Placement,
        "beneficiary",
        export=("establishment", "register_number", "started_on", "ended_on"),
        clear={"register_number": ""},
        identity=("register_number",),
    ),
    PersonalData(LegalStatusRecord, "beneficiary", export=("status", "since")),
    PersonalData(
        Consent,
        "beneficiary",
        export=(
            "kind", "given_on", "language", "given_by", "representative_name", "withdrawn_on",
            "withdrawal_note",
        ),
        clear={"representative_name": "", "withdrawal_note": "", "document": ""},
        identity=("representative_name",),
        files=("document",),
    ),
    PersonalData(
        Relative,
        "beneficiary",
        export=("name", "relationship", "phone", "city", "language", "may_be_contacted"),
        clear={"name": "", "phone": "", "city": ""},
        identity=("name", "phone"),
    ),
    PersonalData(DuplicateFlag, "beneficiary", export=("candidate", "reason", "status")),
    PersonalData(NameKey, "beneficiary", export=("key",), delete=True),
]  # fmt: skip
