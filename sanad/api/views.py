"""The pages around the API: a person's tokens (created, shown once, revoked) and the
submissions programs sent, reviewed in the visit report form and confirmed or discarded."""

import json

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.api import services, xlsform
from sanad.api.forms import SubmissionFilterForm, TokenForm
from sanad.api.models import ApiToken, Submission
from sanad.beneficiaries.exports import XLSX
from sanad.lib.forms import query_dict
from sanad.lib.pagination import paginate
from sanad.network.access import member_organisations
from sanad.network.decorators import capability_required, signed_in
from sanad.visits.forms import report_forms


def _used_second_factor(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" for r in records)


@require_http_methods(["GET", "POST"])
@signed_in
def token_list(request):
    """The person's tokens, and a new one (its secret shown on this answer only)."""
    form = TokenForm(request.POST or None, organisations=member_organisations(request.user))
    secret = None
    if request.method == "POST" and form.is_valid():
        values = {"organisation": None, **form.cleaned_data}
        try:
            _token, secret = services.create_token(
                actor=request.user, values=values, mfa_verified=_used_second_factor(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm(organisations=member_organisations(request.user))
    tokens = ApiToken.objects.visible_to(request.user).select_related("organisation")
    response = render(
        request, "api/token_list.html", {"form": form, "tokens": tokens, "secret": secret}
    )
    response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return response


@require_POST
@signed_in
def token_revoke(request, code):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), code=code)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token was revoked: programs using it are refused."))
    return redirect("api:token_list")


@require_GET
@capability_required("visit.report")
def submission_list(request):
    """What programs sent for review, oldest waiting first."""
    form = SubmissionFilterForm(request.GET or None)
    state = (form.is_valid() and form.cleaned_data["state"]) or Submission.State.TO_REVIEW
    rows = Submission.objects.visible_to(request.user).filter(state=state)
    order = "received_at" if state == Submission.State.TO_REVIEW else "-received_at"
    rows = rows.select_related("organisation", "sent_by").order_by(order, "id")
    return render(
        request, "api/submission_list.html", {"form": form, "page": paginate(request, rows)}
    )


@require_http_methods(["GET", "POST"])
@capability_required("visit.report")
def submission_review(request, code):
    """A submission in the visit report form: corrected if needed, then confirmed (recorded
    as any report) or discarded."""
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related("organisation"), code=code
    )
    # Bound either way: what the program sent shows at once what the reviewer must correct.
    data = request.POST if request.method == "POST" else query_dict(submission.data)
    report, observations, actions = report_forms(
        data, user=request.user, organisation=submission.organisation
    )
    waiting = submission.state == Submission.State.TO_REVIEW
    if request.method == "POST" and not waiting:
        messages.error(request, _("This submission was already reviewed."))
        return redirect("api:submission_list")
    forms = [report, *observations, *actions]
    if request.method == "POST" and all([f.is_valid() for f in forms]):  # noqa: C419
        values = {k: v for k, v in report.cleaned_data.items() if k != "beneficiaries"}
        try:
            services.confirm_submission(actor=request.user, submission=submission, report={
                "values": values, "beneficiaries": report.cleaned_data["beneficiaries"],
                "observations": [f.cleaned_data for f in observations if not f.is_empty()],
                "actions": [f.cleaned_data for f in actions if not f.is_empty()],
            })  # fmt: skip
        except ValidationError as error:
            report.add_error(None, error)
        else:
            messages.success(request, _("The visit report was saved."))
            return redirect("api:submission_list")
    context = {"submission": submission, "form": report, "observations": observations,
               "actions": actions, "waiting": waiting,
               "payload": json.dumps(submission.payload, ensure_ascii=False, indent=2)}  # fmt: skip
    return render(request, "api/submission_review.html", context)


@require_POST
@capability_required("visit.report")
def submission_replay(request, code):
    """Read a quarantined submission again (once the form or Sanad is fixed)."""
    submission = get_object_or_404(Submission.objects.visible_to(request.user), code=code)
    try:
        submission = services.replay_submission(actor=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if submission.state == Submission.State.QUARANTINED:
            messages.error(
                request, _("Still unreadable: %(reason)s") % {"reason": submission.reason}
            )
        else:
            messages.success(request, _("The submission was read: review it below."))
    return redirect("api:submission_review", code=submission.code)


@require_GET
@capability_required("visit.report")
def visit_report_xlsform(request):
    """The visit report as an XLSForm to deploy on KoboToolbox or ODK Central."""
    response = HttpResponse(xlsform.workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="sanad-visit-report.xlsx"'
    return response


@require_POST
@capability_required("visit.report")
def submission_discard(request, code):
    submission = get_object_or_404(Submission.objects.visible_to(request.user), code=code)
    try:
        services.discard_submission(actor=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The submission was discarded; nothing was recorded."))
    return redirect("api:submission_list")
