"""Changes to the logframe and the donor reports, audited; the donor report is built by the
task worker."""

from collections.abc import Callable
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from openpyxl import Workbook

from sanad.audit.services import diff, record
from sanad.lib.concurrency import create_or_update
from sanad.lib.disclosure import PROTECTING, SMALL
from sanad.lib.pdf import html_to_pdf
from sanad.lib.xlsx import append
from sanad.reports import release
from sanad.reports.dashboard import CHARTS, chart_title
from sanad.reports.indicators import DIMENSIONS, Scope
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


def current_report(*, actor, project: Project, language: str) -> DonorReport | None:
    """This year's report of `project` in `language`, to its last completed quarter: the one
    made by this code or being made, else one queued now. None before any quarter ends."""
    periods = release.reader_periods()
    if not periods:
        return None
    period = periods[0]
    made = DonorReport.objects.filter(
        project=project, language=language, period_start=period.start, period_end=period.end
    ).filter(
        Q(state__in=[DonorReport.State.QUEUED, DonorReport.State.RUNNING])
        | Q(state=DonorReport.State.DONE, figures__version=release.VERSION)
    )
    if actor is not None:
        made = made.filter(pk__in=DonorReport.objects.visible_to(actor).values("pk"))
    values = {"project": project, "language": language}
    return made.first() or request_donor_report(
        actor=actor, values={**values, "period_start": period.start, "period_end": period.end}
    )


def prepare_current_reports() -> list[DonorReport]:
    """The scheduled run: this year's report of every running project, in both languages."""
    periods = release.reader_periods()
    if not periods:
        return []
    running = Project.objects.filter(starts_on__lte=periods[0].end, ends_on__gte=periods[0].start)
    return [
        current_report(actor=None, project=project, language=language)
        for project in running
        for language in DonorReport.Language.values
    ]


def _progress(report, value):
    report.progress = value
    DonorReport.objects.filter(pk=report.pk).update(progress=value)


# Sections of the donor report that apps above this one add (template -> builder of its
# plain data): the advocacy app's recommendations.
DONOR_SECTIONS: dict[str, Callable[[DonorReport], dict]] = {}


def figures(report: DonorReport) -> dict:
    """Every number of the report as published (reports/release), as plain data (stored, so
    that the PDF, the workbook and any later check show the same numbers)."""
    period = release.snap(report.period_start, report.period_end, timezone.localdate())
    if period is None:
        return {"k": threshold(), "period": "", "logframe": [], "charts": []}
    scope = Scope(period.start, period.end)
    with release.together(wait=True):
        project_lines = lines(report.project, scope, protected=True)
        _progress(report, 40)
        charts = [
            series(key, scope, dimension, protected=True, title=chart_title(key, dimension))
            for key, dimension in DONOR_CHARTS
        ]
    _progress(report, 60)
    return {
        "sections": [
            {"template": template, "data": build(report)}
            for template, build in DONOR_SECTIONS.items()
        ],
        "k": threshold(),
        "version": release.VERSION,
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
                "dimension": str(DIMENSIONS[dimension]),
                "rows": [[label, n] for label, n in chart.rows],
                "total": chart.total if chart.additive else None,
                "additive": chart.additive,
                "bars": [[label, n, share] for label, n, share in chart.bars],
            }
            for chart, (_key, dimension) in zip(charts, DONOR_CHARTS, strict=True)
        ],
    }


def workbook(report: DonorReport, data: dict) -> bytes:
    """The report's figures as a workbook: one named sheet per table, numbers stored as
    numbers, hidden figures under the PDF's marks, sheets right to left in Arabic."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_name(book, str(_("Logframe")))
    append(sheet, [str(h) for h in HEADERS])
    k = data["k"]
    for line in data["logframe"]:
        append(sheet, [line["number"], line["objective"]])
        for i in line["indicators"]:
            value = _number(i["value"])
            if i["hidden"]:
                value = _mark(i["mark"] or SMALL, k, "" if i["unit"] == "number" else "n ")
            row = [_number(i["baseline"]), _number(i["target"]), value]
            append(sheet, ["", "", i["label"], *row])
    for n, chart in enumerate(data["charts"], start=1):
        tab = book.create_sheet(_sheet_name(book, f"{n}. {chart.get('dimension', '')}"))
        append(tab, [chart["title"]])
        for label, count in chart["rows"]:
            append(tab, [label, _mark(count, k)])
        if chart["additive"]:
            append(tab, [str(_("Total")), _mark(chart["total"], k)])
    tab = book.create_sheet(_sheet_name(book, str(_("Rule"))))
    append(tab, [disclosure_rule(k)])
    for tab in book.worksheets:
        tab.sheet_view.rightToLeft = report.language == "ar"
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _number(text):
    return None if text is None else Decimal(text)


def _mark(count, k, prefix=""):
    """A count as a number, or its mark as text: "< k" (kept left to right) or "•"."""
    if count == PROTECTING:
        return "•"
    if count is None or count == SMALL:
        return f"\u200e{prefix}< {k}"
    return count


def _sheet_name(book, title: str) -> str:
    """`title` cut to a spreadsheet's 31 characters, without the characters it forbids."""
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31].strip()
    return name if name not in book.sheetnames else name[:28] + f" {len(book.sheetnames)}"


def disclosure_rule(k) -> str:
    """The legend of the marks, as one sentence for the PDF and the workbook."""
    return str(
        _(
            "Counts from 1 to %(last)s are hidden and shown as “< %(k)s”; figures hidden only "
            "so that those cannot be worked out, from this report or from any other period, "
            "are shown as “•”. Shares and means that rest on too few people are shown as "
            "“n < %(k)s”."
        )
    ) % {"last": k - 1, "k": k}


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
