"""Scanned documents end to end: an image-only PDF (200 dpi, two sample documents), a PNG page and a
2-frame TIFF, redacted by `redactor redact` under asylum-confidential. Coverage is measured on the
pixels: for every gold PERSON and A_NUMBER mask span, the ink of the span in the original scan must
be black in the redacted output."""

from __future__ import annotations

import io
import math
from pathlib import Path

import fitz
import pytest
from PIL import Image, ImageDraw, ImageSequence
from typer.testing import CliRunner

from redactor.cli import app
from redactor.gold import load_gold
from tests.docbuild import (count, dark_fraction, ink_bbox, page_images, pdftotext, scan_pdf, scan_png,
                            scan_tiff, shrink, span_lines, text_pdf, to_pixels, visible_text)

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"
DOCS = ("asylum_interview_notes_osei", "circuit_opinion_nguyen")
DPI = 200
TYPES = ("PERSON", "A_NUMBER")
RECALL_FLOOR = 0.98  # the issue's figure for gold PERSON and A_NUMBER spans on OCRed pages
BLACK = 0.9  # a span is covered when ≥ 90 % of the pixels of its (shrunk) ink box are black


class Source:
    """Two samples laid out one after the other (the second on a new page), with gold mask spans
    moved to the combined text, the builder's boxes, and the clean 200-dpi page images."""

    def __init__(self, folder: Path):
        texts, spans, offset = [], [], 0
        for doc in DOCS:
            gold = load_gold(SAMPLES / f"{doc}.gold.json")
            spans += [(s.start + offset, s.end + offset, s.type, s.text)
                      for s in gold.spans if s.action == "mask"]
            texts.append(gold.text)
            offset += len(gold.text) + 2  # "\n\f"
        self.text = "\n\f".join(texts)
        assert all(self.text[a:b] == t for a, b, _, t in spans)
        self.masks = spans
        self.boxes, self.pdf = text_pdf(self.text, folder / "source.pdf")
        self.images = list(page_images(self.pdf, DPI))

    def targets(self, pages=None):
        """(span text, [(page, ink box in pixels), ...]) for every gold PERSON/A_NUMBER mask span
        (on `pages`, if given)."""
        out = []
        for a, b, etype, value in self.masks:
            if etype not in TYPES:
                continue
            lines = span_lines(self.boxes, self.text, a, b)
            if pages is not None and any(ln.page not in pages for ln in lines):
                continue
            boxes = [(ln.page, ink_bbox(self.images[ln.page], to_pixels(ln, DPI))) for ln in lines]
            out.append((value, [(p, box) for p, box in boxes if box is not None]))
        return out


def coverage(targets, images, shrink_box) -> tuple[float, list]:
    covered, missed = 0, []
    for value, boxes in targets:
        fractions = [dark_fraction(images[p], shrink_box(box)) for p, box in boxes]
        if fractions and min(fractions) >= BLACK:
            covered += 1
        else:
            missed.append((value.split()[-1][:1] + "…", [round(f, 2) for f in fractions]))
    return covered / max(1, len(targets)), missed


def brief_shrink(box):
    return shrink(box, 0.15)


def full_height(box):
    """Shrunk 15 % across (OCR splits a word's box evenly between its letters) but only 1 pixel
    (anti-aliasing) top and bottom: the whole height of the glyphs must be black."""
    x0, y0, x1, y1 = box
    dx = (x1 - x0) * 0.15
    return (math.ceil(x0 + dx), y0 + 1, math.floor(x1 - dx), y1 - 1)


def render(pdf_path: Path) -> list[Image.Image]:
    """The pages at DPI, grayscale. The only text on a redacted scan is the boxes' labels
    ("[PERSON-1]", white on the black box): their glyph boxes are painted black here, so that a
    labelled box counts as covered (the label is part of the box, not of the name)."""
    images = []
    scale = DPI / 72.0
    with fitz.open(pdf_path) as pdf:
        for page in pdf:
            pix = page.get_pixmap(dpi=DPI, colorspace=fitz.csGRAY)
            image = Image.frombytes("L", (pix.width, pix.height), pix.samples)
            draw = ImageDraw.Draw(image)
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for char in span["chars"]:
                            x0, y0, x1, y1 = char["bbox"]
                            draw.rectangle((x0 * scale, y0 * scale, x1 * scale, y1 * scale), fill=0)
            images.append(image)
    return images


