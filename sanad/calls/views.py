"""The coordinator's and the committee's side of a call: questionnaire and scoring grid,
publication, reviews, ranking, decisions, minutes and exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from sanad.audit.services import record
from sanad.calls import services
from sanad.calls.forms import (
    CallForm,
    ConflictForm,
    CriterionForm,
    DecisionForm,
    ExtendForm,
    MinutesForm,
    QuestionForm,
    review_form,
)
from sanad.calls.models import Application, Call, Criterion, Question, Review, Stage
from sanad.calls.questionnaire import answer_rows, choices_for, readable
from sanad.lib.concurrency import EditConflict
from sanad.lib.mail import render_templated_email
from sanad.lib.pagination import paginate
from sanad.lib.uploads import file_download
from sanad.lib.views import said
from sanad.lib.xlsx import append
from sanad.network.access import has_capability
from sanad.network.decorators import capability_required, signed_in


def _call(request, code):
    return get_object_or_404(Call.objects.visible_to(request.user), code=code)


@require_GET
@capability_required("call.view")
def manage_list(request):
    calls = Call.objects.visible_to(request.user)
    if state := request.GET.get("state"):
        calls = calls.filter(state=state)
    if q := request.GET.get("q", "").strip():
        calls = calls.filter(title_fr__icontains=q) | calls.filter(title_ar__icontains=q)
    return render(
        request,
        "calls/manage_list.html",
        {"page": paginate(request, calls), "states": Call.State.choices},
    )


@require_http_methods(["GET", "POST"])
@capability_required("call.manage")
def call_edit(request, code=None):
    call = _call(request, code) if code else Call()
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_call(
                actor=request.user,
                call=Call.objects.get(pk=call.pk) if call.pk else call,
                values=form.values(),
                reviewers=list(form.cleaned_data["reviewers"]),
                expected_version=form.expected_version,
            )
        except EditConflict as error:
            form.report_conflict(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("calls:questionnaire", code=saved.code)
    return render(request, "calls/call_form.html", {"form": form, "call": call})


@require_http_methods(["GET", "POST"])
@capability_required("call.manage")
def questionnaire(request, code):
    """The questions and the scoring grid of a call, with forms to add to them."""
    call = _call(request, code)
    action = request.POST.get("action")
    question_form = QuestionForm(request.POST if action == "question" else None, prefix="q")
    criterion_form = CriterionForm(request.POST if action == "criterion" else None, prefix="c")
    form = {"question": question_form, "criterion": criterion_form}.get(action)
    if request.method == "POST" and form is not None and form.is_valid():
        add = services.add_question if action == "question" else services.add_criterion
        try:
            add(actor=request.user, call=call, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("calls:questionnaire", code=call.code)
    return render(
        request,
        "calls/questionnaire.html",
        {
            "call": call,
            "question_form": question_form,
            "criterion_form": criterion_form,
            "questions": call.questions.all(),
            "criteria": call.criteria.all(),
        },
    )


@require_POST
@capability_required("call.manage")
def item_remove(request, code, kind, pk):
    call = _call(request, code)
    model = {"question": Question, "criterion": Criterion}.get(kind)
    if model is None:
        return redirect("calls:questionnaire", code=call.code)
    item = get_object_or_404(model, call=call, pk=pk)
    try:
        services.remove(actor=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("calls:questionnaire", code=call.code)


@require_POST
@capability_required("call.manage")
def call_publish(request, code):
    return _change(
        request,
        code,
        services.publish,
        lambda _result: _("The call is published: associations can apply."),
    )


def _change(request, code, change, done):
    """Apply `change` to the call and say `done(result)`, or why it was refused."""
    call = _call(request, code)
    said(request, lambda: change(actor=request.user, call=call), done)
    return redirect("calls:call_detail", code=call.code)


@require_http_methods(["GET", "POST"])
@capability_required("call.manage")
def call_close(request, code):
    """Close an open call before its deadline, after a confirmation that says how many
    applications are still being written."""
    if request.method == "POST":
        return _change(request, code, services.close_early, _closed)
    call = _call(request, code)
    drafts = call.applications.filter(state=Application.State.DRAFT).count()
    return render(request, "calls/call_close.html", {"call": call, "drafts": drafts})


def _closed(told: int) -> str:
    return ngettext(
        "The call is closed. %(count)d author of an unfinished application was told.",
        "The call is closed. %(count)d authors of unfinished applications were told.",
        told,
    ) % {"count": told}


@require_http_methods(["GET", "POST"])
@capability_required("call.manage")
def call_extend(request, code):
    """Move the deadline later; a call closed (early or on time) opens again."""
    call = _call(request, code)
    form = ExtendForm(request.POST or None, initial={"deadline": call.deadline})
    if request.method == "POST" and form.is_valid():
        try:
            services.extend(actor=request.user, call=call, deadline=form.cleaned_data["deadline"])
        except ValidationError as error:
            form.add_error("deadline", error)
        else:
            messages.success(request, _("The deadline was moved."))
            return redirect("calls:call_detail", code=call.code)
    return render(request, "calls/call_extend.html", {"call": call, "form": form})


@require_POST
@capability_required("call.manage")
def call_archive(request, code):
    return _change(request, code, services.archive, lambda _result: _("The call is archived."))


@require_GET
@capability_required("call.view")
def call_detail(request, code):
    """For the coordinator, the ranking; for a committee member, the applications to review."""
    call = _call(request, code)
    manager = has_capability(request.user, "call.manage")
    # Listed through the call, so that every application shares it (and its question list).
    applications = call.applications.filter(
        pk__in=Application.objects.visible_to(request.user).values("pk")
    )
    mine = {
        r.application_id: r
        for r in Review.objects.filter(reviewer=request.user, application__call=call)
    }
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "manager": manager,
            "stages": Stage.choices,
            "ranking": services.ranking(call) if manager else [],
            "ties": services.ties(call) if manager else [],
            "applications": [(a, mine.get(a.pk)) for a in applications.order_by("submitted_at")],
            "drafts": call.applications.filter(state=Application.State.DRAFT).count()
            if manager
            else 0,
        },
    )


def _application(request, call, application_code):
    return get_object_or_404(
        Application.objects.visible_to(request.user).filter(call=call), code=application_code
    )


@require_GET
@capability_required("call.view")
def application_detail(request, code, application_code):
    """An application's answers; the reviewer's scoring form; the others' scores once the
    reviewer's own are submitted (always for the coordinator); the decision."""
    call = _call(request, code)
    application = _application(request, call, application_code)
    criteria = list(call.criteria.all())
    review = Review.objects.filter(application=application, reviewer=request.user).first()
    manager = has_capability(request.user, "call.manage")
    may_decide = has_capability(request.user, "call.decide")
    blocked = _no_decision(call)
    initial = {}
    if review:
        initial = {"comment": review.comment}
        for score in review.scores.all():
            initial[f"score_{score.criterion_id}"] = str(score.value)
            initial[f"comment_{score.criterion_id}"] = score.comment
    others_visible = manager or bool(review and review.submitted_at)
    reviews = (
        application.reviews.filter(submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
        if others_visible
        else []
    )
    return render(
        request,
        "calls/application_detail.html",
        {
            "call": call,
            "application": application,
            "answers": answer_rows(application),
            "review": review,
            "can_review": has_capability(request.user, "call.review")
            and request.user in call.reviewers.all()
            and not (review and review.submitted_at),
            "declared": bool(review and review.declared_at),
            "form": review_form(criteria, initial=initial),
            "conflict_form": ConflictForm(),
            "reviews": [(r, services.weighted(r, criteria)) for r in reviews],
            "can_decide": may_decide and not blocked,
            "decision_blocked": may_decide and blocked,
            "decision_form": DecisionForm(),
        },
    )


def _no_decision(call) -> str:
    """Why applications of `call` cannot be decided now ("" when they can)."""
    if call.stage == Stage.OPEN:
        return _(
            "Decisions are recorded once the call is closed: at its deadline (%(deadline)s) or "
            "earlier from the call's page."
        ) % {"deadline": formats.date_format(timezone.localtime(call.deadline), "DATETIME_FORMAT")}
    if call.stage == Stage.ARCHIVED:
        return _("The call is archived: its decisions are final.")
    return ""


@require_GET
@signed_in
def application_file(request, code, application_code, file_pk):
    """A file an applicant sent, for the coordinator and the call's reviewers who did not
    stand aside; anyone else gets 404 (even without `call.view`: a file's address says
    nothing). Audited, served as an attachment of its checked type."""
    call = _call(request, code)
    application = _application(request, call, application_code)
    sent = get_object_or_404(application.files, pk=file_pk)
    services.record_file_read(actor=request.user, sent=sent)
    return file_download(sent)


@require_POST
@capability_required("call.review")
def review_save(request, code, application_code):
    call = _call(request, code)
    application = _application(request, call, application_code)
    if request.user not in call.reviewers.all():
        return redirect("calls:application_detail", code=code, application_code=application_code)
    try:
        if request.POST.get("action") == "no_conflict":
            services.declare_no_conflict(reviewer=request.user, application=application)
            messages.success(request, _("Declared: no conflict of interest. You can score."))
            return redirect(
                "calls:application_detail", code=code, application_code=application_code
            )
        if request.POST.get("action") == "conflict":
            form = ConflictForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Describe the conflict of interest."))
            services.declare_conflict(
                reviewer=request.user, application=application, note=form.cleaned_data["note"]
            )
            messages.success(request, _("You stand aside from this application."))
            return redirect("calls:call_detail", code=code)
        criteria = list(call.criteria.all())
        form = review_form(criteria, data=request.POST)
        form.is_valid()
        scores = {
            c: (form.cleaned_data[f"score_{c.pk}"], form.cleaned_data.get(f"comment_{c.pk}", ""))
            for c in criteria
            if form.cleaned_data.get(f"score_{c.pk}") is not None
        }
        services.save_review(
            reviewer=request.user,
            application=application,
            scores=scores,
            comment=form.cleaned_data.get("comment", ""),
            final=request.POST.get("action") == "submit",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your review was saved."))
    return redirect("calls:application_detail", code=code, application_code=application_code)


@require_POST
@capability_required("call.decide")
def application_decide(request, code, application_code):
    call = _call(request, code)
    application = _application(request, call, application_code)
    form = DecisionForm(request.POST)
    try:
        if request.POST.get("action") in ("shortlist", "unshortlist"):
            services.shortlist(
                actor=request.user,
                application=application,
                on=request.POST["action"] == "shortlist",
            )
        elif form.is_valid() and request.POST.get("action") == "preview":
            return _decision_preview(request, call, application, form)
        elif form.is_valid():
            services.decide(
                actor=request.user,
                application=application,
                selected=form.cleaned_data["selected"],
                reason=form.cleaned_data["reason"],
            )
        else:
            raise ValidationError(_("Choose the decision and give its reason."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The changes were saved."))
    return redirect("calls:application_detail", code=code, application_code=application_code)


def _decision_preview(request, call, application, form):
    """The e-mail the applicant will receive, shown before the decision is recorded."""
    application.decision_reason = form.cleaned_data["reason"]
    subject, body = render_templated_email(
        language=application.language,
        **services.decision_email(application, form.cleaned_data["selected"]),
    )
    return render(
        request,
        "calls/decision_preview.html",
        {"call": call, "application": application, "form": form, "subject": subject,
         "body": body, "rtl": application.language == "ar"},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@capability_required("call.decide")
def call_minutes(request, code):
    call = _call(request, code)
    form = MinutesForm(
        request.POST or None, initial={"met_on": call.committee_met_on, "minutes": call.minutes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_minutes(
                actor=request.user,
                call=call,
                minutes=form.cleaned_data["minutes"],
                met_on=form.cleaned_data["met_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The minutes were recorded."))
            return redirect("calls:call_detail", code=call.code)
    return render(request, "calls/minutes.html", {"call": call, "form": form})


def _declarations(sheet, call) -> None:
    """Each reviewer's declaration on each application: part of the committee's record."""
    append(sheet, [str(_("E-mail address")), str(_("Reviewer")), str(_("Declared on")),
                   str(_("Conflict of interest")), str(_("Nature of the conflict"))])  # fmt: skip
    reviews = Review.objects.filter(application__call=call, declared_at__isnull=False)
    for review in reviews.select_related("application", "reviewer").order_by("declared_at"):
        append(sheet, [
            review.application.email, review.reviewer.display_name,
            timezone.localtime(review.declared_at).strftime("%Y-%m-%d %H:%M"),
            str(_("Yes")) if review.conflict else str(_("No")), review.conflict_note,
        ])  # fmt: skip


@require_GET
@capability_required("call.manage")
def call_export(request, code):
    """All submitted applications of a call, one row each, with their scores (XLSX)."""
    call = _call(request, code)
    questions = list(call.questions.all())
    labels = {q.pk: dict(choices_for(q)) for q in questions}
    book = Workbook()
    sheet = book.active
    append(sheet,
        [str(_("E-mail address")), str(_("Language")), str(_("State")), str(_("Submitted on")),
         str(_("Weighted mean")), str(_("Spread")), str(_("Reviews"))]
        + [q.label_fr for q in questions]
    )  # fmt: skip
    for row in services.ranking(call):
        application = row["application"]
        append(sheet,
            [application.email, application.language, application.get_state_display(),
             timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M"),
             row["mean"], row["spread"], row["reviews"]]
            + [readable(q, application.answers.get(str(q.pk)), labels[q.pk]) for q in questions]
        )  # fmt: skip
    _declarations(book.create_sheet(str(_("Declarations of interest"))[:31]), call)
    record(actor=request.user, action="call.exported", target=call)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="applications-{call.code}.xlsx"'
    book.save(response)
    return response


@require_GET
@capability_required("call.view")
def application_export(request, code, application_code):
    call = _call(request, code)
    application = _application(request, call, application_code)
    pdf = services.application_pdf(application, translation.get_language() or "fr")
    record(
        actor=request.user,
        action="application.exported",
        target=application,
        label=application.email,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="application-{application.code}.pdf"'
    return response
