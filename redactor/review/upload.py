"""An uploaded file's bytes → a `Document`, in memory only: the caller puts it in the review store,
which is the one place its text is kept."""

from __future__ import annotations

from pathlib import PurePath

from redactor.io import document_from_bytes
from redactor.model import Document

UPLOAD_SUFFIXES = (".txt", ".md")


def document_from_upload(data: bytes, name: str) -> Document:
    """Text uploads (the review store keeps the text; a PDF or DOCX review would also need the
    original bytes for a true redacted export, which the store does not keep yet)."""
    return document_from_bytes(data, PurePath(name).name or "upload.txt", suffixes=set(UPLOAD_SUFFIXES))
