import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from sanad.audit.services import record
from sanad.beneficiaries.models import Beneficiary
from sanad.beneficiaries.queries import search
from sanad.complaints.models import Complaint
from sanad.lib.concurrency import EditConflict
from sanad.lib.pagination import paginate
from sanad.lib.pdf import html_to_pdf
from sanad.lib.xlsx import append
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required
from sanad.privacy import services
from sanad.privacy.forms import AnswerForm, PolicyForm, RequestForm, ReviewDecisionForm
from sanad.privacy.models import RecordType, RetentionPolicy, RetentionReview, SubjectRequest
from sanad.privacy.register import activities
from sanad.privacy.subject_export import as_json, sections

COLUMNS = [
    ("name", gettext_lazy("Processing activity")), ("purpose", gettext_lazy("Purpose")),
    ("legal_basis", gettext_lazy("Legal basis")), ("subjects", gettext_lazy("Data subjects")),
    ("data", gettext_lazy("Categories of data")), ("recipients", gettext_lazy("Recipients")),
    ("retention", gettext_lazy("Retention")), ("security", gettext_lazy("Security measures")),
]  # fmt: skip


@require_GET
@capability_required("audit.view")
def processing_register(request):
    """The record of processing activities, generated from the configuration."""
    return render(request, "privacy/processing_register.html", {"activities": activities()})


@require_GET
@capability_required("audit.view")
def processing_register_xlsx(request):
    book = Workbook()
    sheet = book.active
    append(sheet, [str(label) for _field, label in COLUMNS])
    for activity in activities():
        append(sheet, [str(getattr(activity, field)) for field, _label in COLUMNS])
    record(actor=request.user, action="privacy.register_exported", label="record of processing")
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sanad-processing-{timezone.localdate()}.xlsx"'
    )
    book.save(response)
    return response


