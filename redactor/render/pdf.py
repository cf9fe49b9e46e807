"""True PDF redaction with PyMuPDF: redaction annotations over every masked character, applied so
that the text, the image pixels and the line art under them are removed; then the file is scrubbed
and written fresh with garbage collection, never incrementally.

What the output is:
- one layer: the input is read and redacted with every optional-content layer on, and the output
  has no optional content, so nothing can be switched on;
- nothing outside the page: text, images and drawings outside the visible box are removed;
- the pixels under every box are painted in the images themselves (scans, pictures on text pages),
  through each image's placement on the page (turned, scaled or flipped), and the text under a
  box is removed whichever reading (text layer or OCR) found it;
- only the page content: the catalog keeps its page tree and nothing else (no metadata, XMP,
  outline, named destinations, name trees, forms, JavaScript, page labels, structure tree,
  optional-content properties), each page keeps its boxes, resources and content (annotations,
  form fields, thumbnails, piece info, custom keys removed); every dictionary loses /Metadata,
  /PieceInfo, /LastModified and /OC; layer names are blanked;
- any name object or string left anywhere that holds a masked string, or a part or the digits of
  one, is renamed or emptied (in content streams too)."""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections import defaultdict
from pathlib import Path

from redactor.files import write_atomic
from redactor.io.layout import PageLayout
from redactor.model import Document, RedactionPlan
from redactor.verify.variants import MaskedTerms

# MuPDF removes every glyph whose box overlaps a redaction: pull each rect of a text layer in a
# little so the neighbouring glyphs (the "'s" after a name, the comma before it) survive.
INSET_X = 0.12  # of the first character's width
INSET_Y = 0.2  # of the line height
# OCR boxes are tight around the ink: pad them instead.
OCR_PAD = 1.5  # points
FAR = 30000.0  # beyond any page: the outside of the visible box is cut with rects this far out

CATALOG_KEPT = {"Type", "Pages", "Version"}
PAGE_KEPT = {"Type", "Parent", "Resources", "MediaBox", "CropBox", "Contents", "Rotate", "Group",
             "UserUnit", "Kids", "Count"}
DROPPED_EVERYWHERE = ("Metadata", "PieceInfo", "LastModified", "OC")


def redaction_rects(layout: PageLayout, start: int, end: int):
    """(page, rect) per line of the span: inset for text-layer characters, padded for OCR ones."""
    out = []
    for page, (x0, y0, x1, y1) in layout.line_rects(start, end, ocr=True):
        out.append((page, (x0 - OCR_PAD, y0 - OCR_PAD, x1 + OCR_PAD, y1 + OCR_PAD)))
    for page, (x0, y0, x1, y1) in layout.line_rects(start, end, ocr=False):
        first = next((i for i in range(start, end) if layout.pages[i] == page
                      and not layout.is_ocr(i) and not math.isnan(layout.boxes[4 * i])), None)
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


# --- pixels ----------------------------------------------------------------------------------------

