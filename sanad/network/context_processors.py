"""Navigation by role: each entry appears only to people holding its capability."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanad.network.access import has_capability

NAVIGATION = [
    ("home.view", "home", _("Home")),
    ("beneficiary.view", "beneficiaries:beneficiary_list", _("Beneficiaries")),
    ("organisation.view", "network:organisation_list", _("Network")),
    ("reference.view", "reference:establishment_list", _("Reference data")),
    ("audit.view", "audit:event_list", _("Audit log")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    path = request.path
    entries = []
    for capability, url_name, label in NAVIGATION:
        if has_capability(user, capability):
            url = reverse(url_name)
            current = path == url if url == "/" else path.startswith(url)
            entries.append({"url": url, "label": label, "current": current})
    return {"navigation": entries}
