"""The redaction index of a case (the "Vaughn index" FOIA and litigation practice expect): one row
per withheld span, by document, page, line, type, entity, action and legal basis, as CSV and as a
PDF drawn with PyMuPDF. It carries no masked text: documents are named by their safe output
names and spans by their case-wide entity ids."""

from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass
from functools import lru_cache

from redactor.model import Document, RedactionPlan

FIELDS = ["no", "document", "page", "line", "start", "end", "entity_type", "entity_id", "role", "action",
          "basis", "rule_id", "origin"]


@dataclass(frozen=True)
class IndexRow:
    no: int
    document: str
    page: int | None
    line: int
    start: int
    end: int
    entity_type: str
    entity_id: str
    role: str | None
    action: str
    basis: str
    rule_id: str
    origin: str

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in FIELDS}


class _Pages:
    """Page and line of an offset: from the layout for PDFs and scans, from form feeds for text;
    unknown (None) for Word files, which have no pages until printed."""

    def __init__(self, document: Document):
        text = document.text
        self.document = document
        self.newlines = [i for i, c in enumerate(text) if c == "\n"]
        self.feeds = [i for i, c in enumerate(text) if c == "\f"]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def page(self, start: int, end: int) -> int | None:
        layout = self.document.layout
        pages = getattr(layout, "pages", None)
        if pages is not None:
            for i in range(start, min(end, len(pages))):
                if pages[i] >= 0:
                    return pages[i] + 1
            return None
        if self.document.kind == "text":
            return bisect.bisect_left(self.feeds, start) + 1
        return None


def index_rows(labels: list[str], documents: list[Document], plans: list[RedactionPlan]) -> list[IndexRow]:
    rows: list[IndexRow] = []
    for label, document, plan in zip(labels, documents, plans):
        pages = _Pages(document)
        for d in plan.masked:
            f = d.finding
            rows.append(IndexRow(len(rows) + 1, label, pages.page(f.start, f.end), pages.line(f.start),
                                 f.start, f.end, f.entity_type, f.entity_id, f.role, d.action.value,
                                 d.basis, d.rule_id, d.origin))
    return rows


def index_csv(rows: list[IndexRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.to_json().items()})
    return buffer.getvalue()


# ---- PDF ---------------------------------------------------------------------------------------
PAGE = (842, 595)  # A4 landscape, points
MARGIN = 36
ROW = 11
FONT = ("helv", 7.5)
COLUMNS = [("No.", 34), ("Document", 250), ("Page", 34), ("Line", 34), ("Type", 88), ("Entity", 78),
           ("Action", 58), ("Legal basis", 194)]


@lru_cache(maxsize=65536)
def _fit(text: str, width: float) -> str:
    import fitz

    if fitz.get_text_length(text, fontname=FONT[0], fontsize=FONT[1]) <= width - 4:
        return text
    while text and fitz.get_text_length(text + "...", fontname=FONT[0], fontsize=FONT[1]) > width - 4:
        text = text[:-1]
    return text + "..."


def index_pdf(rows: list[IndexRow], title: str, subtitle: str) -> bytes:
    """The index as a PDF: a title, then a table that carries its header onto every page. One text
    block per column and page, so a case of 200 documents is drawn in seconds."""
    import fitz

    pdf = fitz.open()
    per_page = int((PAGE[1] - 2 * MARGIN - 4 * ROW) // ROW)
    chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        page = pdf.new_page(width=PAGE[0], height=PAGE[1])
        shape = page.new_shape()  # one content stream per page: drawing cell by cell is slow
        y = MARGIN + ROW
        if number == 1:
            shape.insert_text((MARGIN, y), title, fontname="hebo", fontsize=11)
            shape.insert_text((MARGIN, y + ROW + 2), subtitle, fontname="helv", fontsize=8)
        y += 3 * ROW
        x = MARGIN
        columns = list(zip(*[_cells(row) for row in chunk])) or [()] * len(COLUMNS)
        for (name, width), cells in zip(COLUMNS, columns):
            shape.insert_text((x, y), name, fontname="hebo", fontsize=FONT[1])
            if cells:
                shape.insert_text((x, y + ROW), "\n".join(_fit(c, width) for c in cells), fontname=FONT[0],
                                  fontsize=FONT[1], lineheight=ROW / FONT[1])
            x += width
        shape.draw_line((MARGIN, y + 3), (PAGE[0] - MARGIN, y + 3))
        shape.finish(width=0.5)
        shape.insert_text((MARGIN, PAGE[1] - MARGIN / 2), f"page {number} of {len(chunks)}", fontname="helv",
                          fontsize=7)
        shape.commit()
    pdf.set_metadata({"title": "Redaction index", "producer": "redactor", "creator": "redactor"})
    data = pdf.tobytes(garbage=4, deflate=True, no_new_id=True)  # the same case, the same bytes
    pdf.close()
    return data


def _cells(row: IndexRow) -> list[str]:
    return [str(row.no), row.document, "" if row.page is None else str(row.page), str(row.line),
            row.entity_type, row.entity_id, row.action, row.basis]
