"""Read documents into `Document`s: the text the detectors see, plus a map from every character
back to its page and box (PDF, scans) or its DOCX run. One entry point for every format."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from redactor.errors import InputError
from redactor.io.text import TEXT_SUFFIXES, document_from_text, read_text
from redactor.model import Document

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = (TEXT_SUFFIXES - {""}) | PDF_SUFFIXES | IMAGE_SUFFIXES | DOCX_SUFFIXES


def _reader(suffix: str) -> Callable[..., Document] | None:
    if suffix in TEXT_SUFFIXES:
        return read_text
    if suffix in PDF_SUFFIXES:
        from redactor.io.pdf import read_pdf

        return read_pdf
    if suffix in IMAGE_SUFFIXES:
        from redactor.io.image import read_image

        return read_image
    if suffix in DOCX_SUFFIXES:
        from redactor.io.docx import read_docx

        return read_docx
    return None


def _checked_reader(path: Path, suffixes=None) -> Callable[..., Document]:
    suffix = path.suffix.lower()
    reader = _reader(suffix) if suffixes is None or suffix in suffixes else None
    if reader is None:
        supported = ", ".join(sorted(suffixes or SUPPORTED_SUFFIXES))
        raise InputError(f"{path}: unsupported file type '{suffix}' (supported: {supported})")
    return reader


def document_from_bytes(data: bytes, name: str, password: str | None = None,
                        suffixes=None) -> Document:
    """A document from bytes in memory (an upload), read by the reader its name's suffix picks."""
    path = Path(Path(name).name or "upload.txt")
    reader = _checked_reader(path, suffixes)
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    return reader(path, data, password)


def read_document(path: str | Path, password: str | None = None) -> Document:
    """Read any supported document; errors name the file and the problem in one line."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    reader = _checked_reader(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    return reader(path, data, password)


__all__ = ["read_document", "document_from_bytes", "document_from_text", "SUPPORTED_SUFFIXES"]
