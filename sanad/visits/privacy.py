from sanad.lib.personal_data import PersonalData
from sanad.visits.forms import REINTEGRATION
from sanad.visits.models import FollowUpAction, Observation, Visit

PERSONAL_DATA = [
    PersonalData(
        Visit,
        "beneficiaries",
        export=(
            "kind", "state", "establishment", "planned_on", "visited_on", "permit",
            "permit_refusal_reason", "discussed", "wellbeing", "legal_needs", "reintegration",
        ),
        clear={
            "permit_number": "", "permit_refusal_reason": "", "discussed": "", "wellbeing": "",
            "legal_needs": "",
        },
        shared=True,
        labels={"reintegration": REINTEGRATION},
    ),
    PersonalData(
        Observation,
        "visit__beneficiaries",
        export=("category", "item", "severity", "text"),
        clear={"text": ""},
        shared=True,
    ),
    PersonalData(
        FollowUpAction,
        "visit__beneficiaries",
        export=("description", "due_on", "done_on"),
        clear={"description": ""},
        shared=True,
    ),
]  # fmt: skip
