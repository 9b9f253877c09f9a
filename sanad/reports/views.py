from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.audit.services import record
from sanad.beneficiaries.models import ExportFile
from sanad.beneficiaries.services import queue_export
from sanad.beneficiaries.views import send_export, show_export
from sanad.lib.concurrency import EditConflict
from sanad.lib.pagination import paginate
from sanad.lib.views import as_uuid, form_step
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required
from sanad.reports import release, services
from sanad.reports.dashboard import cached_figures
from sanad.reports.forms import (
    CurrentReportForm,
    DonorReportForm,
    IndicatorForm,
    ObjectiveForm,
    ProjectForm,
    ScopeForm,
    TargetForm,
)
from sanad.reports.indicators import INDICATORS
from sanad.reports.logframe import lines, project_scope
from sanad.reports.models import DonorReport, Indicator, Project
from sanad.reports.presentation import threshold
from sanad.reports.readers import reader


def _scope_form(request):
    reading = reader(request.user)
    form = ScopeForm(request.GET or None, reader=reading)
    return reading, form, form.scope()


def _kept_page(request, template: str, kind: str):
    """A report page of figures kept between requests (reports/dashboard.cached_figures)."""
    reading, form, scope = _scope_form(request)
    try:
        figures = cached_figures(kind, scope, reading.protected)
    except release.NotReady:
        return preparing(request)
    context = {"form": form, "protected": reading.protected, "k": threshold(), **figures}
    return render(request, template, context)


def preparing(request):
    """Today's published figures are being computed by the task worker: say so, and look
    again shortly (docs/disclosure.md says why they are not computed here)."""
    return render(request, "reports/preparing.html")


@require_GET
@capability_required("report.view")
def dashboard(request):
    """The network's figures for the coordinator, a CSO's own work for its members, and the
    same aggregates with small counts suppressed for analysts and observers."""
    return _kept_page(request, "reports/dashboard.html", "dashboard")


@require_GET
@capability_required("report.conditions")
def conditions_page(request):
    """Observations and complaints per establishment and category, and over time."""
    return _kept_page(request, "reports/conditions.html", "conditions")


def _projects(request):
    return Project.objects.visible_to(request.user)