def _paint_images(pdf, page, rects, fill) -> bool:
    """Paint `rects` (page coordinates) black in every image placed under them, through the
    placement's own transform. Returns False when an image under a rect could not be painted (an
    inline image, a stencil mask): the caller then has MuPDF remove those pixels itself."""
    import fitz
    from PIL import Image, ImageDraw

    colour = tuple(int(round(c * 255)) for c in fill)
    painted_all = True
    by_xref: dict[int, list] = defaultdict(list)
    for info in page.get_image_info(xrefs=True):
        bbox = fitz.Rect(info["bbox"])
        hits = [r for r in rects if fitz.Rect(r).intersects(bbox)]
        if not hits:
            continue
        xref = info.get("xref") or 0
        if not xref:
            painted_all = False
            continue
        by_xref[xref].append((fitz.Matrix(info["transform"]), hits))
    for xref, placements in by_xref.items():
        try:
            if pdf.xref_get_key(xref, "ImageMask")[1] == "true":
                painted_all = False
                continue
            pix = fitz.Pixmap(pdf, xref)
            if pix.alpha or pix.n not in (1, 3):
                pix = fitz.Pixmap(fitz.csRGB, pix)
                if pix.alpha:
                    pix = fitz.Pixmap(pix, 0)
        except Exception:
            painted_all = False
            continue
        mode = "L" if pix.n == 1 else "RGB"
        image = Image.frombytes(mode, (pix.width, pix.height), pix.samples)
        draw = ImageDraw.Draw(image)
        for transform, hits in placements:
            try:
                inverse = ~transform
            except Exception:
                painted_all = False
                continue
            for x0, y0, x1, y1 in hits:
                corners = [fitz.Point(x, y) * inverse for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
                polygon = [(p.x * pix.width, p.y * pix.height) for p in corners]
                draw.polygon(polygon, fill=colour[0] if mode == "L" else colour)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        page.replace_image(xref, stream=buffer.getvalue())
    return painted_all


def _has_outside(page) -> bool:
    """Anything drawn (text, image, path) outside the visible box of the page?"""
    import fitz

    from redactor.io.pdf import visible_box

    area = visible_box(page) + (-1, -1, 1, 1)
    for _, bbox in page.get_bboxlog():
        box = fitz.Rect(bbox)
        if not box.is_empty and not box.is_infinite and not area.contains(box):
            return True
    return False


def _outside_rects(page):
    import fitz

    from redactor.io.pdf import visible_box

    r = visible_box(page)
    return [fitz.Rect(-FAR, -FAR, FAR, r.y0), fitz.Rect(-FAR, r.y1, FAR, FAR),
            fitz.Rect(-FAR, r.y0, r.x0, r.y1), fitz.Rect(r.x1, r.y0, FAR, r.y1)]


# --- the rest of the file --------------------------------------------------------------------------

def _keys(pdf, xref) -> list[str]:
    try:
        return list(pdf.xref_get_keys(xref))
    except Exception:
        return []


def _keep_only(pdf, xref: int, kept: set[str]) -> None:
    """Rewrite a dictionary object with only the `kept` keys (none of them holds a string)."""
    entries = []
    for key in _keys(pdf, xref):
        if key in kept:
            kind, value = pdf.xref_get_key(xref, key)
            if kind not in ("null", "string", "unicode"):
                entries.append(f"/{key} {value}")
    pdf.update_object(xref, "<<" + " ".join(entries) + ">>")


# JPEG segments that carry metadata, not pixels: APP1 (EXIF, XMP) … APP13 (IPTC), APP15, COM.
# APP0 (JFIF) and APP14 (Adobe: the colour transform) stay.
_JPEG_METADATA = {0xE1 + n for n in range(13)} | {0xEF, 0xFE}


def strip_jpeg_metadata(data: bytes) -> bytes:
    """A JPEG without its metadata segments (the compressed pixels untouched)."""
    if not data.startswith(b"\xff\xd8"):
        return data
    out, pos = [data[:2]], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the rest is pixels
            break
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if marker not in _JPEG_METADATA:
            out.append(data[pos:pos + 2 + length])
        pos += 2 + length
    out.append(data[pos:])
    return b"".join(out)


def _strip_image_metadata(pdf) -> None:
    """Images keep their pixels only: a JPEG's EXIF, XMP, IPTC and comments go."""
    for xref in range(1, pdf.xref_length()):
        try:
            if not pdf.xref_is_stream(xref) or pdf.xref_get_key(xref, "Subtype")[1] != "/Image":
                continue
            if "DCTDecode" not in pdf.xref_get_key(xref, "Filter")[1]:
                continue
            raw = pdf.xref_stream_raw(xref)
        except Exception:
            continue
        stripped = strip_jpeg_metadata(raw or b"")
        if stripped != raw:
            pdf.update_stream(xref, stripped, compress=False)


def _strip_structure(pdf) -> None:
    """The catalog and the page tree keep what is needed to show the pages; every dictionary loses
    metadata, piece info and optional-content markers; layer names are blanked."""
    catalog = pdf.pdf_catalog()
    _keep_only(pdf, catalog, CATALOG_KEPT)
    for xref in range(1, pdf.xref_length()):
        keys = _keys(pdf, xref)
        if not keys:
            continue
        kind = pdf.xref_get_key(xref, "Type")[1]
        if kind in ("/Page", "/Pages") and not pdf.xref_is_stream(xref):
            _keep_only(pdf, xref, PAGE_KEPT)
            continue
        for key in DROPPED_EVERYWHERE:
            if key in keys:
                pdf.xref_set_key(xref, key, "null")
        if kind == "/OCG" and "Name" in keys:
            pdf.xref_set_key(xref, "Name", "(layer)")


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
    pdf.set_metadata({})
    pdf.del_xml_metadata()
    _strip_structure(pdf)
    _strip_image_metadata(pdf)


_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_LITERAL = re.compile(rb"\((?:\\.|[^\\()])*\)")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>(?!>)")


def decode_name(raw: bytes) -> str:
    raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return raw.decode("utf-8", "replace")


def _neutral_name(raw: bytes) -> bytes:
    return b"R" + hashlib.sha256(raw).hexdigest()[:10].encode()


def scrub_masked_objects(pdf, terms: MaskedTerms) -> None:
    """Rename every name and empty every string (in any object, and names in any stream) that holds
    a masked string, a part or the digits of one."""
    from redactor.verify.pdf import decode_string

    if not terms:
        return
    renamed: dict[bytes, bytes] = {}

    def fix_name(m):
        raw = m.group(1)
        if raw not in renamed:
            renamed[raw] = _neutral_name(raw) if terms.contains(decode_name(raw), loose=True) else raw
        return b"/" + renamed[raw]

    def fix_string(m):
        return b"()" if terms.contains(decode_string(m.group()), loose=True) else m.group()

    for xref in range(1, pdf.xref_length()):
        try:
            source = pdf.xref_object(xref, compressed=False).encode("latin-1")
        except Exception:
            continue
        new = _NAME.sub(fix_name, source)
        new = _LITERAL.sub(fix_string, new)
        new = _HEX.sub(lambda m: b"<>" if terms.contains(decode_string(m.group()), loose=True)
                       else m.group(), new)
        if new != source:
            pdf.update_object(xref, new.decode("latin-1"))
    changed = {raw for raw, new in renamed.items() if raw != new}
    if not changed:
        return
    for xref in range(1, pdf.xref_length()):
        try:
            if not pdf.xref_is_stream(xref) or pdf.xref_get_key(xref, "Subtype")[1] == "/Image":
                continue
            data = pdf.xref_stream(xref)
        except Exception:
            continue
        if not data or not any(b"/" + raw in data for raw in changed):
            continue
        pdf.update_stream(xref, _NAME.sub(lambda m: b"/" + renamed.get(m.group(1), m.group(1)), data))


def masked_terms(document: Document, plan: RedactionPlan) -> MaskedTerms:
    return MaskedTerms([(document.text[d.finding.start:d.finding.end], d.finding.entity_type)
                        for d in plan.masked])


def render_pdf(document: Document, plan: RedactionPlan, source: Path, out_path: Path,
               password: str | None = None, label: str = "none", fill=(0, 0, 0)) -> None:
    from redactor.noise import quiet

    with quiet():
        data = redact_pdf(document, plan, source, password, label, fill)
    write_atomic(out_path, data)


def redact_pdf(document: Document, plan: RedactionPlan, source: Path, password: str | None = None,
               label: str = "none", fill=(0, 0, 0)) -> bytes:
    import fitz

    from redactor.io.pdf import open_pdf, vector_text_rects

    layout: PageLayout = document.layout
    pdf = open_pdf(source, None, password)  # with every layer on, as it was read
    try:
        by_page: dict[int, list] = {}
        for decision in plan.masked:
            f = decision.finding
            for page, rect in redaction_rects(layout, f.start, f.end):
                by_page.setdefault(page, []).append((rect, label_for(decision, label)))
        for number in range(pdf.page_count):
            page = pdf.load_page(number)
            items = [(fitz.Rect(rect), text) for rect, text in by_page.get(number, [])]
            items = [(r, t) for r, t in items if not r.is_empty]
            outside = _has_outside(page)
            if not items and not outside:
                continue
            painted = _paint_images(pdf, page, [tuple(r) for r, _ in items], fill) if items else True
            for r, text in items:
                page.add_redact_annot(r, text=text or None, fill=fill, text_color=(1, 1, 1),
                                      fontsize=max(4, min(8, r.height * 0.8)), cross_out=False)
            if outside:
                for r in _outside_rects(page):
                    page.add_redact_annot(r, fill=False, cross_out=False)
            # letters drawn as paths go with any box that touches them
            graphics = (fitz.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED if items and vector_text_rects(page)
                        else fitz.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED)
            page.apply_redactions(
                images=fitz.PDF_REDACT_IMAGE_NONE if painted and not outside else
                fitz.PDF_REDACT_IMAGE_PIXELS,
                graphics=graphics, text=fitz.PDF_REDACT_TEXT_REMOVE)
        scrub(pdf)
        scrub_masked_objects(pdf, masked_terms(document, plan))
        return pdf.tobytes(garbage=4, deflate=True, clean=True, encryption=fitz.PDF_ENCRYPT_NONE)
    finally:
        pdf.close()
