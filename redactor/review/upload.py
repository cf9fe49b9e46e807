"""An uploaded file's bytes → a `Document`, in memory only: the caller puts it in the review store,
which is the one place its text is kept."""

from __future__ import annotations

from pathlib import PurePath

from redactor.io import document_from_bytes
from redactor.model import Document

UPLOAD_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def document_from_upload(data: bytes, name: str) -> Document:
    """Any supported upload, read by the same readers as files (the store keeps a PDF's, image's or
    DOCX's original bytes, from which the true redaction is made at export)."""
    return document_from_bytes(data, PurePath(name).name or "upload.txt", suffixes=set(UPLOAD_SUFFIXES))
