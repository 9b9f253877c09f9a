from sanad.handovers.models import Handover
from sanad.lib.personal_data import PersonalData

PERSONAL_DATA = [
    PersonalData(
        Handover,
        "beneficiary",
        export=("from_organisation", "to_organisation", "kind", "state", "reason", "answer",
                "proposed_at", "answered_at"),
        clear={"reason": "", "answer": ""},
    ),
]  # fmt: skip
