"""Uploaded files are checked by their bytes, not by their name or the browser's word."""

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
SAFE_TYPES = frozenset(SIGNATURES.values())


def sniff(uploaded) -> str | None:
    """The content type of `uploaded` read from its first bytes, or None if not allowed."""
    head = uploaded.read(16)
    uploaded.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def validate_document(uploaded) -> None:
    """Accept a PDF, JPEG or PNG scan of at most 10 MB; raise a clear ValidationError else."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    if sniff(uploaded) is None:
        raise ValidationError(_("Only PDF, JPEG or PNG files are accepted."))


def file_download(stored) -> FileResponse:
    """A stored upload (`file`, `original_name`, `content_type`) served as an attachment of
    its checked type, never inline: a file pretending to be HTML cannot run in the page."""
    kind = stored.content_type if stored.content_type in SAFE_TYPES else "application/octet-stream"
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.original_name, content_type=kind
    )
