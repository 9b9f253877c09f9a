"""Handovers between CSOs: propose from a person's page, answer from the receiving CSO."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.beneficiaries.models import Beneficiary
from sanad.directory.queries import partners
from sanad.handovers import services
from sanad.handovers.forms import HandoverFilterForm, ProposalForm, RefusalForm
from sanad.handovers.models import Handover
from sanad.lib.pagination import paginate
from sanad.lib.views import form_step, said
from sanad.network.access import reach
from sanad.network.acting import acting_organisation, acting_refusal
from sanad.network.decorators import capability_required


@require_GET
@capability_required("handover.view")
def handover_list(request):
    """Proposals made by or to the user's organisations (all of them for the coordinator)."""
    form = HandoverFilterForm(request.GET or None)
    rows = Handover.objects.visible_to(request.user).select_related(
        "from_organisation", "to_organisation", "beneficiary"
    )
    if form.is_valid():
        mine = reach(request.user, "handover.view").organisations
        if form.cleaned_data["direction"] == "in":
            rows = rows.filter(to_organisation__in=mine)
        elif form.cleaned_data["direction"] == "out":
            rows = rows.filter(from_organisation__in=mine)
        if state := form.cleaned_data["state"]:
            rows = rows.filter(state=state)
    return render(
        request, "handovers/handover_list.html", {"form": form, "page": paginate(request, rows)}
    )


@require_http_methods(["GET", "POST"])
@capability_required("handover.propose")
def propose(request, code):
    """Propose that a CSO found in the directory follow a person the acting CSO follows."""
    beneficiary = get_object_or_404(
        Beneficiary.objects.visible_to(request.user, "handover.propose"), code=code
    )
    organisation = acting_organisation(request, "handover.propose")
    if (
        organisation is None
        or not beneficiary.followings.filter(organisation=organisation, active=True).exists()
    ):
        messages.error(
            request, acting_refusal(request, _("Only a CSO following the person proposes."))
        )
        return redirect("beneficiaries:beneficiary_detail", code=beneficiary.code)
    followers = beneficiary.followings.filter(active=True).values("organisation")
    form = ProposalForm(
        request.POST or None,
        partners=partners(request.user).exclude(pk__in=followers).order_by("name_fr"),
    )
    return form_step(
        request,
        form,
        save=lambda: services.propose(
            actor=request.user,
            beneficiary=beneficiary,
            from_organisation=organisation,
            values=form.cleaned_data,
        ),
        done_url=reverse("beneficiaries:beneficiary_detail", args=[beneficiary.code]),
        template="handovers/propose.html",
        context={
            "beneficiary": beneficiary,
            "organisation": organisation,
            "directory": reverse("directory:partner_list"),
            "consent": services.has_sharing_consent(beneficiary),
        },
    )


@require_GET
@capability_required("handover.view")
def handover_detail(request, code):
    """What the receiving CSO may know before it accepts: initials, establishment, needs and
    the reason; the answer buttons for whoever may give them."""
    handover = get_object_or_404(
        Handover.objects.visible_to(request.user).select_related(
            "from_organisation", "to_organisation", "beneficiary__current_establishment"
        ),
        code=code,
    )
    waiting = handover.state == Handover.State.PROPOSED
    services.record_view(actor=request.user, handover=handover)
    return render(
        request,
        "handovers/handover_detail.html",
        {
            "handover": handover,
            "initials": services.initials(handover.beneficiary),
            "needs": handover.beneficiary.needs.all(),
            "can_answer": waiting and _answers(request.user, handover),
            "can_withdraw": waiting and _proposes(request.user, handover),
            "can_open": Beneficiary.objects.visible_to(request.user)
            .filter(pk=handover.beneficiary_id)
            .exists(),
            "refusal": RefusalForm(),
        },
    )


@require_POST
@capability_required("handover.answer")
def handover_accept(request, code):
    handover = _answerable(request, code)
    accepted = _("Accepted: your organisation now follows the person.")
    return _step(request, handover, services.accept, accepted)


@require_POST
@capability_required("handover.answer")
def handover_refuse(request, code):
    handover = _answerable(request, code)
    form = RefusalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the proposal is refused."))
        return redirect("handovers:handover_detail", code=handover.code)
    refused = _("Refused: the proposing CSO reads your reason.")
    return _step(request, handover, services.refuse, refused, answer=form.cleaned_data["answer"])


@require_POST
@capability_required("handover.propose")
def handover_withdraw(request, code):
    handover = get_object_or_404(Handover.objects.visible_to(request.user), code=code)
    if not _proposes(request.user, handover):
        raise PermissionDenied
    return _step(request, handover, services.withdraw, _("The proposal is withdrawn."))


def _answerable(request, code) -> Handover:
    handover = get_object_or_404(Handover.objects.visible_to(request.user), code=code)
    if not _answers(request.user, handover):
        raise PermissionDenied
    return handover


def _answers(user, handover) -> bool:
    return handover.to_organisation_id in reach(user, "handover.answer").organisations


def _proposes(user, handover) -> bool:
    return handover.from_organisation_id in reach(user, "handover.propose").organisations


def _step(request, handover, change, done: str, **values):
    """Apply `change` to the proposal and say `done`, or why it was refused."""
    said(request, lambda: change(actor=request.user, handover=handover, **values), lambda _r: done)
    return redirect("handovers:handover_detail", code=handover.code)
