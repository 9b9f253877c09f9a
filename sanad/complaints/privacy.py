from sanad.complaints.models import Complaint, Referral
from sanad.lib.personal_data import PersonalData

PERSONAL_DATA = [
    PersonalData(
        Complaint,
        "beneficiary",
        export=(
            "complainant", "complainant_name", "complainant_contact", "channel", "received_on",
            "establishment", "category", "sub_category", "description", "status", "closure",
            "closed_on", "feedback",
        ),
        clear={
            "complainant_name": "", "complainant_contact": "", "description": "", "feedback": "",
        },
        identity=("complainant_name", "complainant_contact"),
    ),
    PersonalData(
        Referral,
        "complaint__beneficiary",
        export=(
            "authority", "authority_name", "sent_on", "letter_text", "answered_on", "answer",
            "outcome",
        ),
        clear={"letter_text": "", "answer": "", "answer_document": ""},
        files=("answer_document",),
    ),
]  # fmt: skip
