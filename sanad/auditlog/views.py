from datetime import datetime, time, timedelta

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sanad.audit.models import AuditEvent, AuditSubject, names_no_one
from sanad.auditlog.access import events_visible_to, reader_sees_people
from sanad.auditlog.forms import AuditFilterForm
from sanad.beneficiaries.models import Beneficiary
from sanad.lib.pagination import paginate
from sanad.network.decorators import capability_required
from sanad.network.models import Organisation


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@require_http_methods(["GET"])
@capability_required("audit.view")
def event_list(request):
    """The audit log (admins and coordinators), newest first, filtered and paginated."""
    form = AuditFilterForm(
        request.GET or None, organisations=Organisation.objects.visible_to(request.user)
    )
    events = events_visible_to(request.user).for_list()
    sees_people = reader_sees_people(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"].strip())
        if data["organisation"]:
            events = events.filter(organisation=data["organisation"])
        if data["action"]:
            events = events.filter(action__startswith=data["action"].strip())
        if target := data["target"].strip():
            # Only names the reader may read are searched: a hit would confirm a person.
            named = Q(target_label__icontains=target)
            events = events.filter(
                Q(target_code=target) | (named if sees_people else named & names_no_one())
            )
        if data["since"]:
            events = events.filter(created_at__gte=_day_start(data["since"]))
        if data["until"]:
            events = events.filter(created_at__lt=_day_start(data["until"] + timedelta(days=1)))
    context = {"form": form, "page": paginate(request, events), "sees_people": sees_people}
    return render(request, "audit/event_list.html", context)


@require_http_methods(["GET"])
@capability_required("audit.view")
def person_history(request, code):
    """Breach readiness: every event that viewed, changed or exported one person's data,
    newest first, in one query. The events are the union of two indexed lookups (the
    person as target, the person among an export's rows): an OR across a join to the
    subjects read all two million events at national scale. Only for those who may see
    the person: whose staff looked at them says which organisation follows them."""
    get_object_or_404(Beneficiary.objects.visible_to(request.user), code=code)
    about = AuditEvent.objects.filter(
        target_type=Beneficiary._meta.label_lower, target_code=str(code)
    ).values("id")
    touched = AuditSubject.objects.filter(subject_code=str(code)).values("event_id")
    events = events_visible_to(request.user).filter(pk__in=about.union(touched)).for_list()
    return render(
        request, "audit/person_history.html", {"code": code, "page": paginate(request, events)}
    )
