"""Uploaded files are checked by their bytes, not by their name or the browser's word."""

import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
# Word, Excel and PowerPoint files: zip packages told apart by their main folder.
OFFICE = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
SAFE_TYPES = frozenset(SIGNATURES.values()) | frozenset(OFFICE.values())


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


def validate_shared_document(uploaded) -> str:
    """Accept a PDF, image, Word, Excel or PowerPoint file of at most 10 MB and return its
    content type; raise a clear ValidationError else (a library's guides and templates)."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    kind = sniff(uploaded) or _office_type(uploaded)
    if kind is None:
        raise ValidationError(
            _("Only PDF, JPEG, PNG, Word, Excel or PowerPoint files are accepted.")
        )
    return kind


def _office_type(uploaded) -> str | None:
    try:
        with zipfile.ZipFile(uploaded) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        uploaded.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    return next(
        (kind for folder, kind in OFFICE.items() if any(n.startswith(folder) for n in names)), None
    )


def file_download(stored) -> FileResponse:
    """A stored upload (`file`, `original_name`, `content_type`) served as an attachment of
    its checked type, never inline: a file pretending to be HTML cannot run in the page."""
    kind = stored.content_type if stored.content_type in SAFE_TYPES else "application/octet-stream"
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.original_name, content_type=kind
    )
