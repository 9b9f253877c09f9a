"""The REST API (/api/v1/): the same policies, queries, forms and audited services as the
pages, answered as JSON (and CSV for the published figures)."""

import csv
import io

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import authentication_classes, permission_classes
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from sanad.api import services
from sanad.api.drf import ERRORS, Cursor, endpoint, filters, paged
from sanad.api.serializers import (
    BeneficiaryIn,
    BeneficiaryOut,
    CaseDetailOut,
    CaseOut,
    ClaimOut,
    ComplaintOut,
    CourtOut,
    EstablishmentOut,
    FamilyContactOut,
    FiguresOut,
    LogframeOut,
    Me,
    RuleOut,
    SubmissionOut,
    VisitOut,
    VisitReportIn,
)
from sanad.audit.services import record
from sanad.beneficiaries import queries
from sanad.beneficiaries import services as beneficiaries
from sanad.beneficiaries.forms import (
    IDENTITY_FIELDS,
    BeneficiaryFilterForm,
    IdentityForm,
    RegistrationForm,
)
from sanad.beneficiaries.models import Beneficiary
from sanad.complaints import queries as complaints
from sanad.complaints.forms import ComplaintFilterForm
from sanad.families import queries as families
from sanad.families.forms import ContactFilterForm
from sanad.finance import queries as finance
from sanad.finance.forms import ClaimFilterForm
from sanad.legal import queries as cases
from sanad.legal.forms import CaseFilterForm
from sanad.legal.models import LegalCase
from sanad.lib.concurrency import EditConflict
from sanad.lib.forms import query_dict
from sanad.lib.views import as_uuid
from sanad.network.access import member_organisations, roles
from sanad.network.acting import acting_organisation
from sanad.reference.models import Court, Establishment, LegalRule
from sanad.reports import release
from sanad.reports.dashboard import cached_figures
from sanad.reports.forms import ScopeForm
from sanad.reports.logframe import lines, project_scope
from sanad.reports.models import Project
from sanad.reports.presentation import threshold
from sanad.reports.readers import reader
from sanad.visits import queries as visits
from sanad.visits.forms import VisitFilterForm, report_forms


@endpoint(["GET"], None, responses=Me)
def me(request):
    """Who this token acts as, for which organisation, until when."""
    token = request.auth
    acting = next((o for o in member_organisations(request.user)
                   if o.id == (token.organisation_id or _only(request.user))), None)  # fmt: skip
    return Response(Me({
        "email": request.user.email, "full_name": request.user.full_name,
        "access": token.access, "expires_on": token.expires_on,
        "roles": sorted(roles(request.user)),
        "acts_for": {"code": acting.code, "name": acting.name} if acting else None,
    }).data)  # fmt: skip


def _only(user):
    organisations = member_organisations(user)
    return organisations[0].id if len(organisations) == 1 else None


@extend_schema(methods=["POST"], request=OpenApiTypes.OBJECT,
               responses={**ERRORS, 201: BeneficiaryOut},
               description="Register a person: the registration form's fields (identity, "
               "needs, establishment code, register_number, placed_since, legal_status, "
               "consent_collected, consent_given_on, consent_language).")  # fmt: skip
@extend_schema(methods=["GET"], parameters=filters(BeneficiaryFilterForm))
@endpoint(["GET", "POST"], {"GET": "beneficiary.view", "POST": "beneficiary.create"},
          responses=paged(BeneficiaryOut))  # fmt: skip
def beneficiary_list(request):
    """The people the token's person may see, newest first, filtered as on the list page;
    each page read is audited in the history of the people on it. POST registers one."""
    if request.method == "POST":
        return _register(request)
    return _listed(request, queries.listed, BeneficiaryOut, audited="beneficiary.listed_by_api")


def _register(request):
    """As the registration page: the same form, the same service and its duplicate check,
    and the same answer whether or not a possible duplicate was found."""
    organisation = acting_organisation(request, "beneficiary.create", kind="partner_cso")
    if organisation is None:
        raise PermissionDenied("This token acts for no partner CSO that registers people.")
    if not isinstance(request.data, dict):
        return Response({"detail": "Send the person as a JSON object."}, status=400)
    data = dict(request.data)
    if data.get("establishment"):
        place = Establishment.objects.filter(code=as_uuid(data["establishment"])).first()
        data["establishment"] = place.pk if place else "unknown"
    form = RegistrationForm(data)
    if not form.is_valid():
        return Response(_errors([form]), status=status.HTTP_400_BAD_REQUEST)
    person, _flagged = beneficiaries.register_beneficiary(
        actor=request.user, organisation=organisation, identity=form.identity(),
        needs=form.cleaned_data["needs"], placement=form.placement(),
        legal_status=form.legal_status_record(), consent=form.consent(),
    )  # fmt: skip
    return Response(BeneficiaryOut(person).data, status=status.HTTP_201_CREATED)


