"""Test-time document builders: PDFs, scans and images made from plain text when a test runs, so the
repository holds no binary fixtures.

`text_pdf` lays a text out on pages with PyMuPDF's TextWriter (embedded Unicode fonts) and returns
the box of every character it placed, so a gold span of the source text can be found on the page.
`scan_pdf` / `scan_png` / `scan_tiff` rasterize such a PDF (image-only output, no text layer).
`bad_black_box_pdf` is the classic failed redaction: a black rectangle drawn over a name whose text
stays underneath, and the name left in the metadata.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import fitz

PAPER = {"a4": fitz.paper_rect("a4"), "letter": fitz.paper_rect("letter")}


@dataclass(frozen=True)
class CharBox:
    """Where one character of the source text was placed: page index and box in PDF points."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def rect(self) -> fitz.Rect:
        return fitz.Rect(self.x0, self.y0, self.x1, self.y1)

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


def _font(spec) -> fitz.Font:
    if isinstance(spec, fitz.Font):
        return spec
    if spec in (None, "noto"):
        return fitz.Font(language="vi")  # MuPDF's built-in Noto Serif: Latin incl. Vietnamese, Cyrillic
    return fitz.Font(spec)


class _Fonts:
    """The requested font, falling back per character to built-in Noto Serif and then to Droid
    Sans Fallback ("cjk") for glyphs it lacks (Vietnamese tone marks are missing from Times)."""

    def __init__(self, font) -> None:
        chain = [_font(font)]
        for extra in ("noto", "cjk"):
            f = _font(extra)
            if f.name not in {c.name for c in chain}:
                chain.append(f)
        self.chain = chain
        self._pick: dict[str, int] = {}
        self._width: dict[tuple[str, float], float] = {}

    def pick(self, ch: str) -> int:
        k = self._pick.get(ch)
        if k is None:
            k = next((i for i, f in enumerate(self.chain) if f.has_glyph(ord(ch))), 0)
            self._pick[ch] = k
        return k

    def width(self, ch: str, size: float) -> float:
        w = self._width.get((ch, size))
        if w is None:
            w = self._width[(ch, size)] = self.chain[self.pick(ch)].text_length(ch, fontsize=size)
        return w


