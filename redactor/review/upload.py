"""An uploaded file's bytes → a `Document`, in memory only: the caller puts it in the review store,
which is the one place its text is kept."""

from __future__ import annotations

from pathlib import PurePath

from redactor.errors import InputError
from redactor.io import document_from_text
from redactor.io.text import TEXT_SUFFIXES, _looks_binary, decode_text
from redactor.model import Document

UPLOAD_SUFFIXES = (".txt", ".md")


def document_from_upload(data: bytes, name: str) -> Document:
    name = PurePath(name).name or "upload.txt"
    suffix = PurePath(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES or suffix not in UPLOAD_SUFFIXES:
        raise InputError(f"{name}: unsupported file type '{suffix}' (supported: .txt, .md)")
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if _looks_binary(data):
        raise InputError(f"{name}: looks like a binary file, not text")
    text, encoding = decode_text(data, name)
    return document_from_text(text, name, encoding)
