"""Who leaves prison soon: each person's expected release with how it is known, the
people whose date cannot be known yet, and what the CSO records about it."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.beneficiaries.models import Beneficiary, Following
from sanad.directory import queries as directory
from sanad.lib.pagination import paginate
from sanad.lib.text import fold
from sanad.lib.views import versioned_save
from sanad.network.access import permits, reach
from sanad.network.decorators import capability_required
from sanad.releases import services
from sanad.releases.expected import estimate
from sanad.releases.forms import (
    FollowUpFilterForm,
    FollowUpForm,
    PlanItemForm,
    ReleaseEventForm,
    ReleaseFilterForm,
    ReleaseForm,
)
from sanad.releases.models import Basis, ExpectedRelease, FollowUp, PlanItem, ReleasePlan


def _unsaved(person) -> ExpectedRelease:
    """The estimate for a person Sanad has not computed yet (no case nor placement), shown
    without being stored: a page read writes nothing."""
    found = estimate(person)
    missing = [str(key) for key in found.missing]
    return ExpectedRelease(
        beneficiary=person, on=found.on, source=found.source, basis=found.basis, missing=missing
    )


@require_GET
@capability_required("release.view")
def release_list(request):
    """Releases expected in the next SANAD_RELEASE_WINDOW_DAYS days, soonest first; with
    `?view=missing`, the detained people whose date cannot be known, and why."""
    form = ReleaseFilterForm(request.GET or None)
    missing = request.GET.get("view") == "missing"
    today = timezone.localdate()
    window = settings.SANAD_RELEASE_WINDOW_DAYS
    rows = ExpectedRelease.objects.visible_to(request.user)
    if missing:
        detained = Beneficiary.objects.filter(placements__ended_on__isnull=True)
        rows = rows.filter(basis=Basis.MISSING, beneficiary__in=detained.values("pk"))
    else:
        rows = rows.filter(on__range=(today, today + timedelta(days=window)))
    if form.is_valid():
        for word in fold(form.cleaned_data["q"]).split():
            rows = rows.filter(beneficiary__search_text__contains=word)
        if source := form.cleaned_data["source"]:
            rows = rows.filter(source=source)
    rows = rows.select_related("beneficiary__current_establishment")
    return render(
        request,
        "releases/release_list.html",
        {
            "form": form,
            "missing": missing,
            "window": window,
            "page": paginate(request, rows.order_by("on", "id")),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("release.view")
def release_detail(request, code):
    """A person's expected release, how it is known or what is missing, and the CSO's record
    of it (a date from the prison registry, remissions granted)."""
    person = get_object_or_404(
        Beneficiary.objects.visible_to(request.user, "release.view"), code=code
    )
    release = ExpectedRelease.objects.filter(beneficiary=person).first()
    shown = release or _unsaved(person)
    can_edit = permits(request.user, "release.edit", person) and release is not None
    form = ReleaseForm(request.POST or None, instance=release) if can_edit else None
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    saved, conflict = (None, None) if form is None else versioned_save(
        request,
        form,
        lambda values, version: services.record_known_release(
            actor=request.user,
            release=ExpectedRelease.objects.get(pk=release.pk),
            values=values,
            expected_version=version,
        ),
    )  # fmt: skip
    if saved:
        return redirect("releases:release_detail", person.code)
    return render(
        request,
        "releases/release_detail.html",
        {
            "person": person,
            "release": shown,
            "form": form,
            "conflict": conflict,
            "plan": person.release_plans.first(),
            "can_start": can_edit,
            "released": person.releases.first(),
            "release_form": ReleaseEventForm() if can_edit else None,
        },
    )


@require_POST
@capability_required("release.edit")
def plan_start(request, code):
    """Start the person's release plan for the CSO that follows them."""
    person = get_object_or_404(
        Beneficiary.objects.visible_to(request.user, "release.edit"), code=code
    )
    followers = Following.objects.filter(beneficiary=person, active=True)
    where = reach(request.user, "release.edit")
    if not where.network:
        followers = followers.filter(organisation__in=where.organisations)
    following = followers.select_related("organisation").order_by("pk").first()
    if following is None:
        raise Http404
    try:
        plan = services.start_plan(
            actor=request.user, beneficiary=person, organisation=following.organisation
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("releases:release_detail", person.code)
    return redirect("releases:plan_detail", plan.code)


@require_GET
@capability_required("release.view")
def plan_detail(request, code):
    plan = get_object_or_404(
        ReleasePlan.objects.visible_to(request.user).select_related("beneficiary", "organisation"),
        code=code,
    )
    items = plan.items.select_related("step", "owner", "partner", "actor")
    return render(
        request,
        "releases/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "done": sum(1 for item in items if item.done_on),
            "can_edit": permits(request.user, "release.edit", plan.beneficiary),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("release.edit")
def item_edit(request, code, pk):
    """One step of a plan: its owner and due date, done, referred to a service from the
    directory and the referral's answer."""
    plan = get_object_or_404(
        ReleasePlan.objects.visible_to(request.user, "release.edit").select_related("beneficiary"),
        code=code,
    )
    item = get_object_or_404(plan.items, pk=pk)
    owners = (
        get_user_model()
        .objects.filter(
            memberships__organisation=plan.organisation, memberships__is_active=True, is_active=True
        )
        .distinct()
    )
    form = PlanItemForm(
        request.POST or None,
        instance=item,
        owners=owners,
        partners=directory.partners(request.user),
        actors=directory.actors(request.user),
    )
    saved, conflict = versioned_save(
        request,
        form,
        lambda values, version: services.update_item(
            actor=request.user,
            item=PlanItem.objects.get(pk=item.pk),
            values=values,
            expected_version=version,
        ),
    )
    if saved:
        return redirect("releases:plan_detail", plan.code)
    return render(
        request,
        "releases/item_form.html",
        {"plan": plan, "item": item, "form": form, "conflict": conflict},
    )


@require_POST
@capability_required("release.edit")
def release_record(request, code):
    """Record the day the person left prison, the circumstances and their answer about being
    followed afterwards."""
    person = get_object_or_404(
        Beneficiary.objects.visible_to(request.user, "release.edit"), code=code
    )
    form = ReleaseEventForm(request.POST)
    if form.is_valid():
        try:
            services.release_person(
                actor=request.user, beneficiary=person, values=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The release was recorded."))
            return redirect("releases:release_detail", person.code)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("releases:release_detail", person.code)


# A follow-up is missed this many days after it was due.
MISSED_AFTER_DAYS = 30


@require_GET
@capability_required("release.view")
def follow_up_list(request):
    """Follow-ups after release: due within two weeks or late (default), missed, or done."""
    form = FollowUpFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    today = timezone.localdate()
    rows = FollowUp.objects.visible_to(request.user)
    if state == "done":
        rows = rows.filter(done_on__isnull=False).order_by("-done_on", "-id")
    elif state == "missed":
        late = today - timedelta(days=MISSED_AFTER_DAYS)
        rows = rows.filter(done_on__isnull=True, due_on__lt=late).order_by("due_on", "id")
    else:
        soon = today + timedelta(days=14)
        rows = rows.filter(done_on__isnull=True, due_on__lte=soon).order_by("due_on", "id")
    rows = rows.select_related("release__beneficiary")
    return render(
        request,
        "releases/follow_up_list.html",
        {"form": form, "page": paginate(request, rows), "today": today},
    )


@require_http_methods(["GET", "POST"])
@capability_required("release.edit")
def follow_up_edit(request, pk):
    """A follow-up after release, as a phone shows it: housing, work or training, family,
    health, contact with justice."""
    follow_up = get_object_or_404(
        FollowUp.objects.visible_to(request.user, "release.edit").select_related(
            "release__beneficiary"
        ),
        pk=pk,
    )
    form = FollowUpForm(request.POST or None, instance=follow_up)
    saved, conflict = versioned_save(
        request,
        form,
        lambda values, version: services.record_follow_up(
            actor=request.user,
            follow_up=FollowUp.objects.get(pk=follow_up.pk),
            values=values,
            expected_version=version,
        ),
    )
    if saved:
        return redirect("releases:follow_up_list")
    return render(
        request,
        "releases/follow_up_form.html",
        {"follow_up": follow_up, "form": form, "conflict": conflict},
    )