def _tokens(paragraph: str, offset: int) -> list[tuple[int, str]]:
    """Alternating runs of spaces and non-spaces, with their offsets in the source text."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(paragraph):
        j = i
        space = paragraph[i].isspace()
        while j < len(paragraph) and paragraph[j].isspace() == space:
            j += 1
        out.append((offset + i, paragraph[i:j]))
        i = j
    return out


def layout_text(text: str, *, font="tiro", fontsize: float = 11.0, paper: str = "a4",
                margin: float = 56.0, leading: float = 1.35):
    """Greedy word wrap of `text`: paragraphs split on line breaks, a paragraph that starts with a
    form feed starts a new page. Returns (fonts, pages): pages is a list of pages, each a list of
    lines, each a list of (source offset, char, x, baseline y)."""
    fonts = _Fonts(font)
    rect = PAPER[paper.lower()]
    width = rect.width - 2 * margin
    line_h = fontsize * leading
    top = margin + fontsize
    bottom = rect.height - margin
    pages: list[list[list[tuple[int, str, float, float]]]] = [[]]
    y = top

    def new_line():
        nonlocal y
        y += line_h
        if y > bottom:
            pages.append([])
            y = top

    offset = 0
    first = True
    for paragraph in text.split("\n"):
        if not first:
            new_line()
        first = False
        while paragraph.startswith("\f"):  # a form feed starts a new page
            if pages[-1]:
                pages.append([])
            y = top
            paragraph = paragraph[1:]
            offset += 1
        line: list[tuple[int, str, float, float]] = []
        x = 0.0
        for start, token in _tokens(paragraph, offset):
            if token[0].isspace():  # kept inside a line, dropped where the line wraps
                for k, ch in enumerate(token):
                    w = fonts.width(" ", fontsize) if ch == "\t" else fonts.width(ch, fontsize)
                    if x + w > width:
                        break
                    line.append((start + k, " " if ch == "\t" else ch, margin + x, y))
                    x += w
                continue
            w = sum(fonts.width(ch, fontsize) for ch in token)
            if x + w > width and line:
                while line and line[-1][1].isspace():
                    line.pop()
                if line:
                    pages[-1].append(line)
                line, x = [], 0.0
                new_line()
            for k, ch in enumerate(token):
                cw = fonts.width(ch, fontsize)
                if x + cw > width and line:  # a word longer than the line: break it hard
                    pages[-1].append(line)
                    line, x = [], 0.0
                    new_line()
                line.append((start + k, ch, margin + x, y))
                x += cw
        while line and line[-1][1].isspace():
            line.pop()
        if line:
            pages[-1].append(line)
        offset += len(paragraph) + 1
    if not pages[-1] and len(pages) > 1:
        pages.pop()
    return fonts, pages


def text_pdf(text: str, path: str | Path | None = None, *, font="tiro", fontsize: float = 11.0,
             paper: str = "a4", margin: float = 56.0, metadata: dict | None = None,
             save: bool = True):
    """Lay `text` out on pages and save it to `path` (with `save=False`, return the open document
    instead of saving). Returns `(boxes, doc_or_path)`: `boxes[i]` is the CharBox of `text[i]`, or
    None for characters not placed (line breaks, spaces where a line wrapped)."""
    fonts, pages = layout_text(text, font=font, fontsize=fontsize, paper=paper, margin=margin)
    rect = PAPER[paper.lower()]
    boxes: list[CharBox | None] = [None] * len(text)
    metrics = [(f.ascender, f.descender) for f in fonts.chain]
    doc = fitz.open()
    for number, lines in enumerate(pages):
        page = doc.new_page(width=rect.width, height=rect.height)
        writer = fitz.TextWriter(page.rect)
        for line in lines:
            run: list[str] = []
            run_font = None
            run_x = run_y = 0.0
            for offset, ch, x, y in line:
                k = fonts.pick(ch)
                if k != run_font:
                    if run:
                        writer.append((run_x, run_y), "".join(run), font=fonts.chain[run_font],
                                      fontsize=fontsize)
                    run, run_font, run_x, run_y = [], k, x, y
                run.append(ch)
                ascender, descender = metrics[k]
                boxes[offset] = CharBox(number, x, y - ascender * fontsize,
                                        x + fonts.width(ch, fontsize), y - descender * fontsize)
            if run:
                writer.append((run_x, run_y), "".join(run), font=fonts.chain[run_font],
                              fontsize=fontsize)
        writer.write_text(page)
    if metadata:
        doc.set_metadata(metadata)
    if not save:
        return boxes, doc
    path = Path(path)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return boxes, path


def span_boxes(boxes: Sequence[CharBox | None], start: int, end: int) -> list[CharBox]:
    """The boxes of the visible (non-space) characters of text[start:end]."""
    return [b for b in boxes[start:end] if b is not None and b.x1 > b.x0]


def span_lines(boxes: Sequence[CharBox | None], text: str, start: int, end: int) -> list[CharBox]:
    """One box per line that the span text[start:end] occupies (union of its visible glyphs)."""
    out: list[list] = []
    for i in range(start, end):
        b = boxes[i]
        if b is None or text[i].isspace():
            continue
        if out and out[-1][0] == b.page and abs(out[-1][2] - b.y0) < 0.5:
            r = out[-1]
            r[1], r[3] = min(r[1], b.x0), max(r[3], b.x1)
            r[2], r[4] = min(r[2], b.y0), max(r[4], b.y1)
        else:
            out.append([b.page, b.x0, b.y0, b.x1, b.y1])
    return [CharBox(*r) for r in out]


def _rasterize(page: fitz.Page, dpi: int, noise: float, rotate: float, rng: random.Random):
    from PIL import Image

    pix = page.get_pixmap(dpi=dpi, colorspace=fitz.csGRAY, alpha=False)
    image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    if rotate:
        image = image.rotate(rotate, resample=Image.BILINEAR, fillcolor=255)
    if noise:
        px = image.load()
        count = int(noise * image.width * image.height)
        for _ in range(count):
            x, y = rng.randrange(image.width), rng.randrange(image.height)
            px[x, y] = 0 if px[x, y] > 127 else 255
    return image


def page_images(pdf_path: str | Path, dpi: int = 200, noise: float = 0.0, rotate: float = 0.0,
                seed: int = 0) -> Iterable:
    """Grayscale PIL images of every page of a PDF, one at a time."""
    rng = random.Random(seed)
    with fitz.open(pdf_path) as src:
        for page in src:
            yield _rasterize(page, dpi, noise, rotate, rng)


def scan_pdf(text_pdf_path: str | Path, out: str | Path, dpi: int = 200, *, noise: float = 0.0,
             rotate: float = 0.0, seed: int = 0) -> Path:
    """An image-only PDF: each page of `text_pdf_path` rendered to a grayscale image at `dpi` and
    placed on a page of the same size (so boxes in points still apply). `noise` is the fraction of
    pixels flipped, `rotate` a skew in degrees; both off by default."""
    out = Path(out)
    dst = fitz.open()
    with fitz.open(text_pdf_path) as src:
        rng = random.Random(seed)
        for page in src:
            image = _rasterize(page, dpi, noise, rotate, rng)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            new = dst.new_page(width=page.rect.width, height=page.rect.height)
            new.insert_image(new.rect, stream=buffer.getvalue())
    dst.save(out, garbage=3, deflate=True)
    dst.close()
    return out


def scan_png(text_pdf_path: str | Path, out: str | Path, dpi: int = 200, page: int = 0, **kw) -> Path:
    """One page of a PDF as a grayscale PNG (pixel boxes = point boxes × dpi / 72)."""
    out = Path(out)
    for number, image in enumerate(page_images(text_pdf_path, dpi, **kw)):
        if number == page:
            image.save(out, format="PNG", dpi=(dpi, dpi))
            return out
    raise ValueError(f"{text_pdf_path} has no page {page}")


def scan_tiff(text_pdf_path: str | Path, out: str | Path, dpi: int = 200, pages: int | None = None,
              **kw) -> Path:
    """The pages of a PDF as one multi-frame grayscale TIFF."""
    out = Path(out)
    frames = list(page_images(text_pdf_path, dpi, **kw))[:pages]
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi),
                   compression="tiff_deflate")
    return out


def to_pixels(box: CharBox, dpi: int) -> tuple[float, float, float, float]:
    s = dpi / 72.0
    return box.x0 * s, box.y0 * s, box.x1 * s, box.y1 * s


def shrink(box: tuple[float, float, float, float], fraction: float) -> tuple[int, int, int, int]:
    """The box pulled in by `fraction` of its width/height on every side, in whole pixels."""
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) * fraction, (y1 - y0) * fraction
    return (math.ceil(x0 + dx), math.ceil(y0 + dy), math.floor(x1 - dx), math.floor(y1 - dy))


def ink_bbox(image, box: tuple[float, float, float, float], threshold: int = 128):
    """The bounding box (pixels) of the ink (pixels darker than `threshold`) of a grayscale PIL
    image inside `box`: the glyphs themselves, without the white of the line's ascent and
    descent. None if the box holds no ink."""
    x0, y0, x1, y1 = (int(math.floor(box[0])), int(math.floor(box[1])),
                      int(math.ceil(box[2])), int(math.ceil(box[3])))
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(image.width, x1), min(image.height, y1)
    if x1 <= x0 or y1 <= y0:
        return None
    found = image.crop((x0, y0, x1, y1)).point(lambda v: 255 if v < threshold else 0).getbbox()
    if found is None:
        return None
    return (x0 + found[0], y0 + found[1], x0 + found[2], y0 + found[3])


def dark_fraction(image, box: tuple[int, int, int, int], threshold: int = 64) -> float:
    """Fraction of the pixels of a grayscale PIL image inside `box` darker than `threshold`."""
    x0, y0, x1, y1 = box
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(image.width, x1), min(image.height, y1)
    if x1 <= x0 or y1 <= y0:
        return 0.0
    crop = image.crop((x0, y0, x1, y1))
    hist = crop.histogram()
    return sum(hist[:threshold]) / max(1, (x1 - x0) * (y1 - y0))


def bad_black_box_pdf(text: str, names: Sequence[str], path: str | Path, *,
                      author: str | None = None, font="tiro") -> tuple[list, Path]:
    """The classic failed redaction: `text` laid out, a filled black rectangle DRAWN over every
    occurrence of each of `names` while the text stays underneath (copy-paste gives it back), and
    the metadata author set to `author` (default: the first name). Returns (boxes, path)."""
    boxes, doc = text_pdf(text, font=font, save=False)
    for name in names:
        start = text.find(name)
        while start >= 0:
            for line in span_lines(boxes, text, start, start + len(name)):
                page = doc[line.page]
                page.draw_rect(line.rect, color=(0, 0, 0), fill=(0, 0, 0), overlay=True)
            start = text.find(name, start + len(name))
    doc.set_metadata({"author": author if author is not None else names[0],
                      "title": "Redacted record", "producer": "a careless tool"})
    path = Path(path)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return boxes, path


# --- reading outputs back, independently of redactor/verify --------------------------------------

def pdftotext(path: str | Path) -> str:
    """Poppler's `pdftotext` (UTF-8, NFC-normalized)."""
    import subprocess
    import unicodedata

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8", "replace")
    return unicodedata.normalize("NFC", out)


