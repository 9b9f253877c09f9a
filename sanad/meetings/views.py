from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.lib.concurrency import EditConflict
from sanad.lib.pagination import paginate
from sanad.meetings import services
from sanad.meetings.forms import (
    ActionFilterForm,
    ActionItemForm,
    CancelForm,
    DocumentForm,
    MeetingChangeForm,
    MeetingFilterForm,
    MeetingForm,
    OutcomeForm,
)
from sanad.meetings.models import ActionItem, Meeting, MeetingDocument
from sanad.network.access import has_capability, permits
from sanad.network.decorators import capability_required
from sanad.network.models import Organisation

ACTION_ROWS = 4


def _invitable(request):
    """The organisations a list can be filtered by: partner CSOs the user's meetings invite."""
    return Organisation.objects.filter(
        meetings__in=Meeting.objects.visible_to(request.user)
    ).distinct()


@require_GET
@capability_required("meeting.view")
def meeting_list(request):
    """Meetings the user is invited to (all for the coordinator), searchable and filtered,
    with each CSO's attendance rate over the last year for those who run the meetings."""
    meetings = Meeting.objects.visible_to(request.user)
    form = MeetingFilterForm(request.GET or None, organisations=_invitable(request))
    if form.is_valid():
        meetings = form.filtered(meetings)
    manage = has_capability(request.user, "meeting.manage")
    rates = (
        services.attendance_rates(Organisation.objects.filter(kind="partner_cso", status="active"))
        if manage
        else {}
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "page": paginate(request, meetings),
            "can_manage": manage,
            "rates": rates,
            "open_actions": ActionItem.objects.visible_to(request.user)
            .open()
            .select_related("meeting", "owner_organisation")[:10],
        },
    )


@require_GET
@capability_required("meeting.view")
def action_list(request):
    """Action items of the user's meetings, searchable and filtered by CSO, state and due
    date; those still to do first."""
    items = ActionItem.objects.visible_to(request.user).select_related(
        "meeting", "owner_organisation", "owner", "done_by"
    )
    form = ActionFilterForm(request.GET or None, organisations=_invitable(request))
    if form.is_valid():
        items = form.filtered(items)
    items = items.order_by(F("done_on").asc(nulls_first=True), "due_on", "id")
    return render(
        request, "meetings/action_list.html", {"form": form, "page": paginate(request, items)}
    )


@require_http_methods(["GET", "POST"])
@capability_required("meeting.manage")
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in ("invited_organisations", "invited_people", "agenda")
        }
        meeting = services.schedule(
            actor=request.user,
            values=values,
            organisations=form.cleaned_data["invited_organisations"],
            people=form.cleaned_data["invited_people"],
            agenda=form.agenda_items(),
        )
        messages.success(request, _("The meeting was scheduled and the invitations sent."))
        return redirect("meetings:meeting_detail", code=meeting.code)
    return render(request, "meetings/meeting_form.html", {"form": form})


@require_GET
@capability_required("meeting.view")
def meeting_detail(request, code):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), code=code)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.select_related("carried_from"),
            "attendance": meeting.attendance.select_related("organisation"),
            "decisions": meeting.decisions.all(),
            "actions": meeting.actions.select_related("owner_organisation", "owner", "done_by"),
            "completable": set(
                ActionItem.objects.visible_to(request.user, "meeting.act")
                .filter(meeting=meeting)
                .values_list("pk", flat=True)
            ),
            "can_manage": permits(request.user, "meeting.manage", meeting),
            "invited_organisations": meeting.invited_organisations.all(),
            "invited_people": meeting.invited_people.all(),
            "documents": meeting.documents.all(),
            "document_form": DocumentForm(),
        },
    )


def _planned(request, code) -> Meeting:
    meetings = Meeting.objects.visible_to(request.user, "meeting.manage")
    meeting = get_object_or_404(meetings, code=code)
    if meeting.state != Meeting.State.PLANNED:
        raise PermissionDenied
    return meeting