WRONG = OpenApiResponse(description="What is wrong, field by field")
CONFLICT = OpenApiResponse(
    description="Someone saved the person after `version`: yours and the current record"
)


@extend_schema(
    methods=["PATCH"],
    request=BeneficiaryIn,
    parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER)],
)
@endpoint(["GET", "PATCH"], {"GET": "beneficiary.view", "PATCH": "beneficiary.edit"},
          responses={200: BeneficiaryOut, 400: WRONG, 409: CONFLICT})  # fmt: skip
def beneficiary_detail(request, code):
    """One person, audited as a view of their identity page; PATCH changes the identity and
    needs from `version` (or an If-Match ETag), 409 if someone saved in between."""
    capability = "beneficiary.view" if request.method == "GET" else "beneficiary.edit"
    person = get_object_or_404(
        Beneficiary.objects.visible_to(request.user, capability).select_related(
            "current_establishment"
        ),
        code=code,
    )
    if request.method == "PATCH":
        return _update(request, person)
    beneficiaries.record_view(actor=request.user, beneficiary=person)
    return Response(BeneficiaryOut(person).data, headers={"ETag": f'"{person.version}"'})


@endpoint(["GET"], "case.view", parameters=filters(CaseFilterForm), responses=paged(CaseOut))
def case_list(request):
    """The cases the token's person may see (a lawyer: their mandates), newest first,
    filtered as on the list page."""
    return _listed(request, cases.listed, CaseOut)


@endpoint(["GET"], "case.view", responses=CaseDetailOut)
def case_detail(request, code):
    """One case with its hearings, decisions, remedies and the deadlines the engine computed
    (with the rule each applied)."""
    case = get_object_or_404(
        LegalCase.objects.visible_to(request.user).select_related("beneficiary", "court")
        .prefetch_related("hearings__court", "decisions", "remedies",
                          "deadlines__rule", "deadlines__decision", "deadlines__met_by"),
        code=code,
    )  # fmt: skip
    return Response(CaseDetailOut(case).data, headers={"ETag": f'"{case.version}"'})


def _listed(request, listed, serializer, audited=None):
    """One cursor page of what a list page's `listed(user, params)` gives the person (400
    for a filter the page would refuse); with `audited`, the page's people are recorded."""
    form, rows = listed(request.user, request.query_params)
    if form.is_bound and not form.is_valid():
        return Response(_errors([form]), status=status.HTTP_400_BAD_REQUEST)
    paginator = Cursor()
    page = paginator.paginate_queryset(serializer.with_relations(rows), request)
    if audited:
        record(actor=request.user, action=audited, subjects=[str(row.code) for row in page])
    return paginator.get_paginated_response(serializer(page, many=True).data)


@endpoint(["GET"], "visit.view", parameters=filters(VisitFilterForm),
          responses=paged(VisitOut))  # fmt: skip
def visit_list(request):
    """Visits whose report the person may read, with their observations, filtered as on the
    list page (a lawyer, who sees only the dates of visits to their clients, gets 403)."""
    return _listed(request, lambda user, params: visits.listed(user, params, "visit.view"),
                   VisitOut)  # fmt: skip


@endpoint(["GET"], "complaint.view", parameters=filters(ComplaintFilterForm),
          responses=paged(ComplaintOut))  # fmt: skip
def complaint_list(request):
    """The complaints the person may see, filtered as on the list page (never the
    complainant's name or contact)."""
    return _listed(request, complaints.listed, ComplaintOut)


@endpoint(["GET"], "family.view", parameters=filters(ContactFilterForm),
          responses=paged(FamilyContactOut))  # fmt: skip
def family_contact_list(request):
    """Contacts with families the person may see, filtered as on the list page."""
    return _listed(request, families.listed, FamilyContactOut)


@endpoint(["GET"], "finance.view", parameters=filters(ClaimFilterForm),
          responses=paged(ClaimOut))  # fmt: skip
def claim_list(request):
    """Expense claims the person may see, filtered as on the list page."""
    return _listed(request, finance.listed, ClaimOut)


def _update(request, person):
    sent = BeneficiaryIn(data=request.data, partial=True)
    sent.is_valid(raise_exception=True)
    version = sent.validated_data.pop("version", None) or _if_match(request)
    if version is None:
        return Response({"version": ["Send the version you read (or If-Match)."]}, status=400)
    current = forms.model_to_dict(person, fields=IDENTITY_FIELDS)
    current["needs"] = list(person.needs.values_list("category", flat=True))
    form = IdentityForm({**current, **sent.validated_data, "version": version}, instance=person)
    if not form.is_valid():
        return Response(_errors([form]), status=status.HTTP_400_BAD_REQUEST)
    try:
        saved = beneficiaries.update_beneficiary(
            actor=request.user, beneficiary=Beneficiary.objects.get(pk=person.pk),
            expected_version=form.expected_version, identity=form.identity(),
            needs=form.cleaned_data["needs"],
        )  # fmt: skip
    except EditConflict as conflict:
        mine = {**sent.validated_data, "version": version}
        body = {"detail": "Someone saved this person after the version you sent.",
                "yours": mine, "current": BeneficiaryOut(conflict.current).data}  # fmt: skip
        return Response(body, status=status.HTTP_409_CONFLICT)
    return Response(BeneficiaryOut(saved).data, headers={"ETag": f'"{saved.version}"'})


