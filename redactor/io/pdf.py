"""PDF → Document with PyMuPDF: the text layer in reading order with the page and box of every
character, and the OCR of every region whose pixels the text layer may not tell the truth about.

What is read, so that nothing any extractor (or a pair of eyes) can read escapes the detectors:
- every optional-content layer, switched on: the file is read (and rendered) as if it had no
  layers, and the output has none, so nothing can be switched on later;
- the text layer, visible or not (an OCR layer is invisible text);
- OCR, decided by raster coverage, not by how much text a page has: every image placement large
  enough to hold a word is OCRed (a scan with a text stamp, a picture on a text page, a scan under
  an OCR layer whose text misread the pixels); a page whose fonts cannot be trusted to say what
  they draw (Type 3 fonts, a ToUnicode map that contradicts the font's encoding) is OCRed whole.
  OCR turns a page that is not upright and upsamples small text (see redactor.io.ocr). Where a
  region also has a text layer, both readings are in the document, so a name is masked where
  either reads it;
Content outside the page's visible box is never shown, so it is not read: the renderer removes it.
Page by page, so a 500-page file is never held as images all at once. Hostile files are refused
first (too many pages, a content stream that inflates past the limit, an image with too many
pixels)."""

from __future__ import annotations

import dataclasses
import re
import zlib
from pathlib import Path

from redactor.errors import InputError
from redactor.io.layout import PageLayout
from redactor.io.ocr import append_ocr_page, require_tesseract
from redactor.io.text import document_from_text
from redactor.limits import exceeded, get_limits
from redactor.model import Document

OCR_DPI = 300
MIN_REGION_PT = (24.0, 8.0)  # an image smaller than this (width, height in points) holds no word
MIN_REGION_PX = 12  # … or fewer pixels than this in either direction
WHOLE_PAGE = 0.6  # regions covering more than this share of the page: OCR the whole page
MAX_DEFLATE_RATIO = 1032  # zlib's own ceiling: a stream this small cannot inflate past a limit


def quiet_mupdf() -> None:
    """MuPDF's errors and warnings go to its own buffer (and, through redactor.noise, to the debug
    log), never to the terminal."""
    import fitz

    fitz.TOOLS.mupdf_display_errors(False)
    if hasattr(fitz.TOOLS, "mupdf_display_warnings"):
        fitz.TOOLS.mupdf_display_warnings(False)


def flatten_layers(pdf) -> None:
    """Read and render the file as if it had no optional content: every layer, hidden or not, is
    on (a layer off in the original can be switched on by any reader of the output)."""
    catalog = pdf.pdf_catalog()
    if pdf.xref_get_key(catalog, "OCProperties")[0] != "null":
        pdf.xref_set_key(catalog, "OCProperties", "null")


def check_streams(pdf, name) -> None:
    """Refuse a content stream that inflates past the limit (checked while inflating, so a bomb
    costs at most the limit) and an image with more pixels than the limit."""
    limits = get_limits()
    stream_limit = limits.max_content_stream_mb << 20
    for xref in range(1, pdf.xref_length()):
        try:
            if not pdf.xref_is_stream(xref):
                continue
            subtype = pdf.xref_get_key(xref, "Subtype")[1]
        except Exception:
            continue
        if subtype == "/Image":
            try:
                width = int(float(pdf.xref_get_key(xref, "Width")[1]))
                height = int(float(pdf.xref_get_key(xref, "Height")[1]))
            except (ValueError, TypeError):
                continue
            if width * height > limits.max_image_pixels:
                raise exceeded(f"{name}: an image in the PDF ({width:,} x {height:,} pixels)",
                               limits.max_image_pixels, "pixels", "max_image_pixels")
            continue
        try:
            raw = pdf.xref_stream_raw(xref) or b""
        except Exception:
            continue
        if len(raw) > stream_limit:
            raise exceeded(f"{name}: a content stream", limits.max_content_stream_mb, "MB",
                           "max_content_stream_mb")
        if len(raw) * MAX_DEFLATE_RATIO <= stream_limit:
            continue
        if pdf.xref_get_key(xref, "Filter")[1] != "/FlateDecode":
            continue
        try:
            inflated = zlib.decompressobj().decompress(raw, stream_limit + 1)
        except zlib.error:
            continue
        if len(inflated) > stream_limit:
            raise exceeded(f"{name}: a content stream (once decompressed)",
                           limits.max_content_stream_mb, "MB", "max_content_stream_mb")