@require_http_methods(["GET", "POST"])
@capability_required("meeting.manage")
def meeting_change(request, code):
    """Change a planned meeting's title, time or place; invitees get the new .ics."""
    meeting = _planned(request, code)
    # The form writes what it cleaned onto its instance: a copy, so that the service sees
    # the meeting as stored and tells the invitees what changed.
    form = MeetingChangeForm(request.POST or None, instance=Meeting.objects.get(pk=meeting.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.reschedule(
                actor=request.user,
                meeting=meeting,
                values=form.values(),
                expected_version=form.expected_version,
            )
        except EditConflict as conflict:
            form.report_conflict(conflict)
        else:
            messages.success(request, _("The meeting was changed and the invitees told."))
            return redirect("meetings:meeting_detail", code=meeting.code)
    return render(request, "meetings/meeting_change.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
@capability_required("meeting.manage")
def meeting_cancel(request, code):
    """Cancel a planned meeting after a confirmation that says who will be told."""
    meeting = _planned(request, code)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        messages.success(request, _("The meeting was cancelled and the invitees told."))
        return redirect("meetings:meeting_detail", code=meeting.code)
    context = {"form": form, "meeting": meeting, "told": services.invitees(meeting).count()}
    return render(request, "meetings/meeting_cancel.html", context)


@require_POST
@capability_required("meeting.manage")
def document_upload(request, code):
    """Attach a PDF (agenda, minutes…) to a meeting, for its invitees."""
    meetings = Meeting.objects.visible_to(request.user, "meeting.manage")
    meeting = get_object_or_404(meetings, code=code)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.add_document(
            actor=request.user,
            meeting=meeting,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, _("The document was added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:meeting_detail", code=meeting.code)


@require_GET
@capability_required("meeting.view")
def document_download(request, code):
    """A meeting's documents leave only through this view: scoped, audited, attachments."""
    document = get_object_or_404(MeetingDocument.objects.visible_to(request.user), code=code)
    services.record_document_read(actor=request.user, document=document)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type="application/pdf",
    )


@require_GET
@capability_required("meeting.view")
def meeting_ics(request, code):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), code=code)
    response = HttpResponse(services.invitation_ics(meeting), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@require_http_methods(["GET", "POST"])
@capability_required("meeting.manage")
def meeting_outcome(request, code):
    """Attendance, minutes (kept as plain text, never rendered as HTML), decisions, actions."""
    meetings = Meeting.objects.visible_to(request.user, "meeting.manage")
    meeting = get_object_or_404(meetings, code=code)
    if not meeting.has_started:
        messages.error(request, _("A meeting's outcome can be recorded once it has started."))
        return redirect("meetings:meeting_detail", code=meeting.code)
    form = OutcomeForm(
        request.POST or None,
        organisations=meeting.invited_organisations.all(),
        initial={"minutes": meeting.minutes},
    )
    actions = [ActionItemForm(request.POST or None, prefix=f"act{i}") for i in range(ACTION_ROWS)]
    if request.method == "POST" and form.is_valid() & all([a.is_valid() for a in actions]):  # noqa: C419
        services.record_outcome(
            actor=request.user,
            meeting=meeting,
            attendance=form.attendance(),
            minutes=form.cleaned_data["minutes"],
            decisions=form.decision_list(),
            actions=[a.cleaned_data for a in actions if not a.is_empty()],
        )
        messages.success(request, _("The outcome of the meeting was recorded."))
        return redirect("meetings:meeting_detail", code=meeting.code)
    return render(
        request,
        "meetings/meeting_outcome.html",
        {"form": form, "actions": actions, "meeting": meeting},
    )


@require_POST
@capability_required("meeting.view")
def action_done(request, code):
    """The person an action is assigned to, their CSO's focal point or the coordinator
    marks it done, saying what was done."""
    item = get_object_or_404(ActionItem.objects.visible_to(request.user), code=code)
    if not ActionItem.objects.visible_to(request.user, "meeting.act").filter(pk=item.pk).exists():
        raise PermissionDenied
    if item.done_on is None:
        note = request.POST.get("note", "").strip()[:2000]
        services.complete_action(actor=request.user, item=item, note=note)
        messages.success(request, _("The action was marked as done."))
    return redirect("meetings:meeting_detail", code=item.meeting.code)
