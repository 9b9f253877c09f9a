from sanad.lib.personal_data import PersonalData
from sanad.releases.models import ExpectedRelease, FollowUp, PlanItem, Release, ReleasePlan

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
    PersonalData(
        Release,
        "beneficiary",
        export=("released_on", "circumstances", "follow_up_consent", "reincarcerated_on", "note"),
        clear={"note": ""},
    ),
    PersonalData(
        FollowUp,
        "release__beneficiary",
        export=("month", "due_on", "done_on", "housing", "activity", "family_contact", "health",
                "justice", "note"),
        clear={"health": "", "justice": "", "note": ""},
    ),
]  # fmt: skip
