from sanad.api.models import Submission
from sanad.lib.personal_data import PersonalData

# A confirmed submission is a copy of its visit's report, as the program sent it.
PERSONAL_DATA = [
    PersonalData(
        Submission,
        "visit__beneficiaries",
        export=("source", "state", "received_at", "reviewed_at"),
        clear={"payload": {}, "data": {}, "unmatched": ""},
        shared=True,
    ),
]