@require_GET
@capability_required("report.logframe")
def logframe(request):
    """Objectives, results and indicators of a project with baseline, target and value."""
    projects = _projects(request)
    chosen = as_uuid(request.GET.get("project"))
    project = (chosen and projects.filter(code=chosen).first()) or projects.first()
    reading = reader(request.user)
    form = ScopeForm(request.GET or None, reader=reading)
    scope = form.scope()
    if project:
        explicit = bool(request.GET.get("start"))
        scope = project_scope(project, scope, reading.protected, explicit)
    try:
        with release.together():
            project_lines = lines(project, scope, reading.protected) if project and scope else []
    except release.NotReady:
        return preparing(request)
    return render(
        request,
        "reports/logframe.html",
        {
            "projects": projects,
            "project": project,
            "scope": scope,
            "lines": project_lines,
            "protected": reading.protected,
            "k": threshold(),
            "can_edit": has_capability(request.user, "report.logframe_edit"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("report.logframe_edit")
def project_edit(request, code=None):
    project = get_object_or_404(_projects(request), code=code) if code else Project()
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_project(
                actor=request.user,
                project=Project.objects.get(pk=project.pk) if project.pk else project,
                values=form.values(),
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            form.report_conflict(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(f"{_logframe_url()}?project={saved.code}")
    return render(request, "reports/logframe_form.html", {"form": form, "title": _("Project")})


def _logframe_url():
    return reverse("reports:logframe")


@require_http_methods(["GET", "POST"])
@capability_required("report.logframe_edit")
def objective_create(request, code):
    project = get_object_or_404(_projects(request), code=code)
    form = ObjectiveForm(request.POST or None, project=project)
    return form_step(
        request,
        form,
        save=lambda: services.add_objective(
            actor=request.user, project=project, values=form.cleaned_data
        ),
        done_url=f"{_logframe_url()}?project={project.code}",
        template="reports/logframe_form.html",
        context={"title": _("Objective or result")},
    )


@require_http_methods(["GET", "POST"])
@capability_required("report.logframe_edit")
def indicator_edit(request, code, indicator_code=None):
    project = get_object_or_404(_projects(request), code=code)
    indicator = (
        get_object_or_404(
            Indicator.objects.visible_to(request.user, "report.logframe_edit"),
            objective__project=project,
            code=indicator_code,
        )
        if indicator_code
        else Indicator()
    )
    form = IndicatorForm(request.POST or None, instance=indicator, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_indicator(
                actor=request.user,
                indicator=Indicator.objects.get(pk=indicator.pk) if indicator.pk else indicator,
                values=form.values(),
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            form.report_conflict(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(f"{_logframe_url()}?project={project.code}")
    return render(
        request,
        "reports/logframe_form.html",
        {"form": form, "title": _("Indicator"), "indicator": indicator},
    )


@require_http_methods(["GET", "POST"])
@capability_required("report.logframe_edit")
def target_create(request, code, indicator_code):
    project = get_object_or_404(_projects(request), code=code)
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user, "report.logframe_edit"),
        objective__project=project,
        code=indicator_code,
    )
    form = TargetForm(request.POST or None)
    return form_step(
        request,
        form,
        save=lambda: services.add_target(
            actor=request.user, indicator=indicator, values=form.cleaned_data
        ),
        done_url=f"{_logframe_url()}?project={project.code}",
        template="reports/logframe_form.html",
        context={"title": _("Target"), "subtitle": INDICATORS[indicator.key].label},
    )


@require_http_methods(["GET", "POST"])
@capability_required("report.donor_read")
def donor_list(request):
    """Donor reports; the coordinating NGO asks for new ones here."""
    can_create = has_capability(request.user, "report.donor")
    form = DonorReportForm(request.POST or None) if can_create else None
    if form is not None:
        form.fields["project"].queryset = _projects(request)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            report = services.request_donor_report(actor=request.user, values=form.cleaned_data)
            messages.success(request, _("The report is being prepared: this page follows it."))
            return redirect("reports:donor_detail", code=report.code)
    reports = DonorReport.objects.visible_to(request.user).select_related("project")
    projects = list(_readable_projects(request)[:2])
    # The reader's language, and the project when there is only one: one click to the report.
    current = CurrentReportForm(
        initial={
            "language": "ar" if request.LANGUAGE_CODE == "ar" else "fr",
            "project": projects[0].pk if len(projects) == 1 else None,
        }
    )
    current.fields["project"].queryset = _readable_projects(request)
    context = {"form": form, "page": paginate(request, reports), "current": current}
    return render(request, "reports/donor_list.html", context)


def _readable_projects(request):
    return Project.objects.visible_to(request.user, "report.donor_read")


@require_POST
@capability_required("report.donor_read")
def donor_current(request):
    """This year's report, for whoever reads donor reports: the one already made, or one
    prepared now that this page then follows."""
    form = CurrentReportForm(request.POST)
    form.fields["project"].queryset = _readable_projects(request)
    if not form.is_valid():
        messages.error(request, _("Choose a project and a language."))
        return redirect("reports:donor_list")
    report = services.current_report(actor=request.user, **form.cleaned_data)
    if report is None:
        messages.error(request, _("No quarter of the project has ended yet."))
        return redirect("reports:donor_list")
    return redirect("reports:donor_detail", code=report.code)


def _report(request, code):
    return get_object_or_404(
        DonorReport.objects.visible_to(request.user).select_related("project"), code=code
    )


@require_GET
@capability_required("report.donor_read")
def donor_detail(request, code):
    return render(request, "reports/donor_detail.html", {"report": _report(request, code)})


@require_GET
@capability_required("report.donor_read")
def donor_download(request, code, kind):
    report = _report(request, code)
    if kind not in ("pdf", "xlsx"):
        raise Http404
    document = report.pdf if kind == "pdf" else report.xlsx
    if report.state != DonorReport.State.DONE or not document:
        return redirect("reports:donor_detail", code=report.code)
    record(
        actor=request.user,
        action="report.donor_downloaded",
        target=report,
        changes={"format": [None, kind]},
    )
    return FileResponse(
        document.open("rb"), as_attachment=True, filename=document.name.rsplit("/", 1)[-1]
    )


@require_http_methods(["GET", "POST"])
@capability_required("report.extract")
def extract_page(request):
    """What the extract holds, the user's recent extracts, and the button that has the task
    worker prepare a new one (minutes at national scale, past any request's timeout)."""
    if request.method == "POST":
        export = queue_export(actor=request.user, kind=ExportFile.Kind.ANALYSIS)
        return redirect("reports:extract_detail", code=export.code)
    recent = ExportFile.objects.visible_to(request.user).filter(kind=ExportFile.Kind.ANALYSIS)
    context = {"recent": recent[:5], "keep_hours": settings.SANAD_EXPORT_KEEP_HOURS}
    return render(request, "reports/extract.html", context)


@require_GET
@capability_required("report.extract")
def extract_detail(request, code):
    return show_export(request, code, ExportFile.Kind.ANALYSIS)


@require_GET
@capability_required("report.extract")
def extract_download(request, code):
    return send_export(request, code, ExportFile.Kind.ANALYSIS)
