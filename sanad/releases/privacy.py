from sanad.lib.personal_data import PersonalData
from sanad.releases.models import ExpectedRelease, PlanItem, ReleasePlan

PERSONAL_DATA = [
    PersonalData(
        ExpectedRelease,
        "beneficiary",
        export=("on", "source", "basis", "recorded_on", "remission_days", "note"),
        clear={"note": ""},
    ),
    PersonalData(ReleasePlan, "beneficiary", export=("organisation", "started_on", "expected_on")),
    PersonalData(
        PlanItem,
        "plan__beneficiary",
        export=("label", "due_on", "done_on", "note", "partner", "actor", "referral", "answer"),
        clear={"note": "", "answer": ""},
    ),
]
