"""Paged documents (PDFs, scans, images) as the reviewer sees them: page images rendered locally
with PyMuPDF (or Pillow for image files), and every finding's boxes from the same layout and the
same rectangles that render uses, so a box on screen is where the redaction will fall."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Iterable

from redactor.io.layout import PageLayout
from redactor.model import Decision, Document

PAGE_WIDTH_PX = 1100  # rendered width of a page image; the pane scales it to fit


def is_paged(document: Document) -> bool:
    return document.kind in ("pdf", "image") and isinstance(document.layout, PageLayout)


def page_count(document: Document) -> int:
    return len(document.layout.page_sizes) if is_paged(document) else 0


def page_size(document: Document, page: int) -> tuple[float, float]:
    width, height = document.layout.page_sizes[page]
    return float(width), float(height)


def page_of(document: Document, start: int, end: int) -> int | None:
    """The page a span starts on (None for text that has no place on a page)."""
    if not is_paged(document):
        return None
    pages = document.layout.pages
    for i in range(start, min(end, len(pages))):
        if pages[i] >= 0:
            return int(pages[i])
    return None


def finding_rects(document: Document, start: int, end: int) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(page, rect) in page units per line of the span: the rectangles render draws."""
    layout: PageLayout = document.layout
    if document.kind == "pdf":
        from redactor.render.pdf import redaction_rects

        return redaction_rects(layout, start, end)
    from redactor.render.image import PAD

    return [(page, (x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD)) for page, (x0, y0, x1, y1) in
            layout.line_rects(start, end)]


@dataclass(frozen=True)
class Box:
    """One rectangle of one plan decision on one page."""

    page: int
    rect: tuple[float, float, float, float]
    decision: Decision


def boxes_by_page(document: Document, decisions: Iterable[Decision]) -> dict[int, list[Box]]:
    out: dict[int, list[Box]] = {}
    for decision in decisions:
        f = decision.finding
        for page, rect in finding_rects(document, f.start, f.end):
            out.setdefault(page, []).append(Box(page, tuple(rect), decision))
    return out


def render_page(kind: str, data: bytes, page: int, width: int = PAGE_WIDTH_PX) -> bytes:
    """One page of a PDF (or one frame of an image file) as PNG bytes, `width` pixels wide."""
    if kind == "pdf":
        import fitz

        fitz.TOOLS.mupdf_display_errors(False)
        with fitz.open(stream=data, filetype="pdf") as pdf:
            pdf_page = pdf.load_page(page)
            zoom = width / pdf_page.rect.width
            pix = pdf_page.get_pixmap(matrix=fitz.Matrix(zoom, zoom), alpha=False)
            return pix.tobytes("png")
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as image:
        frame = next(f for k, f in enumerate(ImageSequence.Iterator(image)) if k == page).convert("RGB")
        height = max(1, round(frame.height * width / frame.width))
        buffer = io.BytesIO()
        frame.resize((width, height)).save(buffer, format="PNG")
        return buffer.getvalue()
