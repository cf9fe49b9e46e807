"""Page images and boxes for reviewing PDFs, scans and images: the boxes are the rectangles render
draws (same layout, same insets and padding), pages render locally to PNG of the asked width, and
each finding knows its page."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from redactor.io import read_document
from redactor.render.pdf import redaction_rects
from redactor.review.pages import boxes_by_page, finding_rects, page_count, page_of, render_page
from tests.app.paged import APPLICANT, hearing_page, hearing_pdf


@pytest.fixture(scope="module")
def hearing(tmp_path_factory):
    path = hearing_pdf(tmp_path_factory.mktemp("pages") / "hearing.pdf", pages=4)
    return read_document(path), path.read_bytes()


def test_boxes_are_the_rectangles_render_draws(hearing):
    document, _ = hearing
    start = document.text.index(APPLICANT)
    end = start + len(APPLICANT)
    assert finding_rects(document, start, end) == redaction_rects(document.layout, start, end)
    assert page_of(document, start, end) == 0
    last = document.text.rindex(APPLICANT)
    assert page_of(document, last, last + len(APPLICANT)) == 3 and page_count(document) == 4


def test_boxes_by_page_group_every_line_of_every_decision(hearing):
    from redactor.model import Action, Decision, Finding

    document, _ = hearing
    spans = []
    start = 0
    while (start := document.text.find(APPLICANT, start)) >= 0:
        spans.append((start, start + len(APPLICANT)))
        start += 1
    decisions = [Decision(Finding(s, e, "PERSON", "PERSON-1", "applicant", 0.9, "t"), Action.TAG, "[PERSON-1]", "r", "b")
                 for s, e in spans]
    pages = boxes_by_page(document, decisions)
    assert sorted(pages) == [0, 1, 2, 3]
    assert sum(len(boxes) for boxes in pages.values()) >= len(spans)
    for page, boxes in pages.items():
        width, height = document.layout.page_sizes[page]
        for box in boxes:
            x0, y0, x1, y1 = box.rect
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height


def test_pages_render_locally_to_png(hearing, tmp_path):
    _, data = hearing
    png = render_page("pdf", data, 2, width=600)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == 600 and image.height > 800
    # an image file renders frame by frame, scaled to the same width
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 1600), "white").save(buffer, format="PNG")
    assert Image.open(io.BytesIO(render_page("image", buffer.getvalue(), 0, width=300))).size == (300, 400)


def test_the_fictional_hearing_has_the_parts_the_tests_use():
    first = hearing_page(0)
    assert "Immigration Judge" in first and "Attorney" in first and APPLICANT in first
