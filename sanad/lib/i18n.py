"""Display helpers for records stored once with French and Arabic fields."""

from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """`obj.<field>_ar` in Arabic when filled, else `obj.<field>_fr`."""
    if (get_language() or "").startswith("ar"):
        value = getattr(obj, f"{field}_ar", "")
        if value:
            return value
    return getattr(obj, f"{field}_fr", "")
