"""Scanned images (PNG, JPEG, TIFF, one page per frame) → Document via Tesseract OCR, with the pixel
box of every character."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from redactor.errors import InputError
from redactor.io.layout import PageLayout
from redactor.io.ocr import append_ocr_page, require_tesseract
from redactor.io.text import document_from_text
from redactor.model import Document


def open_frames(path: Path, data: bytes):
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError):
        raise InputError(f"{path}: not a readable image (corrupted or truncated)") from None
    return [frame.copy() for frame in ImageSequence.Iterator(image)]


def read_image(path: Path, data: bytes, password: str | None = None) -> Document:
    require_tesseract(f"{path}: an image")
    parts: list[str] = []
    layout = PageLayout()
    for number, frame in enumerate(open_frames(path, data)):
        layout.page_sizes.append(frame.size)
        if number:
            for ch in "\n\n":
                parts.append(ch)
                layout.add_separator()
        append_ocr_page(parts, layout, number, frame.convert("L"), 1.0)
        layout.ocr_pages.append(number)
    text = "".join(parts)
    if not text.strip():
        raise InputError(f"{path}: no text was found in the image")
    doc = document_from_text(text, str(path))
    return dataclasses.replace(doc, kind="image", layout=layout)
