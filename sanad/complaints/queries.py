"""The complaint list's filters, one definition for the list page and the API."""

from django.db.models import Q

from sanad.complaints.forms import ComplaintFilterForm
from sanad.complaints.models import Complaint, Status


def listed(user, params) -> tuple:
    """The list's filter form bound to `params` and the complaints `user` may see that
    match it."""
    form = ComplaintFilterForm(params or None)
    complaints = Complaint.objects.visible_to(user).for_list()
    if form.is_valid():
        data = form.cleaned_data
        for name in ("status", "category", "establishment"):
            if data[name]:
                complaints = complaints.filter(**{name: data[name]})
        if data["urgent"]:
            complaints = complaints.filter(urgent=True)
        if data["waiting"]:
            complaints = complaints.filter(status=Status.REFERRED)
        if q := data["q"].strip():
            complaints = complaints.filter(
                Q(description__icontains=q) | Q(sub_category__icontains=q)
            )
    return form, complaints