@require_GET
@capability_required("retention.view")
def retention(request):
    """Retention periods and the reviews of records that reached them."""
    reviews = RetentionReview.objects.visible_to(request.user)
    if state := request.GET.get("state"):
        reviews = reviews.filter(state=state)
    return render(
        request,
        "privacy/retention.html",
        {
            "policies": RetentionPolicy.objects.visible_to(request.user),
            "page": paginate(request, reviews),
            "states": RetentionReview.State.choices,
            "can_configure": has_capability(request.user, "retention.configure"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("retention.configure")
def policy_edit(request, pk):
    policy = get_object_or_404(RetentionPolicy.objects.visible_to(request.user), pk=pk)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_policy(
                actor=request.user,
                policy=RetentionPolicy.objects.get(pk=policy.pk),
                values=form.values(),
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            form.report_conflict(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("privacy:retention")
    return render(request, "privacy/policy_form.html", {"form": form, "policy": policy})


def _review(request, code):
    return get_object_or_404(RetentionReview.objects.visible_to(request.user), code=code)


@require_GET
@capability_required("retention.view")
def review_detail(request, code):
    """The records a review would anonymise, with the progress once approved."""
    review = _review(request, code)
    items = review.items.select_related("organisation")
    if kind := request.GET.get("type"):
        items = items.filter(record_type=kind)
    page = paginate(request, items)
    ids = {t: [i.object_id for i in page if i.record_type == t] for t in RecordType}
    codes = {
        RecordType.BENEFICIARY: dict(
            Beneficiary._base_manager.filter(pk__in=ids[RecordType.BENEFICIARY]).values_list(
                "pk", "code"
            )
        ),
        RecordType.COMPLAINT: dict(
            Complaint._base_manager.filter(pk__in=ids[RecordType.COMPLAINT]).values_list(
                "pk", "code"
            )
        ),
    }
    for item in page:
        item.record_code = codes.get(item.record_type, {}).get(item.object_id)
    return render(
        request,
        "privacy/review_detail.html",
        {
            "review": review,
            "page": page,
            "types": RecordType.choices,
            "form": ReviewDecisionForm(),
            "can_decide": has_capability(request.user, "retention.approve")
            and review.state == RetentionReview.State.PROPOSED,
        },
    )


@require_POST
@capability_required("retention.approve")
def review_approve(request, code):
    review = _review(request, code)
    form = ReviewDecisionForm(request.POST)
    if form.is_valid() and form.cleaned_data["confirm"]:
        try:
            services.approve_review(
                actor=request.user, review=review, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Approved: the records are being anonymised."))
    else:
        messages.error(request, _("Tick the box to confirm that you understand."))
    return redirect("privacy:review_detail", code=review.code)


@require_POST
@capability_required("retention.approve")
def review_decline(request, code):
    review = _review(request, code)
    form = ReviewDecisionForm(request.POST)
    form.is_valid()
    try:
        services.decline_review(
            actor=request.user, review=review, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Declined: the records are kept."))
    return redirect("privacy:review_detail", code=review.code)


@require_GET
@capability_required("subject_request.manage")
def request_list(request):
    requests = SubjectRequest.objects.visible_to(request.user).for_list()
    if status := request.GET.get("status"):
        requests = requests.filter(status=status)
    if kind := request.GET.get("kind"):
        requests = requests.filter(kind=kind)
    if q := request.GET.get("q", "").strip():
        requests = requests.filter(
            beneficiary__in=search(Beneficiary.objects.visible_to(request.user), q)
        )
    return render(
        request,
        "privacy/request_list.html",
        {
            "page": paginate(request, requests),
            "statuses": SubjectRequest.Status.choices,
            "kinds": SubjectRequest.Kind.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("subject_request.manage")
def request_create(request, beneficiary_code):
    beneficiary = get_object_or_404(
        Beneficiary.objects.visible_to(request.user, "subject_request.manage"),
        code=beneficiary_code,
    )
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        subject_request = services.register_request(
            actor=request.user, beneficiary=beneficiary, values=form.cleaned_data
        )
        messages.success(request, _("The request was registered."))
        return redirect("privacy:request_detail", code=subject_request.code)
    return render(request, "privacy/request_form.html", {"form": form, "beneficiary": beneficiary})


def _request(request, code):
    return get_object_or_404(
        SubjectRequest.objects.visible_to(request.user).select_related("beneficiary"), code=code
    )


@require_http_methods(["GET", "POST"])
@capability_required("subject_request.manage")
def request_detail(request, code):
    """A request, its due date, the person's data export and the answer."""
    subject_request = _request(request, code)
    form = AnswerForm(request.POST or None, instance=subject_request)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_request(
                actor=request.user,
                request=SubjectRequest.objects.get(pk=subject_request.pk),
                values=form.values(),
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            form.report_conflict(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The answer was recorded."))
            return redirect("privacy:request_detail", code=subject_request.code)
    return render(
        request, "privacy/request_detail.html", {"request_": subject_request, "form": form}
    )


@require_GET
@capability_required("subject_request.manage")
def request_export_pdf(request, code):
    subject_request = _request(request, code)
    language = request.GET.get("language", "fr")
    language = language if language in ("fr", "ar") else "fr"
    with translation.override(language):
        html = render_to_string(
            "privacy/subject_export.html",
            {
                "beneficiary": subject_request.beneficiary,
                "sections": sections(subject_request.beneficiary),
                "generated_at": timezone.localtime(),
                "language": language,
                "rtl": language == "ar",
            },
        )
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    services.record_export(actor=request.user, request=subject_request, fmt="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sanad-data-{subject_request.beneficiary.code}.pdf"'
    )
    return response


@require_GET
@capability_required("subject_request.manage")
def request_export_json(request, code):
    subject_request = _request(request, code)
    body = json.dumps(as_json(subject_request.beneficiary), ensure_ascii=False, indent=2)
    services.record_export(actor=request.user, request=subject_request, fmt="json")
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sanad-data-{subject_request.beneficiary.code}.json"'
    )
    return response
