"""E-mail goes out through the task worker, so a slow mail server never slows a page."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def deliver_email(
    *, to: list[str], subject: str, body: str, attachments: list | None = None
) -> None:
    """Send one e-mail; `attachments` are [filename, text content, MIME type] triples."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()


def send_templated_email(
    *, to: str, language: str, template: str, context: dict, attachments: list | None = None
) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language` and queue them.

    Call from a service inside its transaction: the task row is committed with the change."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    deliver_email.enqueue(to=[to], subject=subject, body=body, attachments=attachments or [])
