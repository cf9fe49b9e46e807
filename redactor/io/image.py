"""Scanned images (PNG, JPEG, TIFF, one page per frame) → Document via Tesseract OCR, with the pixel
box of every character. Frames are read one at a time, after the frame count and every frame's
pixel count are checked against the limits (a 2,000-frame TIFF or a 900-megapixel PNG is refused
in a second, never decoded)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Iterator

from redactor.errors import InputError
from redactor.io.layout import PageLayout
from redactor.io.ocr import append_ocr_page, require_tesseract
from redactor.io.text import document_from_text
from redactor.limits import exceeded, get_limits
from redactor.model import Document


def _pillow():
    from PIL import Image

    # Pillow's own bomb check (a warning above the limit, an error above twice it) agrees with ours
    Image.MAX_IMAGE_PIXELS = get_limits().max_image_pixels
    return Image


def check_pixels(name, width: int, height: int, what: str = "the image") -> None:
    limits = get_limits()
    if width * height > limits.max_image_pixels:
        raise exceeded(f"{name}: {what} ({width:,} x {height:,} pixels)", limits.max_image_pixels,
                       "pixels", "max_image_pixels")


def open_image(path, data: bytes):
    """The image, opened lazily (header only), its frame count and every frame's size checked."""
    Image = _pillow()
    from PIL import UnidentifiedImageError

    limits = get_limits()
    try:
        image = Image.open(io.BytesIO(data))
        check_pixels(path, *image.size)
        frames = 0
        while True:
            frames += 1
            if frames > limits.max_frames:
                raise exceeded(f"{path}: the image's frame count", limits.max_frames, "frames",
                               "max_frames")
            check_pixels(path, *image.size, what=f"frame {frames}")
            try:
                image.seek(frames)
            except EOFError:
                break
        image.seek(0)
    except Image.DecompressionBombError:
        raise exceeded(f"{path}: the image", limits.max_image_pixels, "pixels",
                       "max_image_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InputError(f"{path}: not a readable image (corrupted or truncated)") from None
    return image, frames


def iter_frames(path, data: bytes) -> Iterator:
    """Each frame, decoded one at a time (a copy, so the caller may keep or change it)."""
    Image = _pillow()
    image, count = open_image(path, data)
    with image:
        for number in range(count):
            try:
                image.seek(number)
                image.load()
                yield image.copy()
            except Image.DecompressionBombError:
                raise exceeded(f"{path}: the image", get_limits().max_image_pixels, "pixels",
                               "max_image_pixels") from None
            except (OSError, SyntaxError, ValueError, EOFError):
                raise InputError(f"{path}: not a readable image (frame {number + 1} is corrupted "
                                 "or truncated)") from None


def open_frames(path: Path, data: bytes) -> list:
    """All frames at once (small images only; readers and renderers use `iter_frames`)."""
    return list(iter_frames(path, data))


def read_image(path: Path, data: bytes, password: str | None = None) -> Document:
    require_tesseract(f"{path}: an image")
    parts: list[str] = []
    layout = PageLayout()
    for number, frame in enumerate(iter_frames(path, data)):
        layout.page_sizes.append(frame.size)
        if number:
            for ch in "\n\n":
                parts.append(ch)
                layout.add_separator()
        append_ocr_page(parts, layout, number, frame.convert("L"), 1.0)
        layout.ocr_pages.append(number)
        del frame
    text = "".join(parts)
    if not text.strip():
        raise InputError(f"{path}: no text was found in the image")
    doc = document_from_text(text, str(path))
    return dataclasses.replace(doc, kind="image", layout=layout)
