"""True PDF redaction with PyMuPDF: redaction annotations over every masked character, applied so
that the text, the image pixels and the line art under them are removed; then the file is scrubbed
(metadata, XMP, annotations, form fields, embedded files, JavaScript, outline, page labels) and
written fresh with garbage collection, never incrementally."""

from __future__ import annotations

import math
from pathlib import Path

from redactor.io.layout import PageLayout
from redactor.model import Document, RedactionPlan

# MuPDF removes every glyph whose box overlaps a redaction: pull each rect in a little so the
# neighbouring glyphs (the "'s" after a name, the comma before it) survive.
INSET_X = 0.12  # of the first/last character's width
INSET_Y = 0.2  # of the line height


def redaction_rects(layout: PageLayout, start: int, end: int):
    """(page, rect) per line of the span, inset against neighbouring glyphs."""
    out = []
    for page, (x0, y0, x1, y1) in layout.line_rects(start, end):
        first = next((i for i in range(start, end) if layout.pages[i] == page
                      and not math.isnan(layout.boxes[4 * i])), None)
        width = (layout.boxes[4 * first + 2] - layout.boxes[4 * first]) if first is not None else 1.0
        dx, dy = max(width, 0.5) * INSET_X, (y1 - y0) * INSET_Y
        out.append((page, (x0 + dx, y0 + dy, x1 - dx, y1 - dy)))
    return out


def label_for(decision, style: str) -> str:
    if style == "replacement":
        return decision.replacement or ""
    if style == "basis":
        return decision.basis
    return ""


def scrub(pdf) -> None:
    """Everything but the page content goes: what a stranger could read besides the pages."""
    for page in pdf:
        for annot in list(page.annots() or []):
            page.delete_annot(annot)
        for widget in list(page.widgets() or []):
            page.delete_widget(widget)
    pdf.scrub(attached_files=True, clean_pages=True, embedded_files=True, hidden_text=False,
              javascript=True, metadata=True, redactions=True, remove_links=True, reset_fields=True,
              reset_responses=True, thumbnails=True, xml_metadata=True)
    for name in list(pdf.embfile_names()):
        pdf.embfile_del(name)
    pdf.set_toc([])  # scrub() keeps the outline
    try:
        pdf.set_page_labels([])
    except Exception:  # no page labels to remove
        pass
    pdf.set_metadata({})
    pdf.del_xml_metadata()


def render_pdf(document: Document, plan: RedactionPlan, source: Path, out_path: Path,
               password: str | None = None, label: str = "none", fill=(0, 0, 0)) -> None:
    import fitz

    from redactor.io.pdf import open_pdf

    layout: PageLayout = document.layout
    pdf = open_pdf(source, None, password)
    try:
        by_page: dict[int, list] = {}
        for decision in plan.masked:
            f = decision.finding
            for page, rect in redaction_rects(layout, f.start, f.end):
                by_page.setdefault(page, []).append((rect, label_for(decision, label)))
        for number, items in sorted(by_page.items()):
            page = pdf.load_page(number)
            for rect, text in items:
                r = fitz.Rect(rect)
                if r.is_empty:
                    continue
                page.add_redact_annot(r, text=text or None, fill=fill, text_color=(1, 1, 1),
                                      fontsize=max(4, min(8, r.height * 0.8)), cross_out=False)
            page.apply_redactions(images=fitz.PDF_REDACT_IMAGE_PIXELS,
                                  graphics=fitz.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                                  text=fitz.PDF_REDACT_TEXT_REMOVE)
        scrub(pdf)
        if pdf.needs_pass or pdf.is_encrypted:
            pass
        data = pdf.tobytes(garbage=4, deflate=True, clean=True, encryption=fitz.PDF_ENCRYPT_NONE)
    finally:
        pdf.close()
    from redactor.files import write_atomic

    write_atomic(out_path, data)
