"""OCR with Tesseract: an image → words with boxes, appended to a document's text and layout."""

from __future__ import annotations

import os
import shutil
from functools import cache

# Tesseract's OpenMP threads fight over the cores when pages are OCRed one by one (and in batch
# workers): one thread per process is several times faster here.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from redactor.errors import InputError
from redactor.io.layout import PageLayout


@cache
def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def require_tesseract(what: str) -> None:
    if not tesseract_available():
        raise InputError(f"{what} needs OCR, but Tesseract is not installed "
                         "(Debian/Ubuntu: apt-get install tesseract-ocr)")


def ocr_words(image) -> list[tuple[tuple[int, int, int], str, tuple[float, float, float, float]]]:
    """((block, paragraph, line), word, (x0, y0, x1, y1) in pixels) in reading order."""
    import pytesseract

    data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT, config="--psm 3")
    words = []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.append((key, word, (float(x), float(y), float(x + w), float(y + h))))
    return words


PUNCT_WEIGHT = 0.45


def append_ocr_page(parts: list[str], layout: PageLayout, page: int, image, scale: float) -> None:
    """OCR `image` and append its text (one character per entry) to `parts` and `layout`; boxes are
    multiplied by `scale` (72/dpi for a rendered PDF page, 1 for an image)."""
    last_key = None
    for key, word, (x0, y0, x1, y1) in ocr_words(image):
        if last_key is not None:
            # words of a line and lines of one paragraph join with a space; paragraphs with a
            # blank line
            separator = " " if key[:2] == last_key[:2] else "\n\n"
            for ch in separator:
                parts.append(ch)
                layout.add_separator()
        # share the word's box among its characters, punctuation narrower than letters, so that a
        # name followed by a comma ("ASANTE-MENSAH,") is covered to its last letter
        weights = [PUNCT_WEIGHT if not ch.isalnum() else 1.0 for ch in word]
        unit = (x1 - x0) / sum(weights)
        left = x0
        for ch, weight in zip(word, weights):
            right = left + weight * unit
            parts.append(ch)
            layout.add(page, (left * scale, y0 * scale, right * scale, y1 * scale))
            left = right
        last_key = key
