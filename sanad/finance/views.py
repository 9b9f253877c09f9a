from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from sanad.audit.services import record
from sanad.finance import queries, reports, services
from sanad.finance.forms import (
    AllocationForm,
    BudgetLineForm,
    ClaimForm,
    DecisionForm,
    PaymentForm,
)
from sanad.finance.models import Allocation, BudgetLine, ExpenseClaim
from sanad.lib.pagination import paginate
from sanad.lib.views import form_step
from sanad.lib.xlsx import append
from sanad.network.access import (
    allowed,
    has_capability,
)
from sanad.network.acting import acting_organisation, acting_refusal
from sanad.network.decorators import capability_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _claim(request, code, capability="finance.view") -> ExpenseClaim:
    claims = ExpenseClaim.objects.visible_to(request.user, capability)
    return get_object_or_404(claims.select_related("organisation", "budget_line"), code=code)


@require_GET
@capability_required("finance.view")
def overview(request):
    """Allocated, claimed, approved and paid per budget line and CSO, to the dirham."""
    rows, totals = reports.summary(
        Allocation.objects.visible_to(request.user), ExpenseClaim.objects.visible_to(request.user)
    )
    return render(
        request,
        "finance/overview.html",
        {
            "rows": rows,
            "totals": totals,
            "months": reports.by_month(ExpenseClaim.objects.visible_to(request.user)),
            "lines": BudgetLine.objects.all()
            if has_capability(request.user, "finance.budget")
            else [],
            "can_budget": has_capability(request.user, "finance.budget"),
            "can_export": has_capability(request.user, "finance.export"),
            "can_claim": has_capability(request.user, "claim.create"),
        },
    )


