"""The map from every character of a paged document's text back to its page and box."""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, field

NO_BOX = (math.nan, math.nan, math.nan, math.nan)


@dataclass(eq=False)
class PageLayout:
    """Per character: page index (-1 for separators we inserted) and box (x0, y0, x1, y1) in page
    units (PDF points for PDFs, pixels for images). Built page by page; compact arrays."""

    pages: array = field(default_factory=lambda: array("i"))
    boxes: array = field(default_factory=lambda: array("f"))
    page_sizes: list = field(default_factory=list)  # (width, height) per page
    ocr_pages: list = field(default_factory=list)  # pages with text that came from OCR
    # per character: 1 if it came from OCR (a box around ink), 0 from a text layer (a glyph box)
    ocr: bytearray = field(default_factory=bytearray)
    # (page, (x0, y0, x1, y1)) of every region that was OCRed, in page units
    ocr_regions: list = field(default_factory=list)

    def add(self, page: int, box, ocr: bool = False) -> None:
        self.pages.append(page)
        self.boxes.extend(box)
        self.ocr.append(1 if ocr else 0)

    def is_ocr(self, index: int) -> bool:
        return bool(self.ocr[index]) if index < len(self.ocr) else False

    def add_separator(self) -> None:
        self.add(-1, NO_BOX)

    def box(self, index: int) -> tuple[float, float, float, float]:
        return tuple(self.boxes[4 * index:4 * index + 4])

    def line_rects(self, start: int, end: int, ocr: bool | None = None
                   ) -> list[tuple[int, tuple[float, float, float, float]]]:
        """(page, rect) for the characters start..end, one rect per run of characters on one line
        (only the characters that came from OCR, or only those that did not, if `ocr` is given)."""
        rects: list[tuple[int, list[float]]] = []
        last_kind = None
        for i in range(start, end):
            page = self.pages[i]
            x0, y0, x1, y1 = self.box(i)
            if page < 0 or math.isnan(x0):
                continue
            kind = self.is_ocr(i)
            if ocr is not None and kind != ocr:
                continue
            if rects:
                last_page, r = rects[-1]
                same_line = (last_page == page and kind == last_kind
                             and abs(y0 - r[1]) < 0.5 * (r[3] - r[1]) and x0 >= r[0] - 1)
                if same_line:
                    r[0], r[1], r[2], r[3] = min(r[0], x0), min(r[1], y0), max(r[2], x1), max(r[3], y1)
                    continue
            rects.append((page, [x0, y0, x1, y1]))
            last_kind = kind
        return [(p, tuple(r)) for p, r in rects]
