from sanad.families.models import TOPICS, AwarenessSession, FamilyContact
from sanad.lib.personal_data import PersonalData

PERSONAL_DATA = [
    PersonalData(
        FamilyContact,
        "beneficiary",
        export=("relative", "kind", "contacted_on", "topics", "outcome", "next_step"),
        clear={"outcome": "", "next_step": ""},
        labels={"topics": TOPICS},
    ),
    # A group session: attendance is counted, never named; only the link is personal.
    PersonalData(
        AwarenessSession,
        "families",
        export=("held_on", "place", "topics"),
        shared=True,
        labels={"topics": TOPICS},
    ),
]