def open_pdf(path: Path, data: bytes | None = None, password: str | None = None):
    import fitz

    quiet_mupdf()
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
    limits = get_limits()
    if pdf.page_count > limits.max_pages:
        count = pdf.page_count
        pdf.close()
        raise exceeded(f"{path}: the PDF's {count:,} pages", limits.max_pages, "pages", "max_pages")
    flatten_layers(pdf)
    return pdf


# --- fonts that may not say what they draw ---------------------------------------------------------

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEXES = re.compile(rb"<([0-9A-Fa-f]+)>")
_GLYPH_NAMES = {**{c: c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"},
                **dict(zip(("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                            "nine"), "0123456789"))}


def _utf16(hex_digits: bytes) -> str:
    try:
        return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", "replace")
    except ValueError:
        return ""


def to_unicode_map(cmap: bytes) -> dict[int, str]:
    """Code → text of a ToUnicode CMap (bfchar and bfrange entries)."""
    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        values = _HEXES.findall(block)
        for src, dst in zip(values[::2], values[1::2]):
            mapping[int(src, 16)] = _utf16(dst)
    for block in _BFRANGE.findall(cmap):
        for line in block.splitlines():
            values = _HEXES.findall(line)
            if len(values) < 3:
                continue
            low, high = int(values[0], 16), int(values[1], 16)
            if high - low > 1024:
                continue
            if b"[" in line:
                for code, dst in zip(range(low, high + 1), values[2:]):
                    mapping[code] = _utf16(dst)
            else:
                first = _utf16(values[2])
                if len(first) == 1:
                    for code in range(low, high + 1):
                        mapping[code] = chr(ord(first) + code - low)
    return mapping


def _expected_simple(pdf, font_xref: int) -> dict[int, str]:
    """What the codes of letters and digits draw in a simple font: ASCII in every standard
    encoding, changed by the encoding's /Differences."""
    expected = {ord(c): c for c in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    kind, value = pdf.xref_get_key(font_xref, "Encoding")
    differences = ""
    if kind == "xref":
        differences = pdf.xref_get_key(int(value.split()[0]), "Differences")[1]
    elif kind == "dict":
        differences = pdf.xref_get_key(font_xref, "Encoding/Differences")[1]
    code = None
    for token in re.findall(r"/[^\s/\[\]]+|\d+", differences or ""):
        if token[0] != "/":
            code = int(token)
            continue
        if code is None:
            continue
        glyph = token[1:]
        char = _GLYPH_NAMES.get(glyph)
        if char is None and re.fullmatch(r"uni[0-9A-Fa-f]{4}", glyph):
            char = chr(int(glyph[3:], 16))
        if char is not None and char.isalnum():
            expected[code] = char
        else:
            expected.pop(code, None)
        code += 1
    return expected


def _expected_cid(pdf, font_xref: int) -> dict[int, str] | None:
    """For a Type 0 font with an embedded TrueType program and identity CID → glyph: what each
    glyph draws, from the program's own character map (None when the program has none)."""
    import fitz

    kind, value = pdf.xref_get_key(font_xref, "DescendantFonts")
    match = re.search(r"(\d+) 0 R", value or "")
    if not match:
        return None
    descendant = int(match.group(1))
    if pdf.xref_get_key(descendant, "CIDToGIDMap")[1] not in ("/Identity", "null"):
        return None
    descriptor = pdf.xref_get_key(descendant, "FontDescriptor")[1]
    match = re.search(r"(\d+) 0 R", descriptor or "")
    if not match:
        return None
    program = None
    for key in ("FontFile2", "FontFile3", "FontFile"):
        ref = pdf.xref_get_key(int(match.group(1)), key)[1]
        found = re.search(r"(\d+) 0 R", ref or "")
        if found:
            program = pdf.xref_stream(int(found.group(1)))
            break
    if not program:
        return None
    try:
        font = fitz.Font(fontbuffer=program)
    except Exception:
        return None
    expected = {}
    for char in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        gid = font.has_glyph(ord(char))
        if gid:
            expected[gid] = char
    return expected or None


def font_lies(pdf, font_xref: int) -> bool:
    """A Type 3 font (its glyphs are drawings: they can look like anything), or a ToUnicode map that
    says a glyph is another letter or digit than the one the font draws."""
    subtype = pdf.xref_get_key(font_xref, "Subtype")[1]
    if subtype == "/Type3":
        return True
    kind, value = pdf.xref_get_key(font_xref, "ToUnicode")
    if kind != "xref":
        return False
    try:
        mapping = to_unicode_map(pdf.xref_stream(int(value.split()[0])) or b"")
    except Exception:
        return True  # a map that cannot be read cannot be trusted
    expected = _expected_cid(pdf, font_xref) if subtype == "/Type0" else _expected_simple(pdf, font_xref)
    if not expected:
        return False
    checked = wrong = 0
    for code, char in expected.items():
        said = mapping.get(code)
        if not said:
            continue
        checked += 1
        if said.strip().casefold() != char.casefold():
            wrong += 1
    return wrong > 0 and wrong >= 0.05 * checked


class FontCheck:
    """Which fonts of a document lie, each font checked once."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.verdicts: dict[int, bool] = {}

    def page_lies(self, page) -> bool:
        for entry in page.get_fonts(full=True):
            xref = entry[0]
            if not xref:
                continue
            if xref not in self.verdicts:
                try:
                    self.verdicts[xref] = font_lies(self.pdf, xref)
                except Exception:
                    self.verdicts[xref] = True
            if self.verdicts[xref]:
                return True
        return False


# --- where to OCR ----------------------------------------------------------------------------------

def _merge(rects: list) -> list:
    """Overlapping rectangles merged into their union boxes."""
    import fitz

    merged: list = []
    for rect in sorted(rects, key=lambda r: (r.y0, r.x0)):
        rect = fitz.Rect(rect)
        for i, other in enumerate(merged):
            if rect.intersects(other):
                merged[i] = other | rect
                break
        else:
            merged.append(rect)
    return merged if len(merged) == len(rects) else _merge(merged)


GLYPH_HEIGHT = 60.0  # points: a filled curved path lower than this may be a letter's outline
VECTOR_TEXT_ITEMS = 150  # path segments of such paths on one page that call for OCR


def vector_text_rects(page) -> list:
    """Where a page draws letters as paths (text converted to outlines, a signature, a logo with
    words): the boxes of the small filled curved paths, when there are enough of them."""
    import fitz

    try:
        paths = page.get_cdrawings()
    except Exception:
        return []
    glyphs, items = [], 0
    for path in paths:
        if path.get("fill") is None:
            continue
        rect = fitz.Rect(path.get("rect") or (0, 0, 0, 0))
        segments = path.get("items") or ()
        if rect.is_empty or rect.height > GLYPH_HEIGHT or not any(s[0] == "c" for s in segments):
            continue
        glyphs.append(rect)
        items += len(segments)
    return glyphs if items >= VECTOR_TEXT_ITEMS else []


def ocr_regions(page, fonts: FontCheck | None = None) -> list:
    """The regions of `page` (fitz.Rects in page coordinates) whose pixels must be OCRed: every
    image placement that could hold a word, the letters a page draws as paths, or the whole page
    where these cover most of it or a font on it may lie."""
    import fitz

    area = visible_box(page)
    if fonts is not None and fonts.page_lies(page):
        return [fitz.Rect(area)]
    rects = [r & area for r in _merge([r + (-2, -2, 2, 2) for r in vector_text_rects(page)])]
    rects = [r for r in rects if not r.is_empty]
    for info in page.get_image_info():
        box = fitz.Rect(info["bbox"]) & area
        if box.is_empty or box.width < MIN_REGION_PT[0] and box.height < MIN_REGION_PT[0]:
            continue
        if min(box.width, box.height) < MIN_REGION_PT[1]:
            continue
        if min(info.get("width", 0), info.get("height", 0)) < MIN_REGION_PX:
            continue
        rects.append(box)
    if not rects:
        return []
    rects = _merge(rects)
    if sum(r.get_area() for r in rects) > WHOLE_PAGE * area.get_area():
        return [fitz.Rect(area)]
    return rects


def visible_box(page):
    """The page's visible box in unrotated page coordinates: those of its text, images, drawings
    and redactions (`page.rect` is turned by the page's /Rotate)."""
    return page.rect * page.derotation_matrix


def ocr_region(page, rect, dpi: int = OCR_DPI):
    """The pixels of `rect` (unrotated page coordinates) of `page` as a greyscale PIL image,
    rendered at `dpi` as the page is shown (turned by its /Rotate), and a function that maps a box
    of that image (in pixels) back to unrotated page coordinates."""
    import fitz
    from PIL import Image

    clip = fitz.Rect(rect) * page.rotation_matrix
    pix = page.get_pixmap(dpi=dpi, colorspace=fitz.csGRAY, clip=clip)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    scale = 72.0 / dpi
    derotate = page.derotation_matrix

    def to_page(box):
        x0, y0, x1, y1 = box
        shown = fitz.Rect(clip.x0 + x0 * scale, clip.y0 + y0 * scale,
                          clip.x0 + x1 * scale, clip.y0 + y1 * scale)
        return tuple(shown * derotate)

    return image, to_page


# --- reading ---------------------------------------------------------------------------------------

def _append_text_layer(parts: list[str], layout: PageLayout, number: int, page) -> int:
    import fitz

    raw = page.get_text("rawdict", flags=fitz.TEXT_PRESERVE_WHITESPACE | fitz.TEXT_MEDIABOX_CLIP,
                        sort=True)
    first_block = True
    appended = 0
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
                    appended += 1
    return appended


def _separate(parts: list[str], layout: PageLayout) -> None:
    if parts and parts[-1] != "\n":
        for ch in "\n\n":
            parts.append(ch)
            layout.add_separator()


def read_pdf(path: Path, data: bytes, password: str | None = None) -> Document:
    from redactor.noise import quiet

    with quiet():
        return _read_pdf(path, data, password)


def _read_pdf(path: Path, data: bytes, password: str | None = None) -> Document:
    pdf = open_pdf(path, data, password)
    parts: list[str] = []
    layout = PageLayout()
    try:
        check_streams(pdf, path)
        fonts = FontCheck(pdf)
        for number in range(pdf.page_count):
            page = pdf.load_page(number)
            layout.page_sizes.append((page.rect.width, page.rect.height))
            if number:
                for ch in "\n\n":
                    parts.append(ch)
                    layout.add_separator()
            _append_text_layer(parts, layout, number, page)
            regions = ocr_regions(page, fonts)
            if regions:
                require_tesseract(f"{path}: page {number + 1} has images or untrusted fonts and")
            for rect in regions:
                image, to_page = ocr_region(page, rect)
                _separate(parts, layout)
                append_ocr_page(parts, layout, number, image, to_page=to_page)
                layout.ocr_regions.append((number, tuple(rect)))
                del image
            if regions:
                layout.ocr_pages.append(number)
    finally:
        pdf.close()
    text = "".join(parts)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text (and no page to OCR)")
    doc = document_from_text(text, str(path))
    return dataclasses.replace(doc, kind="pdf", layout=layout)
