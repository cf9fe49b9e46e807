"""PDF → Document with PyMuPDF: the text layer in reading order with the page and box of every
character; pages without a text layer (scans) are OCRed with Tesseract. Page by page, so a
500-page file is never held as images all at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from redactor.errors import InputError
from redactor.io.layout import PageLayout
from redactor.io.ocr import append_ocr_page, require_tesseract
from redactor.io.text import document_from_text
from redactor.model import Document

OCR_DPI = 300
MIN_TEXT_CHARS = 20  # fewer real characters than this on a page with an image: treat it as a scan


def open_pdf(path: Path, data: bytes | None = None, password: str | None = None):
    import fitz

    fitz.TOOLS.mupdf_display_errors(False)  # our one-line errors, not MuPDF's on stdout
    try:
        pdf = fitz.open(stream=data, filetype="pdf") if data is not None else fitz.open(path)
    except Exception:
        raise InputError(f"{path}: not a readable PDF (corrupted or truncated)") from None
    if pdf.needs_pass:
        if not password:
            raise InputError(f"{path}: the PDF is encrypted; give its password with --password")
        if not pdf.authenticate(password):
            raise InputError(f"{path}: wrong password for the encrypted PDF")
    if pdf.is_repaired:
        pdf.close()
        raise InputError(f"{path}: the PDF is damaged or truncated (the reader had to repair it, so "
                         "pages may be missing); get an intact copy")
    if pdf.page_count == 0:
        raise InputError(f"{path}: the PDF has no pages")
    return pdf


def _is_scan(page) -> bool:
    text = page.get_text("text")
    return sum(not c.isspace() for c in text) < MIN_TEXT_CHARS and bool(page.get_images(full=False))


def _append_text_layer(parts: list[str], layout: PageLayout, number: int, page) -> None:
    import fitz

    raw = page.get_text("rawdict", flags=fitz.TEXT_PRESERVE_WHITESPACE | fitz.TEXT_MEDIABOX_CLIP,
                        sort=True)
    first_block = True
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        if not first_block:
            for ch in "\n\n":
                parts.append(ch)
                layout.add_separator()
        first_block = False
        x0, _, x1, _ = block["bbox"]
        full = x0 + 0.8 * (x1 - x0)
        previous_end = None
        for k, line in enumerate(block["lines"]):
            # a line that ran to the block's right edge was wrapped by the typesetter: join it to
            # the next with a space (none after a hyphen), so "Nghệ An / province" reads as one
            # place; a line that stopped short ended on purpose (a letterhead, an address)
            if k:
                joiner = "\n" if previous_end < full else ("" if parts and parts[-1] in "-‐" else " ")
                for ch in joiner:
                    parts.append(ch)
                    layout.add_separator()
            previous_end = line["bbox"][2]
            for span in line["spans"]:
                for char in span["chars"]:
                    parts.append(char["c"])
                    layout.add(number, char["bbox"])


def read_pdf(path: Path, data: bytes, password: str | None = None) -> Document:
    import fitz

    pdf = open_pdf(path, data, password)
    parts: list[str] = []
    layout = PageLayout()
    try:
        for number in range(pdf.page_count):
            page = pdf.load_page(number)
            layout.page_sizes.append((page.rect.width, page.rect.height))
            if number:
                for ch in "\n\n":
                    parts.append(ch)
                    layout.add_separator()
            if _is_scan(page):
                require_tesseract(f"{path}: page {number + 1} has no text layer and")
                from PIL import Image

                pix = page.get_pixmap(dpi=OCR_DPI, colorspace=fitz.csGRAY)
                image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
                append_ocr_page(parts, layout, number, image, 72.0 / OCR_DPI)
                layout.ocr_pages.append(number)
                del pix, image
            else:
                _append_text_layer(parts, layout, number, page)
    finally:
        pdf.close()
    text = "".join(parts)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text (and no page to OCR)")
    doc = document_from_text(text, str(path))
    return dataclasses.replace(doc, kind="pdf", layout=layout)
