"""What associations see, without an account: open calls, and their application through a
private link (autosaved, files, submission before the deadline)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanad.calls import services
from sanad.calls.forms import StartForm
from sanad.calls.models import Application, ApplicationFile, Call, Question
from sanad.calls.questionnaire import AnswersForm, initial
from sanad.lib.client import client_address
from sanad.lib.uploads import file_download
from sanad.network.decorators import public


@public
@require_GET
def call_list(request):
    """The calls open to applications."""
    return render(request, "calls/public_list.html", {"calls": Call.objects.open()})


@public
@require_http_methods(["GET", "POST"])
def call_public(request, code):
    """A call's text and the first step to apply: an e-mail address that will receive the
    private link. The same answer is given whether or not the address already applied."""
    call = get_object_or_404(Call.objects.exclude(state=Call.State.DRAFT), code=code)
    form = StartForm(request.POST or None)
    sent = limited = False
    if request.method == "POST" and form.is_valid() and call.is_open:
        if form.cleaned_data["website"]:  # a robot filled in the hidden field
            sent = True
        else:
            try:
                sent = services.start_application(
                    call=call,
                    email=form.cleaned_data["email"],
                    language=translation.get_language() or "fr",
                    client=client_address(request) or "",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                limited = not sent
                if limited:
                    form.add_error(None, services.TOO_MANY)
    context = {"call": call, "form": form, "sent": sent}
    return render(request, "calls/public_detail.html", context, status=429 if limited else 200)


def _application(request, token):
    """The application behind the private link, shown in the language it was started in
    unless the visitor chose another one on this site (a fresh browser, a forwarded link)."""
    application = services.find_application(token)
    if application is None:
        raise Http404
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(application.language)
        request.LANGUAGE_CODE = application.language
    return application


def _answers_form(request, application):
    questions = list(application.call.questions.all())
    data = request.POST if request.method == "POST" else None
    form = AnswersForm(data, questions=questions, initial=initial(application.answers))
    return questions, form


@public
@require_http_methods(["GET", "POST"])
def application(request, token):
    """The application itself: answers saved as they are typed (and with the Save button),
    files added and removed, then submitted before the deadline. Nothing typed is lost: a
    refused save or submission shows the form again with what was typed."""
    application = _application(request, token)
    services.confirm_address(application)
    questions, form = _answers_form(request, application)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "submit":
                services.submit(application=application, answers=form.answers())
                messages.success(
                    request, _("Your application was submitted. A copy was sent to you by e-mail.")
                )
            else:
                services.save_answers(application=application, answers=form.answers())
                messages.success(request, _("Your answers were saved."))
            return redirect("calls:application", token=token)
        except ValidationError as error:
            form.add_error(None, error)
            status = 429 if isinstance(error, services.Limited) else 200
    application.refresh_from_db()
    return render(
        request,
        "calls/application.html",
        {
            "application": application,
            "call": application.call,
            "form": form,
            "token": token,
            "file_questions": [
                (q, [f for f in application.files.all() if f.question_id == q.pk])
                for q in questions
                if q.kind == Question.Kind.FILE
            ],
            "editable": application.state == Application.State.DRAFT and application.call.is_open,
        },
        status=status,
    )


@public
@require_POST
def application_autosave(request, token):
    """What the browser sends as the applicant types; answers with when it was kept."""
    application = _application(request, token)
    _questions, form = _answers_form(request, application)
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors}, status=400)
    try:
        services.save_answers(application=application, answers=form.answers())
    except ValidationError as error:
        status = 429 if isinstance(error, services.Limited) else 409
        return JsonResponse({"saved": False, "message": " ".join(error.messages)}, status=status)
    when = formats.time_format(timezone.localtime(), "H:i")
    return JsonResponse({"saved": True, "message": _("Saved at %(time)s") % {"time": when}})


@public
@require_POST
def application_file_add(request, token, question_pk):
    application = _application(request, token)
    question = get_object_or_404(
        application.call.questions, pk=question_pk, kind=Question.Kind.FILE
    )
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Choose a file first."))
        services.add_file(application=application, question=question, upload=upload)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file was added."))
    return redirect("calls:application", token=token)


@public
@require_POST
def application_file_remove(request, token, file_pk):
    application = _application(request, token)
    stored = get_object_or_404(ApplicationFile, application=application, pk=file_pk)
    try:
        services.remove_file(application=application, stored=stored)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("calls:application", token=token)


@public
@require_GET
def application_file_own(request, token, file_pk):
    """A file the applicant sent, back to them through their private link (an attachment)."""
    application = _application(request, token)
    sent = get_object_or_404(ApplicationFile, application=application, pk=file_pk)
    return file_download(sent)


@public
@require_GET
def application_answers_pdf(request, token):
    application = _application(request, token)
    pdf = services.application_pdf(application, translation.get_language() or application.language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="application.pdf"'
    return response