def _if_match(request) -> int | None:
    tag = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() else None


@endpoint(["POST"], "visit.report", request=VisitReportIn,
          responses={201: SubmissionOut, 400: WRONG})  # fmt: skip
def visit_report_create(request):
    """A visit report, kept for a worker of the organisation the token acts for to review
    and confirm in Sanad (nothing is recorded before)."""
    organisation = _acting(request)
    sent = VisitReportIn(data=request.data)
    sent.is_valid(raise_exception=True)
    data = _form_fields(request.user, organisation, sent.validated_data)
    report, observations, _actions = report_forms(
        query_dict(data), user=request.user, organisation=organisation
    )
    checked = [report, *observations]
    if not all([form.is_valid() for form in checked]):  # noqa: C419 (every form's errors)
        return Response(_errors(checked), status=status.HTTP_400_BAD_REQUEST)
    submission = services.receive_visit_report(
        actor=request.user, token=request.auth, organisation=organisation, data=data
    )
    return _submitted(request, submission, status.HTTP_201_CREATED)


@endpoint(["POST"], "visit.report", request=OpenApiTypes.OBJECT,
          responses={201: SubmissionOut, 200: SubmissionOut, 400: WRONG})  # fmt: skip
def form_submission(request):
    """A submission of Sanad's visit report XLSForm, as a KoboToolbox REST Service or an ODK
    forwarder posts it: kept for review (or quarantined with the reason if Sanad cannot read
    it), never recorded before a worker confirms it. A retried delivery is kept once."""
    organisation = _acting(request)
    if not isinstance(request.data, dict):
        return Response({"detail": "Send the submission as a JSON object."}, status=400)
    submission, new = services.receive_form_submission(
        actor=request.user, token=request.auth, organisation=organisation,
        payload=request.data,
    )  # fmt: skip
    return _submitted(request, submission, status.HTTP_201_CREATED if new else status.HTTP_200_OK)


def _acting(request):
    organisation = acting_organisation(request, "visit.report")
    if organisation is None:
        raise PermissionDenied("This token acts for no organisation that reports visits.")
    return organisation


def _submitted(request, submission, answer):
    review = request.build_absolute_uri(reverse("api:submission_review", args=[submission.code]))
    out = {"code": submission.code, "state": submission.state, "reason": submission.reason,
           "received_at": submission.received_at, "review_url": review}  # fmt: skip
    return Response(SubmissionOut(out).data, status=answer)


def _form_fields(user, organisation, sent: dict) -> dict:
    """The visit report form's fields ({name: [values]}) for what was sent, people and
    places named by their codes (a code of someone `organisation` does not follow matches
    nothing)."""
    people = Beneficiary.objects.for_work_of(user, "visit.report", organisation).filter(
        code__in=sent["beneficiaries"]
    )
    place = sent.get("establishment")
    place = Establishment.objects.filter(code=place).values_list("pk", flat=True).first()
    data = {
        "kind": [sent["kind"]],
        "establishment": [str(place)] if place else [],
        "visited_on": [sent["visited_on"].isoformat()],
        "beneficiaries": [str(pk) for pk in people.values_list("pk", flat=True)],
        "discussed": [sent["discussed"]],
        "wellbeing": [sent["wellbeing"]],
        "legal_needs": [sent["legal_needs"]],
    }
    if len(data["beneficiaries"]) != len(set(sent["beneficiaries"])):
        data["beneficiaries"].append("unknown")  # the form refuses it: said, not dropped
    for n, observation in enumerate(sent["observations"]):
        data |= {f"obs{n}-{name}": [str(value)] for name, value in observation.items()}
    return data


def _errors(forms) -> dict:
    errors = {}
    for form in forms:
        for field, messages in form.errors.items():
            name = f"{form.prefix}-{field}" if form.prefix else field
            errors[name] = [str(m) for m in messages]
    return errors


def _reference(request, rows, serializer):
    paginator = Cursor()
    page = paginator.paginate_queryset(rows, request)
    return paginator.get_paginated_response(serializer(page, many=True).data)


