"""Changes to the logframe and the donor reports, audited; the donor report is built by the
task worker."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from openpyxl import Workbook

from sanad.audit.services import diff, record
from sanad.lib.concurrency import create_or_update
from sanad.lib.pdf import html_to_pdf
from sanad.lib.xlsx import append
from sanad.reports import release
from sanad.reports.dashboard import CHARTS, chart_title
from sanad.reports.indicators import Scope
from sanad.reports.logframe import lines
from sanad.reports.models import DonorReport, Indicator, Objective, Project, Target
from sanad.reports.presentation import series, threshold

HEADERS = [
    _("Number"), _("Objective or result"), _("Indicator"), _("Baseline"), _("Target"), _("Value"),
]  # fmt: skip
# The breakdowns every donor report shows, as (indicator, dimension): the dashboard's.
DONOR_CHARTS = CHARTS


@transaction.atomic
def save_project(*, actor, project: Project, values: dict, expected_version=None) -> Project:
    """Create or change a project. Audited as `report.project_saved`."""
    changes = diff(project, values)
    create_or_update(project, values=values, expected_version=expected_version)
    record(actor=actor, action="report.project_saved", target=project, changes=changes)
    return project


@transaction.atomic
def add_objective(*, actor, project: Project, values: dict) -> Objective:
    """Add a specific objective or a result. Audited as `report.objective_added`."""
    objective = Objective.objects.create(project=project, **values)
    record(
        actor=actor,
        action="report.objective_added",
        target=project,
        changes={"objective": [None, objective.number]},
    )
    return objective


@transaction.atomic
def save_indicator(*, actor, indicator: Indicator, values: dict, expected_version=None):
    """Attach a computation to an objective, or change its baseline. Audited as
    `report.indicator_saved`."""
    changes = diff(indicator, values)
    create_or_update(indicator, values=values, expected_version=expected_version)
    record(actor=actor, action="report.indicator_saved", target=indicator, changes=changes)
    return indicator


@transaction.atomic
def add_target(*, actor, indicator: Indicator, values: dict) -> Target:
    """Set a target for a period. Audited as `report.target_added`."""
    target = Target.objects.create(indicator=indicator, **values)
    record(
        actor=actor,
        action="report.target_added",
        target=indicator,
        changes={"target": [None, f"{target.value} ({target.period_start}–{target.period_end})"]},
    )
    return target


@transaction.atomic
def request_donor_report(*, actor, values: dict) -> DonorReport:
    """Queue a donor report for the task worker. Audited as `report.donor_requested`."""
    report = DonorReport.objects.create(created_by=actor, **values)
    record(
        actor=actor,
        action="report.donor_requested",
        target=report,
        changes={"period": [None, f"{report.period_start}–{report.period_end}"]},
    )
    generate_donor_report.enqueue(report_code=str(report.code))
    return report


def _progress(report, value):
    report.progress = value
    DonorReport.objects.filter(pk=report.pk).update(progress=value)


def figures(report: DonorReport) -> dict:
    """Every number of the report as published (reports/release), as plain data (stored, so
    that the PDF, the workbook and any later check show the same numbers)."""
    period = release.snap(report.period_start, report.period_end, timezone.localdate())
    if period is None:
        return {"k": threshold(), "period": "", "logframe": [], "charts": []}
    scope = Scope(period.start, period.end)
    with release.together():
        project_lines = lines(report.project, scope, protected=True)
        _progress(report, 40)
        charts = [
            series(key, scope, dimension, protected=True, title=chart_title(key, dimension))
            for key, dimension in DONOR_CHARTS
        ]
    _progress(report, 60)
    return {
        "k": threshold(),
        "period": period.label,
        "logframe": [
            {
                "number": line.objective.number,
                "objective": line.objective.name,
                "result": line.objective.is_result,
                "indicators": [
                    {
                        "key": f.key,
                        "label": f.label,
                        "unit": f.unit,
                        "value": None if f.value is None else str(f.value),
                        "hidden": f.hidden,
                        "mark": f.mark,
                        "baseline": str(f.baseline),
                        "target": None if f.target is None else str(f.target),
                    }
                    for _indicator, f in line.indicators
                ],
            }
            for line in project_lines
        ],
        "charts": [
            {
                "title": chart.title,
                "rows": [[label, n] for label, n in chart.rows],
                "total": chart.total if chart.additive else None,
                "additive": chart.additive,
                "bars": [[label, n, share] for label, n, share in chart.bars],
            }
            for chart in charts
        ],
    }


def workbook(report: DonorReport, data: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Logframe"))[:31]
    append(sheet, [str(h) for h in HEADERS])
    hidden = f"< {data['k']}"
    for line in data["logframe"]:
        append(sheet, [line["number"], line["objective"]])
        for i in line["indicators"]:
            value = i["value"]
            if i["hidden"]:
                value = hidden if i["unit"] == "number" else f"n {hidden}"
            append(sheet, ["", "", i["label"], i["baseline"], i["target"], value])
    for n, chart in enumerate(data["charts"], start=1):
        tab = book.create_sheet(f"{n}")
        append(tab, [chart["title"]])
        for label, count in chart["rows"]:
            append(tab, [label, hidden if count is None else count])
        if chart["additive"]:
            total = hidden if chart["total"] is None else chart["total"]
            append(tab, [str(_("Total")), total])
    tab = book.create_sheet(str(_("Rule"))[:31])
    append(tab, [disclosure_rule(data["k"])])
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def disclosure_rule(k) -> str:
    return (
        str(
            _(
                "Counts from 1 to %(k)s are shown as “< %(k1)s”, together with as many other cells "
                "as needed so that none can be worked out from the totals."
            )
        )
        % {"k": k - 1, "k1": k}
        + " "
        + str(_("Shares and means that rest on too few people are shown as “n < %(k)s”."))
        % {"k": k}
    )


def build(report_code: str) -> DonorReport:
    """Compute the figures, then write the PDF and the workbook. Progress is saved as it
    goes; a failure is recorded on the report and can be retried by asking again."""
    report = DonorReport.objects.select_related("project").get(code=report_code)
    DonorReport.objects.filter(pk=report.pk).update(state=DonorReport.State.RUNNING, progress=5)
    try:
        with translation.override(report.language):
            data = figures(report)
            html = render_to_string(
                "reports/donor_report_pdf.html",
                {
                    "report": report,
                    "data": data,
                    "rule": disclosure_rule(data["k"]),
                    "rtl": report.language == "ar",
                },
            )
            pdf = html_to_pdf(html)
            _progress(report, 85)
            xlsx = workbook(report, data)
        name = f"donor-report-{report.period_start}-{report.period_end}-{report.language}"
        report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
        report.figures, report.state, report.progress = data, DonorReport.State.DONE, 100
        report.save(update_fields=["pdf", "xlsx", "figures", "state", "progress"])
    except Exception as error:
        DonorReport.objects.filter(pk=report.pk).update(
            state=DonorReport.State.FAILED, error=str(error)[:500]
        )
        raise
    record(actor=report.created_by, action="report.donor_generated", target=report)
    return report


@task()
def generate_donor_report(*, report_code: str) -> str:
    return build(report_code).state
