"""E-mail goes out through the task worker, so a slow mail server never slows a page."""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import translation
from django_tasks import task

from sanad.lib.plain_text import render_plain_text


@task()
def deliver_email(
    *, to: list[str], subject: str, body: str, attachments: list | None = None
) -> None:
    """Send one e-mail; `attachments` are [filename, content, MIME type] triples, the content
    text, or base64 for binary files (a fourth item "base64" says so: task arguments are JSON)."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    for filename, content, mimetype, *encoding in attachments or []:
        if encoding == ["base64"]:
            content = base64.b64decode(content)
        message.attach(filename, content, mimetype)
    message.send()


def binary_attachment(filename: str, content: bytes, mimetype: str) -> list:
    return [filename, base64.b64encode(content).decode("ascii"), mimetype, "base64"]


def render_templated_email(*, language: str, template: str, context: dict) -> tuple[str, str]:
    """The subject and body of `<template>_subject.txt` and `<template>_body.txt` in
    `language`, as they would be sent (shown to a person before sending)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_plain_text(f"{template}_subject.txt", context).split())
        body = render_plain_text(f"{template}_body.txt", context)
    return subject, body


def send_templated_email(
    *, to: str, language: str, template: str, context: dict, attachments: list | None = None
) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language` and queue them.

    Call from a service inside its transaction: the task row is committed with the change."""
    subject, body = render_templated_email(language=language, template=template, context=context)
    deliver_email.enqueue(to=[to], subject=subject, body=body, attachments=attachments or [])