@require_GET
@capability_required("finance.view")
def claim_list(request):
    """Expense claims the user may see, the latest expense first, found by words of their
    description and filtered by state, organisation, budget line and date of the expense."""
    form, claims = queries.listed(request.user, request.GET)
    return render(
        request,
        "finance/claim_list.html",
        {
            "form": form,
            "page": paginate(request, claims),
            "can_claim": has_capability(request.user, "claim.create"),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("claim.create")
def claim_edit(request, code=None):
    claim = _claim(request, code, "claim.create") if code else None
    organisation = claim.organisation if claim else acting_organisation(request, "claim.create")
    if organisation is None:
        messages.error(request, acting_refusal(request, _("Only a partner CSO makes claims.")))
        return redirect("finance:claim_list")
    if claim and claim.state != ExpenseClaim.State.DRAFT:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("finance:claim_detail", code=claim.code)
    form = ClaimForm(
        request.POST or None, request.FILES or None, instance=claim, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.save_claim(
                actor=request.user, organisation=organisation, claim=claim, values=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The claim was saved as a draft."))
            return redirect("finance:claim_detail", code=claim.code)
    return render(request, "finance/claim_form.html", {"form": form, "claim": claim})


@require_GET
@capability_required("finance.view")
def claim_detail(request, code):
    claim = _claim(request, code)
    may = allowed(request.user, claim, "claim.create", "finance.decide", "finance.pay")
    return render(
        request,
        "finance/claim_detail.html",
        {
            "claim": claim,
            "over": services.over_allocation(claim),
            "can_claim": "claim.create" in may,
            "can_decide": "finance.decide" in may,
            "can_pay": "finance.pay" in may,
        },
    )


@require_POST
@capability_required("claim.create")
def claim_submit(request, code):
    claim = _claim(request, code, "claim.create")
    try:
        excess = services.submit(actor=request.user, claim=claim)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The claim was sent to finance."))
        if excess:
            messages.warning(
                request,
                _("This claim exceeds your allocation by %(amount)s MAD.") % {"amount": excess},
            )
    return redirect("finance:claim_detail", code=claim.code)


def _finance_step(request, claim, form, title, save):
    return form_step(
        request,
        form,
        save=save,
        done_url=reverse("finance:claim_detail", args=[claim.code]),
        template="finance/claim_step.html",
        context={"claim": claim, "title": title},
    )


@require_http_methods(["GET", "POST"])
@capability_required("finance.decide")
def claim_decide(request, code):
    claim = _claim(request, code, "finance.decide")
    form = DecisionForm(request.POST or None)
    return _finance_step(
        request,
        claim,
        form,
        _("Approve or reject"),
        lambda: services.decide(
            actor=request.user,
            claim=claim,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        ),
    )


@require_http_methods(["GET", "POST"])
@capability_required("finance.pay")
def claim_pay(request, code):
    claim = _claim(request, code, "finance.pay")
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    return _finance_step(
        request,
        claim,
        form,
        _("Record the payment"),
        lambda: services.pay(
            actor=request.user,
            claim=claim,
            paid_on=form.cleaned_data["paid_on"],
            reference=form.cleaned_data["reference"],
        ),
    )


@require_GET
@capability_required("finance.view")
def claim_receipt(request, code):
    claim = _claim(request, code)
    if not claim.receipt:
        raise Http404
    return FileResponse(
        claim.receipt.open("rb"),
        as_attachment=True,
        filename=f"receipt-{claim.code}.{claim.receipt.name.rsplit('.', 1)[-1]}",
    )


@require_http_methods(["GET", "POST"])
@capability_required("finance.budget")
def budget_line_edit(request, code=None):
    lines = BudgetLine.objects.visible_to(request.user, "finance.budget")
    line = get_object_or_404(lines, code=code) if code else None
    form = BudgetLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        services.save_budget_line(actor=request.user, line=line, values=form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect("finance:overview")
    return render(request, "finance/finance_form.html", {"form": form, "title": _("Budget line")})


@require_http_methods(["GET", "POST"])
@capability_required("finance.budget")
def allocation_create(request):
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_allocation(actor=request.user, values=form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect("finance:overview")
    return render(request, "finance/finance_form.html", {"form": form, "title": _("Allocation")})


@require_GET
@capability_required("finance.export")
def export_xlsx(request):
    """The donor's financial follow-up: per budget line and CSO, then every paid claim with
    its linked activity. Amounts are written as exact decimals. Audited."""
    rows, totals = reports.summary(
        Allocation.objects.visible_to(request.user), ExpenseClaim.objects.visible_to(request.user)
    )
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")
    append(
        sheet,
        [
            _("Budget line"),
            _("Organisation"),
            _("Allocated (MAD)"),
            _("Claimed (MAD)"),
            _("Approved (MAD)"),
            _("Paid (MAD)"),
        ],
    )
    for row in rows:
        append(
            sheet,
            [
                row["line"].name,
                row["organisation"].name_fr,
                row["allocated"],
                row["claimed"],
                row["approved"],
                row["paid"],
            ],
        )
    append(
        sheet,
        [
            _("Total"),
            "",
            totals["allocated"],
            totals["claimed"],
            totals["approved"],
            totals["paid"],
        ],
    )
    paid = book.create_sheet(_("Paid claims"))
    append(
        paid,
        [
            _("Date"),
            _("Organisation"),
            _("Budget line"),
            _("Description"),
            _("Activity"),
            _("Amount (MAD)"),
            _("Paid on"),
            _("Payment reference"),
        ],
    )
    claims = (
        ExpenseClaim.objects.visible_to(request.user)
        .filter(state=ExpenseClaim.State.PAID)
        .select_related("organisation", "budget_line", "visit", "meeting", "session")
    )
    for claim in claims.iterator(chunk_size=500):
        activity = claim.visit or claim.meeting or claim.session or ""
        append(
            paid,
            [
                claim.spent_on,
                claim.organisation.name_fr,
                claim.budget_line.name,
                claim.description,
                str(activity),
                claim.amount,
                claim.paid_on,
                claim.payment_reference,
            ],
        )
    for ws in (sheet, paid):
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if (
                    cell.column_letter in ("C", "D", "E", "F")
                    and ws is sheet
                    or (ws is paid and cell.column_letter == "F")
                ):
                    cell.number_format = "#,##0.00"
    record(actor=request.user, action="finance.exported", label="financial report")
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="sanad-finance-{timezone.localdate()}.xlsx"'
    )
    book.save(response)
    return response