def redact(path: Path, out: Path):
    result = CliRunner().invoke(app, ["redact", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    binaries = [p for p in out.iterdir() if ".redacted." in p.name and not p.name.endswith(".txt")]
    assert len(binaries) == 1, sorted(p.name for p in out.iterdir())
    return binaries[0]


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Source:
    return Source(tmp_path_factory.mktemp("scan-source"))


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp("scan-pdf")
    scan = scan_pdf(source.pdf, folder / "Asante-Mensah_scan.pdf", dpi=DPI)
    with fitz.open(scan) as pdf:
        assert all(not page.get_text().strip() and len(page.get_images()) == 1 for page in pdf)
    output = redact(scan, folder / "out")
    return output, render(output)


def test_scanned_pdf_recall(source, scanned):
    _, images = scanned
    targets = source.targets()
    recall, missed = coverage(targets, images, brief_shrink)
    print(f"\nscanned PDF ({len(images)} pages, {DPI} dpi): PERSON+A_NUMBER recall "
          f"{recall:.3f} over {len(targets)} gold spans")
    assert len(targets) >= 40
    assert recall >= RECALL_FLOOR, missed


def test_scanned_pdf_boxes_cover_the_whole_glyph_height(source, scanned):
    """The inset that keeps a text layer's neighbouring glyphs must not be applied to OCR boxes,
    which are tight on the ink: the tops and bottoms of the letters would stay legible."""
    _, images = scanned
    recall, missed = coverage(source.targets(), images, full_height)
    print(f"\nscanned PDF, full glyph height black: {recall:.3f}")
    assert recall >= RECALL_FLOOR, missed[:10]


def test_scanned_output_has_no_text_layer_with_the_names(source, scanned):
    output, _ = scanned
    text = pdftotext(output)
    with fitz.open(output) as pdf:
        text += "\n".join(page.get_text() for page in pdf)
    visible = visible_text(source.text, [(a, b) for a, b, _, _ in source.masks])
    leaks = [v for a, b, etype, v in source.masks if etype in TYPES and count(v, text) > count(v, visible)]
    assert not leaks


def test_scanned_output_pages_are_one_image_and_no_annotations(scanned):
    output, _ = scanned
    with fitz.open(output) as pdf:
        for page in pdf:
            assert len(page.get_images(full=True)) == 1
            assert page.first_annot is None and page.annot_xrefs() == []


def _page_image(pdf, page):
    """The page's own image (not its rendering) and the rect it is drawn in."""
    [info] = page.get_images(full=True)
    xref = info[0]
    data = pdf.extract_image(xref)
    image = Image.open(io.BytesIO(data["image"])).convert("L")
    [rect] = page.get_image_rects(xref)
    return image, rect


def test_scanned_pixels_are_black_in_the_image_itself(source, scanned):
    """Not an overlay: the pixels under each box are black in the page's image (MuPDF's own pixel
    redaction paints them white and draws the black as a separate rectangle)."""
    output, _ = scanned
    scale = 72.0 / DPI
    with fitz.open(output) as pdf:
        images = []
        for page in pdf:
            image, rect = _page_image(pdf, page)
            # map 200-dpi page pixels → the image's own pixels
            sx, sy = image.width / rect.width * scale, image.height / rect.height * scale
            images.append((image, rect, sx, sy))
    covered, targets = 0, source.targets()
    for _, boxes in targets:
        ok = True
        for p, (x0, y0, x1, y1) in boxes:
            image, rect, sx, sy = images[p]
            ox, oy = rect.x0 / scale, rect.y0 / scale
            box = ((x0 - ox) * sx, (y0 - oy) * sy, (x1 - ox) * sx, (y1 - oy) * sy)
            ok &= dark_fraction(image, shrink(box, 0.15)) >= BLACK
        covered += ok
    assert covered / len(targets) >= RECALL_FLOOR


# --- images -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def png(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp("png")
    path = scan_png(source.pdf, folder / "Asante-Mensah_scan.png", dpi=DPI, page=0)
    return path, redact(path, folder / "out")


def test_png_scan(source, png):
    _, output = png
    assert output.name.endswith(".redacted.png") and "asante" not in output.name.casefold()
    with Image.open(output) as image:
        assert image.format == "PNG" and image.size == source.images[0].size
        redacted = image.convert("L")
        assert not any(isinstance(v, str) and "Asante" in v for v in image.info.values())
    targets = source.targets(pages={0})
    recall, missed = coverage(targets, [redacted], brief_shrink)
    strict, _ = coverage(targets, [redacted], full_height)
    print(f"\nPNG page: PERSON+A_NUMBER recall {recall:.3f} ({strict:.3f} full glyph height) "
          f"over {len(targets)} gold spans")
    assert len(targets) >= 10
    assert recall >= RECALL_FLOOR, missed
    assert strict >= RECALL_FLOOR


def test_png_last_letter_before_punctuation_is_covered(source, png):
    _, output = png
    with Image.open(output) as image:
        redacted = image.convert("L")
    partly = []
    for a, b, etype, value in source.masks:
        last = source.boxes[b - 1]
        if etype not in TYPES or last is None or last.page != 0 or source.text[b] not in ",.;:'’?)":
            continue
        ink = ink_bbox(source.images[0], to_pixels(last, DPI))
        fraction = dark_fraction(redacted, shrink(ink, 0.15))
        if fraction < BLACK:
            partly.append((value[-1] + source.text[b], round(fraction, 2)))
    assert not partly, partly


@pytest.fixture(scope="module")
def tiff(tmp_path_factory, source):
    folder = tmp_path_factory.mktemp("tiff")
    path = scan_tiff(source.pdf, folder / "Asante-Mensah_scan.tif", dpi=DPI, pages=2)
    with Image.open(path) as image:
        assert image.n_frames == 2
    return path, redact(path, folder / "out")


def test_tiff_frames_are_both_redacted(source, tiff):
    _, output = tiff
    with Image.open(output) as image:
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    assert len(frames) == 2
    targets = source.targets(pages={0, 1})
    assert {p for _, boxes in targets for p, _ in boxes} == {0, 1}
    recall, missed = coverage(targets, frames, brief_shrink)
    print(f"\n2-frame TIFF: PERSON+A_NUMBER recall {recall:.3f} over {len(targets)} gold spans")
    assert recall >= RECALL_FLOOR, missed


def test_tiff_output_is_named_for_its_format(tiff):
    _, output = tiff
    with Image.open(output) as image:
        fmt = image.format
    assert output.suffix.lower() in {"PNG": {".png"}, "TIFF": {".tif", ".tiff"}}[fmt], (fmt, output.name)
