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
    ocr_pages: list = field(default_factory=list)  # pages whose text came from OCR

    def add(self, page: int, box) -> None:
        self.pages.append(page)
        self.boxes.extend(box)

    def add_separator(self) -> None:
        self.add(-1, NO_BOX)

    def box(self, index: int) -> tuple[float, float, float, float]:
        return tuple(self.boxes[4 * index:4 * index + 4])

    def line_rects(self, start: int, end: int) -> list[tuple[int, tuple[float, float, float, float]]]:
        """(page, rect) for the characters start..end, one rect per run of characters on one line."""
        rects: list[tuple[int, list[float]]] = []
        for i in range(start, end):
            page = self.pages[i]
            x0, y0, x1, y1 = self.box(i)
            if page < 0 or math.isnan(x0):
                continue
            if rects:
                last_page, r = rects[-1]
                same_line = last_page == page and abs(y0 - r[1]) < 0.5 * (r[3] - r[1]) and x0 >= r[0] - 1
                if same_line:
                    r[0], r[1], r[2], r[3] = min(r[0], x0), min(r[1], y0), max(r[2], x1), max(r[3], y1)
                    continue
            rects.append((page, [x0, y0, x1, y1]))
        return [(p, tuple(r)) for p, r in rects]
