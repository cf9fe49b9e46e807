"""Reopen a redacted PDF or image as a stranger would: every piece of text it holds (page text from
two independent extractors, metadata, XMP, annotations, form fields, embedded files, outline), the
scanned pages OCRed again, and Free Law Project's x-ray for boxes drawn over live text."""

from __future__ import annotations

import io
import re
from pathlib import Path

from redactor.model import Document, RedactionPlan
from redactor.verify.text import Leak, verify_text


def pdf_strings(path: Path, ocr_pages: tuple[int, ...] = ()) -> list[str]:
    """One string per independent view of the file (each is checked on its own, so text that is
    legitimately kept is not counted twice): PyMuPDF's pages plus everything besides the pages,
    pypdf's pages, and the OCR of the scanned pages."""
    import fitz

    chunks: list[str] = []
    ocr: list[str] = []
    with fitz.open(path) as pdf:
        chunks.extend(str(v) for v in (pdf.metadata or {}).values() if v)
        chunks.extend(_object_strings(pdf))
        chunks.append(pdf.get_xml_metadata() or "")
        chunks.extend(" ".join(map(str, entry)) for entry in pdf.get_toc(simple=False))
        for name in pdf.embfile_names():
            chunks.append(name)
            chunks.append(pdf.embfile_get(name).decode("utf-8", "replace"))
        for number, page in enumerate(pdf):
            chunks.append(page.get_text("text"))
            for annot in page.annots() or []:
                chunks.extend(str(v) for v in annot.info.values() if v)
            for widget in page.widgets() or []:
                chunks.append(f"{widget.field_name} {widget.field_value}")
            if number in ocr_pages:
                ocr.append(_ocr_page(page))
    return ["\n".join(chunks), _pypdf_text(path), "\n".join(ocr)]


_LITERAL = re.compile(rb"\((?:\\.|[^\\()])*\)")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]{4,})>")


def _decode_literal(raw: bytes) -> str:
    body = raw[1:-1]
    body = re.sub(rb"\\([nrtbf()\\])", lambda m: {b"n": b"\n", b"r": b"\r", b"t": b"\t",
                                                 b"b": b"\b", b"f": b"\f"}.get(m.group(1), m.group(1)), body)
    body = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8) & 255]), body)
    return _decode_bytes(body)


def _decode_bytes(data: bytes) -> str:
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    return data.decode("latin-1")


def _object_strings(pdf) -> list[str]:
    """Every string in every PDF object (form field values, annotation contents, page labels,
    JavaScript, outline titles, info dictionaries, orphaned objects), and every stream that is not
    page content but reads as text (JavaScript, XMP, embedded files): what a stranger with a PDF
    inspector would see besides the pages."""
    contents = {xref for page in pdf for xref in page.get_contents()}
    found: list[str] = []
    for xref in range(1, pdf.xref_length()):
        try:
            obj = pdf.xref_object(xref, compressed=False).encode("latin-1", "replace")
        except Exception:
            continue
        found.extend(_decode_literal(m.group()) for m in _LITERAL.finditer(obj))
        for m in _HEX.finditer(obj):
            hex_digits = re.sub(rb"\s", b"", m.group(1))
            if len(hex_digits) % 2 == 0:
                found.append(_decode_bytes(bytes.fromhex(hex_digits.decode())))
        if xref not in contents and pdf.xref_is_stream(xref):
            try:
                data = pdf.xref_stream(xref) or b""
            except Exception:
                continue
            sample = data[:4096]
            if b"begincmap" in sample or b"/CIDInit" in sample:
                continue  # a font's character map: code numbers, not document text
            if sample and sum(32 <= b < 127 or b in (9, 10, 13) for b in sample) > 0.9 * len(sample):
                found.append(data.decode("utf-8", "replace"))
    return found


def _pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return "\n".join((page.extract_text() or "") for page in reader.pages)


def _ocr_page(page) -> str:
    import fitz
    import pytesseract
    from PIL import Image

    pix = page.get_pixmap(dpi=300, colorspace=fitz.csGRAY)
    return pytesseract.image_to_string(Image.frombytes("L", (pix.width, pix.height), pix.samples))


def xray_bad_redactions(path: Path) -> int:
    """Boxes drawn over text that is still there, as Free Law Project's x-ray finds them."""
    import fitz
    from xray.pdf_utils import get_bad_redactions

    with fitz.open(path) as pdf:
        return sum(len(get_bad_redactions(page)) for page in pdf)


def image_strings(path: Path) -> str:
    import pytesseract
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(path.read_bytes())) as image:
        texts = [pytesseract.image_to_string(frame.convert("L")) for frame in ImageSequence.Iterator(image)]
        texts.extend(str(v) for v in (image.info or {}).values() if isinstance(v, (str, bytes)))
    return "\n".join(texts)


OCR_MIN_CHARS = 3


def ocr_checkable(spans, original: str):
    """In OCR output, a one- or two-letter string is noise (specks, the label of a box), not a
    leak; longer masked strings are all checked."""
    return [s for s in spans if sum(c.isalnum() for c in original[s[0]:s[1]]) >= OCR_MIN_CHARS]


def masked_spans(plan: RedactionPlan):
    return [(d.finding.start, d.finding.end, d.finding.entity_type) for d in plan.masked]


def verify_pdf(out_path: Path, document: Document, plan: RedactionPlan) -> list[Leak]:
    ocr_pages = tuple(getattr(document.layout, "ocr_pages", ()) or ())
    replacements = [d.replacement or "" for d in plan.masked]
    leaks: list[Leak] = []
    views = pdf_strings(out_path, ocr_pages)
    for number, view in enumerate(views):
        spans = masked_spans(plan)
        if number == len(views) - 1:  # the OCR of the scanned pages
            spans = ocr_checkable(spans, document.text)
        leaks.extend(verify_text(view, document.text, spans, replacements))
    bad = xray_bad_redactions(out_path)
    if bad:
        leaks.append(Leak(-1, -1, "X-RAY", bad))
    return leaks


def verify_image(out_path: Path, document: Document, plan: RedactionPlan) -> list[Leak]:
    return verify_text(image_strings(out_path), document.text,
                       ocr_checkable(masked_spans(plan), document.text),
                       [d.replacement or "" for d in plan.masked])
