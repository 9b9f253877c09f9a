"""Navigation by role: each entry appears only to people holding its capability."""

from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from sanad.network.access import has_capability
from sanad.network.acting import acting_choices as acting_organisations
from sanad.network.models import Notification

NAVIGATION = [
    ("home.view", "home", _("Home")),
    ("beneficiary.view", "beneficiaries:beneficiary_list", _("Beneficiaries")),
    ("case.view", "legal:case_list", _("Legal cases")),
    ("agenda.view", "legal:agenda", _("My deadlines and hearings")),
    ("visit.view_dates", "visits:visit_list", _("Visits")),
    ("family.view", "families:contact_list", _("Families")),
    ("handover.view", "handovers:handover_list", _("Handovers")),
    ("release.view", "releases:release_list", _("Releases")),
    ("complaint.view", "complaints:complaint_list", _("Complaints")),
    ("meeting.view", "meetings:meeting_list", _("Meetings")),
    ("training.view", "trainings:training_list", _("Trainings")),
    ("finance.view", "finance:overview", _("Finance")),
    ("report.view", "reports:dashboard", _("Reports")),
    ("advocacy.view", "advocacy:recommendation_list", _("Advocacy")),
    ("organisation.view", "network:organisation_list", _("Network")),
    ("directory.view", "directory:partner_list", _("Directory")),
    ("forum.view", "forum:thread_list", _("Network life")),
    ("library.view", "library:resource_list", _("Library")),
    ("call.view", "calls:manage_list", _("Calls")),
    ("reference.view", "reference:establishment_list", _("Reference data")),
    ("audit.view", "audit:event_list", _("Audit log")),
    ("retention.view", "privacy:retention", _("Data protection")),
]


@cache
def _paths(script_prefix: str) -> dict[str, str]:
    """Each entry's path, reversed once per process and prefix (fifteen `reverse` calls were
    a millisecond of every page)."""
    return {url_name: reverse(url_name) for _capability, url_name, _label in NAVIGATION}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    paths = _paths(get_script_prefix())
    entries = [
        {"url": paths[url_name], "label": label, "current": False}
        for capability, url_name, label in NAVIGATION
        if has_capability(user, capability)
    ]
    # The current entry is the longest one the path starts with ("/" only for itself).
    matching = [
        e
        for e in entries
        if request.path.startswith(e["url"]) and (e["url"] != "/" or request.path == "/")
    ]
    if matching:
        max(matching, key=lambda e: len(e["url"]))["current"] = True
    unread = Notification.objects.visible_to(user).unread().count()
    acting, acting_choices = acting_organisations(request)
    return {
        "navigation": entries,
        "unread_notifications": unread,
        "acting": acting,
        "acting_choices": acting_choices,
    }
