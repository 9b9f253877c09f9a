"""Helpers for views: the one shape of the small "do one thing to this record" pages of every
app, and codes read from a query string."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sanad.lib.concurrency import EditConflict


def said(request, change, done) -> None:
    """Call `change()` and say `done(result)`; each reason it refuses (a ValidationError)
    becomes an error message instead."""
    try:
        result = change()
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, done(result))


def form_step(request, form, *, save, done_url: str, template: str, context: dict):
    """Render `template` with `form`. On a valid POST call `save()`: a ValidationError raised
    by the service is shown on the form (nothing typed is lost); success redirects to
    `done_url` with a confirmation."""
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(done_url)
    return render(request, template, {"form": form, **context})


def as_uuid(text) -> uuid.UUID | None:
    """`text` as a UUID (a code typed into a query string), or None when it is not one."""
    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


def versioned_save(request, form, save):
    """On a valid POST, `save(values, expected_version)` and confirm: (saved, None); when
    someone saved in between, the form keeps what was typed: (None, their record); on a GET
    or an invalid form: (None, None)."""
    if request.method != "POST" or not form.is_valid():
        return None, None
    try:
        saved = save(form.values(), form.expected_version)
    except EditConflict as error:
        return None, form.report_conflict(error)
    messages.success(request, _("The changes were saved."))
    return saved, None
