"""Reopen a redacted PDF or image as a stranger would: every piece of text it holds, each view
checked on its own (so text legitimately kept is not counted twice):
- PyMuPDF's page text, plus everything besides the pages: every string and every name object of
  every PDF object (dictionary keys included), metadata, XMP, outline, annotations, form fields,
  text-like streams, and embedded files read recursively by their content (a PDF in a PDF is
  read as a PDF, an image is OCRed, a zip is unpacked);
- pypdf's page text;
- the raw strings of the content streams, as `strings` or a PDF inspector shows them (a font's
  ToUnicode map may say something else);
- the OCR of every region whose pixels may hold text (the same raster-coverage rule the reader
  uses, so scans, pictures on text pages and pages with untrusted fonts are read again);
and Free Law Project's x-ray for boxes drawn over live text."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from redactor.model import Document, RedactionPlan
from redactor.verify.text import Leak, verify_text

log = logging.getLogger("redactor.verify")

_LITERAL = re.compile(rb"\((?:\\.|[^\\()])*\)")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]{4,})>(?!>)")
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _decode_bytes(data: bytes) -> str:
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    return data.decode("latin-1")


def decode_string(raw: bytes) -> str:
    """A PDF string token, literal `(…)` or hex `<…>`, as text."""
    if raw.startswith(b"<"):
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw)
        if len(digits) % 2:
            digits += b"0"
        return _decode_bytes(bytes.fromhex(digits.decode()))
    body = raw[1:-1]
    body = re.sub(rb"\\([nrtbf()\\])", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)
    body = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8) & 255]), body)
    return _decode_bytes(body)


def _decode_literal(raw: bytes) -> str:  # kept for callers of the old name
    return decode_string(raw)


def _tokens(source: bytes) -> list[str]:
    from redactor.render.pdf import decode_name

    found = [decode_string(m.group()) for m in _LITERAL.finditer(source)]
    found.extend(decode_string(m.group()) for m in _HEX.finditer(source))
    found.extend(decode_name(m.group(1)) for m in _NAME.finditer(source))
    return found


def _object_strings(pdf, depth: int):
    """(strings and names of every object and text-like stream; raw strings of the content
    streams; printable runs of binary streams; views of embedded files)."""
    from redactor.verify.views import blob_views

    contents = {xref for page in pdf for xref in page.get_contents()}
    forms = set()
    found: list[str] = []
    raw: list[str] = []
    binary: list[str] = []
    nested: list[tuple[str, str]] = []
    for xref in range(1, pdf.xref_length()):
        try:
            obj = pdf.xref_object(xref, compressed=False).encode("latin-1", "replace")
        except Exception:
            continue
        found.extend(_tokens(obj))
        try:
            is_stream = pdf.xref_is_stream(xref)
        except Exception:
            is_stream = False
        if not is_stream:
            continue
        subtype = pdf.xref_get_key(xref, "Subtype")[1]
        if subtype == "/Image":
            # as stored: a JPEG's EXIF, XMP, IPTC and comments are plain text inside it
            try:
                binary.extend(_printable(pdf.xref_stream_raw(xref) or b""))
            except Exception:
                pass
            continue
        try:
            data = pdf.xref_stream(xref) or b""
        except Exception:
            continue
        if xref in contents or subtype == "/Form":
            forms.add(xref)
            raw.append(_content_strings(data))
            continue
        if pdf.xref_get_key(xref, "Type")[1] == "/EmbeddedFile" or subtype in ("/XML",):
            nested.extend(blob_views(f"object {xref}", data, depth + 1))
            continue
        sample = data[:4096]
        if b"begincmap" in sample or b"/CIDInit" in sample:
            continue  # a font's character map: code numbers, not document text
        if sample and sum(32 <= b < 127 or b in (9, 10, 13) for b in sample) > 0.9 * len(sample):
            found.append(data.decode("utf-8", "replace"))
        else:  # fonts, colour profiles, anything binary: what `strings` would show
            binary.extend(_printable(data))
    return found, raw, binary, nested


_PRINTABLE = re.compile(rb"[\x20-\x7e]{4,}")
_PRINTABLE_UTF16 = re.compile(rb"(?:[\x20-\x7e][\x00]){4,}|(?:[\x00][\x20-\x7e]){4,}")


def _printable(data: bytes) -> list[str]:
    found = [m.decode("ascii") for m in _PRINTABLE.findall(data)]
    for m in _PRINTABLE_UTF16.findall(data):
        found.append(m.replace(b"\x00", b"").decode("ascii", "replace"))
    return found


_TJ = re.compile(rb"\[((?:\\.|[^\]\\])*)\]\s*TJ|(\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>)\s*(?:Tj|'|\")")


def _content_strings(data: bytes) -> str:
    """The strings of a content stream's text operators, one TJ array joined, operators apart."""
    pieces = []
    for m in _TJ.finditer(data):
        if m.group(1) is not None:
            inner = m.group(1)
            pieces.append("".join(decode_string(s.group()) for s in re.finditer(
                rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>", inner)))
        else:
            pieces.append(decode_string(m.group(2)))
    # marked-content properties (ActualText, Alt, E) are strings outside text operators
    for m in re.finditer(rb"/(?:ActualText|Alt|E)\s*(\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>)", data):
        pieces.append(decode_string(m.group(1)))
    return " ".join(pieces)


def _ocr(image) -> str:
    from redactor.io.ocr import ocr_words

    words = ocr_words(image)
    lines, last = [], None
    for key, word, _ in words:
        if last is not None and key != last:
            lines.append("\n")
        elif last is not None:
            lines.append(" ")
        lines.append(word)
        last = key
    return "".join(lines)


def pdf_views(source: Path | bytes, extra_regions=(), depth: int = 0) -> list[tuple[str, str]]:
    """(kind, text) per independent view of a PDF: "text" views are checked for every masked
    string, "ocr" views for those long enough to be told from OCR noise, "binary" views (printable
    runs of binary data) for strong keys and identifier digits only."""
    import fitz

    from redactor.io.ocr import tesseract_available
    from redactor.io.pdf import (FontCheck, check_streams, ocr_region, ocr_regions, quiet_mupdf,
                                 visible_box)
    from redactor.limits import exceeded, get_limits

    quiet_mupdf()
    data = source.read_bytes() if isinstance(source, Path) else source
    chunks: list[str] = []
    ocr: list[str] = []
    with fitz.open(stream=data, filetype="pdf") as pdf:
        if pdf.needs_pass:
            return [("text", "")]
        limits = get_limits()  # a file given to `redactor verify` may be hostile too
        if pdf.page_count > limits.max_pages:
            raise exceeded(f"the PDF's {pdf.page_count:,} pages", limits.max_pages, "pages",
                           "max_pages")
        check_streams(pdf, "the PDF")
        chunks.extend(str(v) for v in (pdf.metadata or {}).values() if v)
        found, raw, binary, nested = _object_strings(pdf, depth)
        chunks.extend(found)
        chunks.append(pdf.get_xml_metadata() or "")
        chunks.extend(" ".join(map(str, entry)) for entry in pdf.get_toc(simple=False))
        for name in pdf.embfile_names():
            chunks.append(name)
            from redactor.verify.views import blob_views

            nested.extend(blob_views(name, pdf.embfile_get(name), depth + 1))
        fonts = FontCheck(pdf)
        extra: dict[int, list] = {}
        for page_number, rect in extra_regions:
            extra.setdefault(page_number, []).append(fitz.Rect(rect))
        for number, page in enumerate(pdf):
            chunks.append(page.get_text("text"))
            for annot in page.annots() or []:
                chunks.extend(str(v) for v in annot.info.values() if v)
            for widget in page.widgets() or []:
                chunks.append(f"{widget.field_name} {widget.field_value}")
            if not tesseract_available():
                continue
            regions = ocr_regions(page, fonts)
            whole = any(r == visible_box(page) for r in regions)
            for rect in extra.get(number, []):
                if not whole and not any(rect in r for r in regions):
                    regions.append(rect)
            for rect in regions:
                ocr.append(_ocr(ocr_region(page, rect)[0]))
    # the raw strings of text operators are glyph codes: readable where the font's encoding is
    # ASCII-like, noise where it is not (two-byte glyph ids), so only strong keys are looked for
    views = [("text", "\n".join(chunks)), ("text", _pypdf_text(data)), ("binary", "\n".join(raw)),
             ("binary", "\n".join(binary)), ("ocr", "\n".join(ocr))]
    return views + nested


def pdf_strings(path: Path, ocr_pages: tuple[int, ...] = ()) -> list[str]:
    """The views' texts (the last one the OCR)."""
    return [text for _, text in pdf_views(Path(path))]


def _pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    from redactor.noise import route_library_logs

    route_library_logs()
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except Exception as exc:  # pypdf's own limits (LimitReachedError) or a page it cannot parse:
        # the other views still read everything
        log.debug("pypdf could not read the output: %s", exc.__class__.__name__)
        return ""


def _overlapping(box, rectangles) -> list:
    x0, y0, x1, y1 = box
    return [r for r in rectangles if max(x0, r.x0) < min(x1, r.x1) and max(y0, r.y0) < min(y1, r.y1)]


def _xray_page(page) -> list:
    """Free Law Project's x-ray on one page, its own functions in its own order; the only change is
    that each span and character is tested against the rectangles it overlaps rather than all of
    them (x-ray's `intersects` counts only overlapping ones, so the result is the same, in a
    fraction of the time on a page with many boxes)."""
    import fitz
    from xray.pdf_utils import (filter_redactions_by_pixmap, filter_redactions_by_text,
                                get_good_rectangles, group_chars_by_rect, intersects)

    rectangles = get_good_rectangles(page)
    if not rectangles:
        return []
    chars = []
    for span in page.get_texttrace():
        span_rect = fitz.Rect(span["bbox"])
        span_rect.seqno, span_rect.fill = span["seqno"], span["color"]
        near = _overlapping(span["bbox"], rectangles)
        if not near or not intersects(span_rect, near):
            continue
        for char in span["chars"]:
            char_rect = fitz.Rect(char[3])
            char_rect.seqno, char_rect.fill = span["seqno"], span["color"]
            under = _overlapping(char[3], near)
            if under and intersects(char_rect, under, occlusion_threshold=0.8):
                chars.append({"rect": char_rect, "c": chr(char[0])})
    if not chars:
        return []
    redactions = group_chars_by_rect(chars, rectangles)
    return filter_redactions_by_pixmap(filter_redactions_by_text(redactions), page)


def xray_bad_redactions(path: Path) -> int:
    """Boxes drawn over text that is still there, as Free Law Project's x-ray finds them."""
    import fitz

    with fitz.open(path) as pdf:
        return sum(len(_xray_page(page)) for page in pdf)


def image_metadata(image) -> list[str]:
    """EXIF (every IFD), XMP, IPTC, PNG text chunks and comments of a PIL image."""
    from PIL import IptcImagePlugin

    found: list[str] = []
    for key, value in (image.info or {}).items():
        if isinstance(value, (str, bytes)) and key not in ("icc_profile", "exif"):
            found.append(value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
    try:
        exif = image.getexif()
        values = list(exif.values())
        for ifd in (0x8769, 0x8825, 0xA005):
            try:
                values.extend(exif.get_ifd(ifd).values())
            except Exception:
                pass
        for value in values:
            if isinstance(value, bytes):
                found.append(value.decode("utf-8", "replace"))
                found.append(value.decode("utf-16-le", "replace"))
            elif isinstance(value, str):
                found.append(value)
    except Exception:
        pass
    try:
        iptc = IptcImagePlugin.getiptcinfo(image) or {}
        for value in iptc.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, bytes):
                    found.append(item.decode("utf-8", "replace"))
    except Exception:
        pass
    return found


def image_views(data: bytes, name: str = "<image>") -> list[tuple[str, str]]:
    from redactor.io.image import iter_frames
    from redactor.io.ocr import tesseract_available
    from PIL import Image

    texts, metadata = [], []
    with Image.open(io.BytesIO(data)) as image:
        metadata.extend(image_metadata(image))
    if tesseract_available():
        for frame in iter_frames(name, data):
            texts.append(_ocr(frame.convert("L")))
    return [("ocr", "\n".join(texts)), ("text", "\n".join(metadata))]


def image_strings(path: Path) -> str:
    return "\n".join(text for _, text in image_views(Path(path).read_bytes(), str(path)))


OCR_MIN_CHARS = 3


def ocr_checkable(spans, original: str):
    """In OCR output, a one- or two-letter string is noise (specks, the label of a box), not a
    leak; longer masked strings are all checked."""
    return [s for s in spans if sum(c.isalnum() for c in original[s[0]:s[1]]) >= OCR_MIN_CHARS]


def masked_spans(plan: RedactionPlan):
    return [(d.finding.start, d.finding.end, d.finding.entity_type) for d in plan.masked]


def kept_spans(plan: RedactionPlan) -> list[tuple[int, int]]:
    return [(d.finding.start, d.finding.end) for d in plan.decisions if not d.masks]


def check_views(views, original: str, spans, replacements, kept=None) -> list[Leak]:
    leaks: list[Leak] = []
    for kind, view in views:
        checked = ocr_checkable(spans, original) if kind == "ocr" else spans
        leaks.extend(verify_text(view, original, checked, replacements, kept,
                                 strong_only=kind in ("binary", "markup"), loose=kind == "markup"))
    return leaks


def verify_pdf(out_path: Path, document: Document, plan: RedactionPlan) -> list[Leak]:
    from redactor.noise import quiet

    with quiet():
        return _verify_pdf(out_path, document, plan)


def _verify_pdf(out_path: Path, document: Document, plan: RedactionPlan) -> list[Leak]:
    regions = tuple(getattr(document.layout, "ocr_regions", ()) or ())
    replacements = [d.replacement or "" for d in plan.masked]
    leaks = check_views(pdf_views(Path(out_path), regions), document.text, masked_spans(plan),
                        replacements, kept_spans(plan))
    bad = xray_bad_redactions(out_path)
    if bad:
        leaks.append(Leak(-1, -1, "X-RAY", bad, "x-ray"))
    return leaks


def verify_image(out_path: Path, document: Document, plan: RedactionPlan) -> list[Leak]:
    return check_views(image_views(Path(out_path).read_bytes(), str(out_path)), document.text,
                       masked_spans(plan), [d.replacement or "" for d in plan.masked],
                       kept_spans(plan))