@endpoint(["GET"], None, auth=[], responses=paged(EstablishmentOut))
@authentication_classes([])
@permission_classes([AllowAny])
def establishment_list(request):
    """Prisons and centres (public reference data)."""
    return _reference(request, Establishment.objects.select_related("region"), EstablishmentOut)


@endpoint(["GET"], None, auth=[], responses=paged(CourtOut))
@authentication_classes([])
@permission_classes([AllowAny])
def court_list(request):
    """Courts, with the court of appeal above each (public reference data)."""
    rows = Court.objects.select_related("region", "appeal_court")
    return _reference(request, rows, CourtOut)


@endpoint(["GET"], None, auth=[], responses=paged(RuleOut))
@authentication_classes([])
@permission_classes([AllowAny])
def rule_list(request):
    """The deadline rules the engine applies, with their legal basis and whether a jurist
    verified them (public: the law, not anyone's case)."""
    return _reference(request, LegalRule.objects.all(), RuleOut)


FIGURE_COLUMNS = ["key", "label", "unit", "value", "hidden", "mark", "numerator",
                  "denominator", "description"]  # fmt: skip


SCOPE = [OpenApiParameter("period", str, description="A published period (observers)"),
         OpenApiParameter("start", str), OpenApiParameter("end", str)]  # fmt: skip
COMPUTING = OpenApiResponse(description="Being computed: ask again after Retry-After seconds")


class Computing(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Today's published figures are being computed."
    wait = 15  # seconds, sent as Retry-After


@endpoint(["GET"], "report.view", parameters=SCOPE,
          responses={200: FiguresOut, 503: COMPUTING})  # fmt: skip
def figures(request):
    """The dashboard's figures as the person may read them on the page (small counts hidden
    for analysts and observers)."""
    rows, scope, reading = _figures(request)
    out = {"start": scope.start, "end": scope.end, "protected": reading.protected,
           "k": threshold(), "figures": rows}  # fmt: skip
    return Response(FiguresOut(out).data)


@endpoint(["GET"], "report.view", parameters=SCOPE,
          responses={(200, "text/csv"): OpenApiTypes.STR, 503: COMPUTING})  # fmt: skip
def figures_csv(request):
    """The same figures, one row per figure, for a spreadsheet or a BI tool ("from web")."""
    rows, scope, _reading = _figures(request)
    return _csv(rows, scope)


def _figures(request):
    reading = reader(request.user)
    scope = ScopeForm(request.query_params or None, reader=reading).scope()
    try:
        kept = cached_figures("dashboard", scope, reading.protected)
    except release.NotReady as computing:
        raise Computing from computing
    rows = [{c: getattr(f, c) for c in FIGURE_COLUMNS}
            for f in [*kept["cards"], *kept["reintegration"]]]  # fmt: skip
    return rows, scope, reading


@endpoint(["GET"], "report.logframe", responses={200: LogframeOut, 503: COMPUTING},
          parameters=[OpenApiParameter("project", str, description="A project's code "
                                       "(the first one by default)"), *SCOPE])  # fmt: skip
def logframe(request):
    """A project's logframe as its page shows it to the person: objectives, results and
    their indicators with baseline, target and value (published figures for observers)."""
    reading = reader(request.user)
    projects = Project.objects.visible_to(request.user)
    chosen_code = as_uuid(request.query_params.get("project"))
    project = projects.filter(code=chosen_code).first() if chosen_code else projects.first()
    if project is None:
        raise Http404
    chosen = ScopeForm(request.query_params or None, reader=reading).scope()
    explicit = bool(request.query_params.get("start"))
    scope = project_scope(project, chosen, reading.protected, explicit)
    if scope is None:
        raise Computing("Nothing is published for this project yet.")
    try:
        with release.together():
            found = lines(project, scope, reading.protected)
    except release.NotReady as computing:
        raise Computing from computing
    out = {"project": project.code, "name_fr": project.name_fr, "name_ar": project.name_ar,
           "start": scope.start, "end": scope.end, "protected": reading.protected,
           "k": threshold(), "lines": [_line(line) for line in found]}  # fmt: skip
    return Response(LogframeOut(out).data)


def _line(line) -> dict:
    objective = line.objective
    indicators = [
        {**{c: getattr(f, c) for c in FIGURE_COLUMNS}, "indicator": indicator.code,
         "baseline": f.baseline, "target": f.target,
         "means_of_verification": indicator.means_of_verification}
        for indicator, f in line.indicators
    ]  # fmt: skip
    return {"number": objective.number, "result": objective.parent_id is not None,
            "name_fr": objective.name_fr, "name_ar": objective.name_ar,
            "indicators": indicators}  # fmt: skip


def _csv(rows, scope) -> HttpResponse:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["start", "end", *FIGURE_COLUMNS])
    writer.writeheader()
    for row in rows:
        writer.writerow({"start": scope.start, "end": scope.end, **row})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="sanad-figures-{scope.start}.csv"'
    return response
