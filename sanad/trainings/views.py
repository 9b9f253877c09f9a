"""Trainings: the coordinator plans them, invites CSOs, records attendance; members answer
the knowledge questionnaire before and after and download their certificate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.lib.pagination import paginate
from sanad.lib.views import versioned_save
from sanad.library.models import Resource
from sanad.network.access import has_capability, permits
from sanad.network.decorators import capability_required
from sanad.trainings import services
from sanad.trainings.forms import (
    AnswersForm,
    AttendanceForm,
    CancelForm,
    InviteForm,
    QuestionForm,
    TrainingFilterForm,
    TrainingForm,
)
from sanad.trainings.models import Participant, Question, Training


def _training(request, code, capability="training.view") -> Training:
    return get_object_or_404(Training.objects.visible_to(request.user, capability), code=code)


@require_GET
@capability_required("training.view")
def training_list(request):
    """Trainings the person is invited to or follows their staff in (all for the
    coordinator), searched by title, state and period."""
    form = TrainingFilterForm(request.GET or None)
    rows = Training.objects.visible_to(request.user)
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            rows = rows.filter(Q(title_fr__icontains=q) | Q(title_ar__icontains=q))
        if state := form.cleaned_data["state"]:
            rows = rows.filter(state=state)
        rows = form.within(rows, "starts_on")
    return render(
        request,
        "trainings/training_list.html",
        {
            "form": form,
            "page": paginate(request, rows.order_by("-starts_on", "-id")),
            "can_manage": has_capability(request.user, "training.manage"),
        },
    )


@require_GET
@capability_required("training.view")
def training_detail(request, code):
    training = _training(request, code)
    can_manage = permits(request.user, "training.manage", training)
    participants = Participant.objects.visible_to(request.user).filter(training=training)
    own = training.participants.filter(user=request.user).first()
    return render(
        request,
        "trainings/training_detail.html",
        {
            "training": training,
            "can_manage": can_manage,
            "participants": participants.select_related("user", "organisation"),
            "own": own,
            "open_stages": [s for s in Participant.Stage if own and services.stage_open(own, s)],
            "materials": training.materials.filter(
                pk__in=Resource.objects.visible_to(request.user).values("pk")
            ),
            "questions": training.questions.count(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required("training.manage")
def training_edit(request, code=None):
    """Plan a training or change one (a version check keeps two edits apart)."""
    training = _training(request, code, "training.manage") if code else Training()
    materials = Resource.objects.visible_to(request.user).order_by("title_fr")
    form = TrainingForm(request.POST or None, instance=training, materials=materials)
    saved, conflict = versioned_save(
        request,
        form,
        lambda values, version: services.save_training(
            actor=request.user,
            training=Training.objects.get(pk=training.pk) if code else Training(),
            values=values,
            expected_version=version,
        ),
    )
    if saved:
        return redirect("trainings:training_detail", saved.code)
    return render(
        request,
        "trainings/training_form.html",
        {"form": form, "training": training if code else None, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
@capability_required("training.manage")
def questions(request, code):
    """The knowledge questionnaire: add questions until someone has answered."""
    training = _training(request, code, "training.manage")
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(actor=request.user, training=training, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("trainings:questions", training.code)
    return render(
        request,
        "trainings/questions.html",
        {"training": training, "form": form, "questions": training.questions.all()},
    )


@require_POST
@capability_required("training.manage")
def question_remove(request, code, pk):
    training = _training(request, code, "training.manage")
    question = get_object_or_404(Question, training=training, pk=pk)
    try:
        services.remove_question(actor=request.user, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question was removed."))
    return redirect("trainings:questions", training.code)


@require_http_methods(["GET", "POST"])
@capability_required("training.manage")
def invite(request, code):
    """Invite the focal points and field workers of chosen CSOs (e-mailed)."""
    training = _training(request, code, "training.manage")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.invite(
                actor=request.user,
                training=training,
                organisations=form.cleaned_data["organisations"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            invited = ngettext(
                "%(count)s person was invited.", "%(count)s people were invited.", count
            )
            messages.success(request, invited % {"count": count})
            return redirect("trainings:training_detail", training.code)
    return render(request, "trainings/invite.html", {"training": training, "form": form})


@require_http_methods(["GET", "POST"])
@capability_required("training.manage")
def attendance(request, code):
    """Who attended: recorded once the training has begun; the training is then held."""
    training = _training(request, code, "training.manage")
    participants = training.participants.select_related("user", "organisation")
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,  # nobody ticked is an answer
        participants=participants,
        initial={"present": participants.filter(attended=True)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(
                actor=request.user, training=training, present=form.cleaned_data["present"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Attendance was recorded."))
            return redirect("trainings:training_detail", training.code)
    return render(request, "trainings/attendance.html", {"training": training, "form": form})


@require_http_methods(["GET", "POST"])
@capability_required("training.manage")
def training_cancel(request, code):
    """Cancel a planned training, after confirming, with a reason e-mailed to those invited."""
    training = _training(request, code, "training.manage")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(
                actor=request.user, training=training, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The training was cancelled; the people invited are told."))
            return redirect("trainings:training_detail", training.code)
    return render(request, "trainings/cancel.html", {"training": training, "form": form})


@require_http_methods(["GET", "POST"])
@capability_required("training.view")
def questionnaire(request, code, stage):
    """The invited person's own questionnaire, before or after the training, once each."""
    training = _training(request, code)
    if stage not in Participant.Stage.values:
        raise Http404
    participant = get_object_or_404(training.participants, user=request.user)
    if not services.stage_open(participant, stage):
        raise PermissionDenied
    form = AnswersForm(request.POST or None, questions=training.questions.all())
    if request.method == "POST" and form.is_valid():
        score = services.answer(
            actor=request.user, participant=participant, stage=stage, answers=form.cleaned_data
        )
        messages.success(request, _("Thank you. Your score: %(score)s%%.") % {"score": score})
        return redirect("trainings:training_detail", training.code)
    return render(
        request,
        "trainings/questionnaire.html",
        {"training": training, "form": form, "stage": Participant.Stage(stage)},
    )


@require_GET
@capability_required("training.view")
def certificate(request, code, participant):
    """A certificate of attendance (PDF, in the participant's language): for the participant,
    their focal point and the coordinator."""
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user).select_related("user", "organisation"),
        training__code=code,
        code=participant,
        attended=True,
    )
    services.record_certificate(actor=request.user, participant=participant)
    response = HttpResponse(services.certificate_pdf(participant), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{participant.code}.pdf"'
    return response
