"""True PDF redaction with PyMuPDF: redaction annotations over every masked character, applied so
that the text, the image pixels and the line art under them are removed; then the file is scrubbed
(metadata, XMP, annotations, form fields and the AcroForm, embedded files, JavaScript, outline, page
labels) and written fresh with garbage collection, never incrementally.

Scanned pages are blacked out in the image itself: the pixels under each box are painted black in
the page image before the redaction is applied (MuPDF's own pixel redaction paints them white and
draws the black box as a separate rectangle)."""

from __future__ import annotations

import io
import math
from pathlib import Path

from redactor.files import write_atomic
from redactor.io.layout import PageLayout
from redactor.model import Document, RedactionPlan

# MuPDF removes every glyph whose box overlaps a redaction: pull each rect of a text layer in a
# little so the neighbouring glyphs (the "'s" after a name, the comma before it) survive.
INSET_X = 0.12  # of the first character's width
INSET_Y = 0.2  # of the line height
# OCR boxes are tight around the ink: pad them instead.
OCR_PAD = 1.5  # points


def redaction_rects(layout: PageLayout, start: int, end: int):
    """(page, rect) per line of the span: inset on text-layer pages, padded on OCR pages."""
    out = []
    ocr_pages = set(layout.ocr_pages)
    for page, (x0, y0, x1, y1) in layout.line_rects(start, end):
        if page in ocr_pages:
            out.append((page, (x0 - OCR_PAD, y0 - OCR_PAD, x1 + OCR_PAD, y1 + OCR_PAD)))
            continue
        first = next((i for i in range(start, end) if layout.pages[i] == page
                      and not math.isnan(layout.boxes[4 * i])), None)
        width = (layout.boxes[4 * first + 2] - layout.boxes[4 * first]) if first is not None else 1.0
        dx, dy = max(width, 0.5) * INSET_X, (y1 - y0) * INSET_Y
        out.append((page, (x0 + dx, y0 + dy, x1 - dx, y1 - dy)))
    return out


def label_for(decision, style: str) -> str:
    """The text in a box: the replacement or the legal basis, if the PDF's standard font can draw
    it (a solid-block replacement draws nothing: the box is the block)."""
    text = {"replacement": decision.replacement or "", "basis": decision.basis}.get(style, "")
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return ""
    return text.strip()


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
    catalog = pdf.pdf_catalog()
    for key in ("AcroForm", "Names", "OpenAction", "AA", "PageLabels", "Outlines", "Metadata",
                "StructTreeRoot", "MarkInfo", "PieceInfo", "Threads", "SpiderInfo"):
        # orphaned form fields keep their values, the name tree holds JavaScript and files,
        # page labels and the structure tree can carry words of the document
        pdf.xref_set_key(catalog, key, "null")
    pdf.set_toc([])  # scrub() keeps the outline
    pdf.set_metadata({})
    pdf.del_xml_metadata()


def _black_out_scan(pdf, page, rects, fill) -> None:
    """Paint the boxes black in the page's images themselves."""
    import fitz
    from PIL import Image, ImageDraw

    colour = tuple(int(round(c * 255)) for c in fill)
    for info in page.get_images(full=True):
        xref = info[0]
        placements = page.get_image_rects(xref)
        if not placements:
            continue
        where = placements[0]
        pix = fitz.Pixmap(pdf, xref)
        if pix.alpha or pix.n not in (1, 3):
            pix = fitz.Pixmap(fitz.csRGB, pix)
        mode = "L" if pix.n == 1 else "RGB"
        image = Image.frombytes(mode, (pix.width, pix.height), pix.samples)
        sx, sy = pix.width / where.width, pix.height / where.height
        draw = ImageDraw.Draw(image)
        for x0, y0, x1, y1 in rects:
            box = ((x0 - where.x0) * sx, (y0 - where.y0) * sy, (x1 - where.x0) * sx, (y1 - where.y0) * sy)
            draw.rectangle(box, fill=colour[0] if mode == "L" else colour)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        page.replace_image(xref, stream=buffer.getvalue())


def render_pdf(document: Document, plan: RedactionPlan, source: Path, out_path: Path,
               password: str | None = None, label: str = "none", fill=(0, 0, 0)) -> None:
    import fitz

    from redactor.io.pdf import open_pdf

    layout: PageLayout = document.layout
    ocr_pages = set(layout.ocr_pages)
    pdf = open_pdf(source, None, password)
    try:
        by_page: dict[int, list] = {}
        for decision in plan.masked:
            f = decision.finding
            for page, rect in redaction_rects(layout, f.start, f.end):
                by_page.setdefault(page, []).append((rect, label_for(decision, label)))
        for number, items in sorted(by_page.items()):
            page = pdf.load_page(number)
            scan = number in ocr_pages
            if scan:
                _black_out_scan(pdf, page, [rect for rect, _ in items], fill)
            for rect, text in items:
                r = fitz.Rect(rect)
                if r.is_empty:
                    continue
                page.add_redact_annot(r, text=text or None, fill=fill, text_color=(1, 1, 1),
                                      fontsize=max(4, min(8, r.height * 0.8)), cross_out=False)
            page.apply_redactions(
                images=fitz.PDF_REDACT_IMAGE_NONE if scan else fitz.PDF_REDACT_IMAGE_PIXELS,
                graphics=fitz.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                text=fitz.PDF_REDACT_TEXT_REMOVE)
        scrub(pdf)
        data = pdf.tobytes(garbage=4, deflate=True, clean=True, encryption=fitz.PDF_ENCRYPT_NONE)
    finally:
        pdf.close()
    write_atomic(out_path, data)
