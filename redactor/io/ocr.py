"""OCR with Tesseract: an image → words with boxes, appended to a document's text and layout.

Two things a plain `image_to_data` call gets wrong on real scans are handled here:
- orientation: when the first reading is poor, Tesseract's orientation detection (OSD) says how the
  page is turned; if it cannot tell, the four rotations are tried and the best reading kept;
- resolution: text smaller than Tesseract reads well (a 100-dpi scan) is upsampled before OCR.
Boxes always come back in the coordinates of the image that was given."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from functools import cache
from typing import Callable

# Tesseract's OpenMP threads fight over the cores when pages are OCRed one by one (and in batch
# workers): one thread per process is several times faster here.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from redactor.errors import InputError
from redactor.io.layout import PageLayout

GOOD_CONFIDENCE = 70  # mean word confidence (weighted by length) of a reading that needs no second look
SMALL_TEXT_PX = 22  # median word height below which the image is upsampled and read again
TARGET_TEXT_PX = 40
MAX_UPSAMPLED_PIXELS = 60_000_000


@cache
def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def require_tesseract(what: str) -> None:
    if not tesseract_available():
        raise InputError(f"{what} needs OCR, but Tesseract is not installed "
                         "(Debian/Ubuntu: apt-get install tesseract-ocr)")


Box = tuple[float, float, float, float]


@dataclass
class Reading:
    words: list  # ((block, paragraph, line), word, box in the read image's pixels)
    confidence: float  # mean word confidence weighted by word length, 0..100
    letters: int  # alphanumeric characters read with some confidence
    to_source: Callable[[Box], Box]  # a box of the read image → the given image's pixels

    @property
    def score(self) -> float:
        return self.letters * self.confidence


def _data(image) -> tuple[list, float, int, float]:
    import pytesseract

    data = pytesseract.image_to_data(image, output_type=pytesseract.Output.DICT, config="--psm 3")
    words, weighted, weight, heights = [], 0.0, 0, []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        if not word:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.append((key, word, (float(x), float(y), float(x + w), float(y + h))))
        conf = float(data["conf"][i])
        alnum = sum(c.isalnum() for c in word)
        if conf >= 0 and alnum:
            weighted += conf * alnum
            weight += alnum
            heights.append(h)
    heights.sort()
    median = heights[len(heights) // 2] if heights else 0.0
    return words, (weighted / weight if weight else 0.0), weight, float(median)


def _rotated_back(angle: int, width: int, height: int) -> Callable[[Box], Box]:
    """For a reading of the image turned by `angle` degrees counter-clockwise (PIL's rotate with
    expand), map a box back to the unturned image."""
    def back(box: Box) -> Box:
        x0, y0, x1, y1 = box
        if angle == 90:  # turned image is height x width; (x, y) came from (width - y, x)
            pts = [(width - y, x) for x, y in ((x0, y0), (x1, y1))]
        elif angle == 180:
            pts = [(width - x, height - y) for x, y in ((x0, y0), (x1, y1))]
        elif angle == 270:
            pts = [(y, height - x) for x, y in ((x0, y0), (x1, y1))]
        else:
            return box
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return (min(xs), min(ys), max(xs), max(ys))
    return back


def _read(image, angle: int = 0, scale: float = 1.0) -> Reading:
    from PIL import Image

    turned = image.rotate(angle, expand=True) if angle else image
    if scale != 1.0:
        turned = turned.resize((round(turned.width * scale), round(turned.height * scale)),
                               Image.LANCZOS)
    words, confidence, letters, _ = _data(turned)
    back = _rotated_back(angle, image.width, image.height)

    def to_source(box: Box) -> Box:
        return back(tuple(v / scale for v in box))

    return Reading(words, confidence, letters, to_source)


def _osd_angle(image) -> int | None:
    """How far the page is turned (0, 90, 180, 270: rotate by this counter-clockwise to read it),
    or None when Tesseract cannot tell."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0")
    except pytesseract.TesseractError:
        return None
    rotate = re.search(r"Rotate:\s*(\d+)", osd)
    confident = re.search(r"Orientation confidence:\s*([\d.]+)", osd)
    if not rotate or not confident or float(confident.group(1)) < 2.0:
        return None
    # Tesseract's "Rotate" is clockwise; PIL rotates counter-clockwise
    return (360 - int(rotate.group(1))) % 360


def read_image(image) -> Reading:
    """The best reading of a greyscale image: upsampled where its text is small, turned where it
    is not upright."""
    words, confidence, letters, median = _data(image)
    best = Reading(words, confidence, letters, lambda box: box)
    scale = 1.0
    if letters and median < SMALL_TEXT_PX:
        scale = min(4.0, TARGET_TEXT_PX / max(median, 1.0))
        if image.width * image.height * scale * scale > MAX_UPSAMPLED_PIXELS:
            scale = (MAX_UPSAMPLED_PIXELS / (image.width * image.height)) ** 0.5
        if scale > 1.2:
            upsampled = _read(image, 0, scale)
            if upsampled.score >= best.score:
                best = upsampled
    if best.confidence >= GOOD_CONFIDENCE and best.letters >= 8 or image.width * image.height < 4000:
        return best
    angle = _osd_angle(image)
    candidates = [angle] if angle else ([] if angle == 0 else [90, 180, 270])
    for angle in candidates:
        turned = _read(image, angle, scale if scale > 1.2 else 1.0)
        if turned.score > best.score * 1.2:
            best = turned
    return best


def ocr_words(image) -> list[tuple[tuple[int, int, int], str, Box]]:
    """((block, paragraph, line), word, (x0, y0, x1, y1) in the image's pixels), in reading order
    (boxes of a turned page are in the unturned image's pixels)."""
    reading = read_image(image)
    return [(key, word, reading.to_source(box)) for key, word, box in reading.words]


PUNCT_WEIGHT = 0.45


def append_ocr_page(parts: list[str], layout: PageLayout, page: int, image, scale: float = 1.0,
                    offset: tuple[float, float] = (0.0, 0.0), to_page=None) -> int:
    """OCR `image` and append its text (one character per entry) to `parts` and `layout`; boxes are
    multiplied by `scale` (72/dpi for a rendered PDF page, 1 for an image) and moved by `offset`
    (the top-left corner of a region of a page), or mapped by `to_page` (a box in the image's
    pixels → page coordinates) when given. Returns the number of characters appended."""
    reading = read_image(image)
    last_key = None
    appended = 0
    ox, oy = offset
    for key, word, box in reading.words:
        if last_key is not None:
            # words of a line and lines of one paragraph join with a space; paragraphs with a
            # blank line
            separator = " " if key[:2] == last_key[:2] else "\n\n"
            for ch in separator:
                parts.append(ch)
                layout.add_separator()
                appended += 1
        # share the word's box among its characters (in the reading's own frame, then mapped
        # back), punctuation narrower than letters, so that a name followed by a comma
        # ("ASANTE-MENSAH,") is covered to its last letter
        x0, y0, x1, y1 = box
        weights = [PUNCT_WEIGHT if not ch.isalnum() else 1.0 for ch in word]
        unit = (x1 - x0) / sum(weights)
        left = x0
        for ch, weight in zip(word, weights):
            right = left + weight * unit
            a0, b0, a1, b1 = reading.to_source((left, y0, right, y1))
            parts.append(ch)
            if to_page is not None:
                box_on_page = to_page((a0, b0, a1, b1))
            else:
                box_on_page = (a0 * scale + ox, b0 * scale + oy, a1 * scale + ox, b1 * scale + oy)
            layout.add(page, box_on_page, ocr=True)
            appended += 1
            left = right
        last_key = key
    return appended