def pypdf_text(path: str | Path) -> str:
    """pypdf's text of every page (NFC-normalized)."""
    import unicodedata

    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() or "" for page in reader.pages))


def squash(text: str) -> str:
    """Whitespace runs → one space (line breaks of a layout do not matter)."""
    import re

    return re.sub(r"\s+", " ", text)


def variant_regex(value: str):
    """A case-insensitive regex for `value` whose words may be split by any spacing, line break or
    hyphenation (an independent reimplementation: the test must not trust redactor/verify)."""
    import re

    words = re.findall(r"\w+", value)
    if not words:
        return None
    joiner = r"[\s\-\u2010\u00ad]*"
    body = joiner.join(joiner.join(map(re.escape, w)) for w in words)
    return re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])", re.IGNORECASE)


def count(value: str, text: str) -> int:
    rx = variant_regex(value)
    return 0 if rx is None else len(rx.findall(text))


def visible_text(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the given (start, end) spans cut out: what may legitimately remain readable."""
    parts, pos = [], 0
    for start, end in sorted(spans):
        if start >= pos:
            parts.append(text[pos:start])
            pos = end
    parts.append(text[pos:])
    return "\n".join(parts)


# --- everything besides the page text where a name can hide ----------------------------------------

XMP_TEMPLATE = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:creator><rdf:Seq><rdf:li>{name}</rdf:li></rdf:Seq></dc:creator>"
    '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Asylum file of {name}</rdf:li></rdf:Alt></dc:title>'
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def add_extras(doc: "fitz.Document", name: str, number: str = "") -> None:
    """Put `name` everywhere a PDF can hold text besides its pages: document metadata, XMP, a text
    (sticky-note) annotation and a free-text annotation, a filled form field, an embedded file, a
    JavaScript action (open action and name tree), outline entries and a page-label prefix."""
    page = doc[0]
    doc.set_metadata({"author": name, "title": f"Asylum file of {name}", "subject": number or name,
                      "keywords": f"{name}, asylum", "creator": name, "producer": name})
    doc.set_xml_metadata(XMP_TEMPLATE.format(name=name))
    note = page.add_text_annot((page.rect.width - 60, page.rect.height - 60),
                               f"Call {name} about {number}".strip())
    note.set_info(title=name, subject=name)
    note.update()
    page.add_freetext_annot(fitz.Rect(300, page.rect.height - 50, 540, page.rect.height - 30),
                            f"Reviewed: {name}")
    field = fitz.Widget()
    field.field_name = "applicant_name"
    field.field_label = name
    field.field_type = fitz.PDF_WIDGET_TYPE_TEXT
    field.field_value = name
    field.rect = fitz.Rect(56, page.rect.height - 28, 296, page.rect.height - 12)
    page.add_widget(field)
    doc.embfile_add(f"{name}.txt", f"Notes on {name} {number}".encode("utf-8"),
                    filename=f"{name}.txt", desc=f"Notes on {name}")
    catalog = doc.pdf_catalog()
    script = f'app.alert("{name}");'.replace("(", "\\(").replace(")", "\\)")
    action = doc.get_new_xref()
    doc.update_object(action, f"<< /S /JavaScript /JS ({script}) >>")
    doc.xref_set_key(catalog, "OpenAction", f"{action} 0 R")
    tree = doc.get_new_xref()
    doc.update_object(tree, f"<< /Names [(greeting) {action} 0 R] >>")
    doc.xref_set_key(catalog, "Names/JavaScript", f"{tree} 0 R")
    toc = [[1, f"{name}: petition", 1]]
    if doc.page_count > 1:
        toc.append([2, f"Background of {name}", 2])
    doc.set_toc(toc)
    doc.set_page_labels([{"startpage": 0, "prefix": f"{name}-", "style": "D", "firstpagenum": 1}])


def decompressed_objects(path: str | Path) -> list[str]:
    """Every object of a PDF (dictionary and decoded stream) as text: what a stranger with a PDF
    library sees besides the rendered pages."""
    out = []
    with fitz.open(path) as doc:
        for xref in range(1, doc.xref_length()):
            try:
                out.append(doc.xref_object(xref, compressed=False))
            except Exception:
                continue
            if doc.xref_is_stream(xref):
                try:
                    out.append((doc.xref_stream(xref) or b"").decode("latin-1"))
                except Exception:
                    pass
    return out


# --- a long document -------------------------------------------------------------------------------

_FIRST = ("Amara", "Tomas", "Leyla", "Dawit", "Nadia", "Farid", "Selam", "Ivan", "Mariam", "Kofi")
_LAST = ("Okonkwo", "Varga", "Haidari", "Bekele", "Rahimi", "Castillo", "Tesfaye", "Morozov",
         "Nasser", "Boateng")


def long_page_text(i: int) -> str:
    """Page `i` of a long fictional hearing record: a paragraph with two names and an A-number
    (ten different people and numbers, repeated)."""
    a = f"{_FIRST[i % 10]} {_LAST[(i * 3) % 10]}"
    b = f"{_FIRST[(i + 4) % 10]} {_LAST[(i * 7 + 1) % 10]}"
    number = f"A{201000000 + (i % 10) * 7919:09d}"
    return (f"Page {i + 1}. The applicant {a} (A-Number {number}) testified before the Immigration "
            f"Court that her cousin {b} was detained by the police in the spring. The court found the "
            "testimony consistent with the written declaration and the country reports submitted by "
            f"counsel. {a.split()[0]} stated that she fled after the second arrest and that "
            f"{b.split()[1]} remained in hiding. The Department of Homeland Security did not contest "
            "the authenticity of the documents.")


def long_pdf(path: str | Path, pages: int = 500) -> Path:
    """A `pages`-page text PDF, one `long_page_text` per page (built in a few seconds)."""
    text = "\n\f".join(long_page_text(i) for i in range(pages))
    _, path = text_pdf(text, path)
    return path


_PEAK = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "t = time.perf_counter() - t\n"
    "sys.stdout.write(r.stdout)\n"
    "sys.stderr.write(r.stderr)\n"
    "print(f'\\nPEAK_RSS_KB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} SECONDS {t:.3f}')\n"
    "sys.exit(r.returncode)\n"
)


def run_measured(args: Sequence[str], **kwargs):
    """Run `args` as a child of a fresh Python process and return (returncode, stdout, stderr,
    peak RSS in bytes, seconds): the peak is that process's getrusage(RUSAGE_CHILDREN).ru_maxrss,
    so it covers the command (and anything it waited for) and nothing else this process ran."""
    import re
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _PEAK, *map(str, args)], capture_output=True,
                          text=True, **kwargs)
    m = re.search(r"PEAK_RSS_KB (\d+) SECONDS ([\d.]+)", done.stdout)
    if m is None:
        raise RuntimeError(f"no measurement: {done.stderr[-500:]}")
    stdout = done.stdout[: m.start()].rstrip("\n")
    return done.returncode, stdout, done.stderr, int(m.group(1)) * 1024, float(m.group(2))
