"""Tables and logs: the columns of pipe-, tab- and comma-separated (CSV) and column-aligned text
(family tables, detention logs, case-management exports). A column whose header names people, or
whose cells are mostly capitalised name words, is a name column: every name word in it is a person
candidate, common words included ("Hope", "Blessing"). A column of 8- or 9-digit numbers, or one
headed "A-Number", is read as A-numbers.

Part of the recognise stage: it proposes candidates and explains nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from redactor.detect.vocabulary import word_class

NAME_HEADER = re.compile(
    r"(?i)\b(?:name|names|family|first|middle|last|surname|given|nombre|apellido|nom|prénom|"
    r"detainee|inmate|subject|applicant|child|children|spouse|member|relative|beneficiary|"
    r"passenger|patient|client|person|witness|alias)\b")
A_NUMBER_HEADER = re.compile(r"(?i)\b(?:a-?\s?(?:number|no\.?|#)|alien\s+(?:no|number|#)|a#|file\s+no)")
A_NUMBER_CELL = re.compile(r"^A?[-\s#]*(?:\d[-\s]?){7,8}\d$")
CELL_WORD = re.compile(r"[^\W\d_][\w'’-]*")
ROW_MIN_CELLS = 3


@dataclass(frozen=True)
class Cell:
    start: int
    end: int


@dataclass(frozen=True)
class Column:
    kind: str  # names | a_numbers
    cells: tuple[Cell, ...]


def _split(line: str, offset: int) -> tuple[str, list[Cell]] | None:
    """The separator of a table row and its cells (trimmed), or None for a line of prose."""
    for sep, pattern in (("|", r"\|"), ("\t", r"\t"), (",", r","), ("  ", r"[ ]{2,}")):
        if sep in "|\t," and line.count(sep) < ROW_MIN_CELLS - 1:
            continue
        if sep == "," and (re.search(r",\s", line) or any(len(c.split()) > 4 for c in line.split(","))):
            continue  # CSV: no space after a comma and short cells; prose has both
        parts = []
        pos = 0
        for m in re.finditer(pattern, line):
            parts.append((pos, m.start()))
            pos = m.end()
        parts.append((pos, len(line)))
        cells = []
        for a, b in parts:
            while a < b and line[a] == " ":
                a += 1
            while b > a and line[b - 1] == " ":
                b -= 1
            cells.append(Cell(offset + a, offset + b))
        if len([c for c in cells if c.end > c.start]) >= ROW_MIN_CELLS:
            return sep, cells
    return None


def find_columns(text: str) -> list[Column]:
    """Name and A-number columns of every table in the text."""
    columns: list[Column] = []
    block: list[list[Cell]] = []
    block_sep = None
    pos = 0
    lines = text.split("\n")
    for line in lines + [""]:
        row = _split(line, pos) if line.strip() and not re.fullmatch(r"[-=+|: ]+", line.strip()) else None
        if row and (block_sep is None or row[0] == block_sep):
            block_sep = row[0]
            block.append(row[1])
        elif row is None and line.strip() and re.fullmatch(r"[-=+|: ]+", line.strip()):
            pass  # a rule under the header row
        else:
            columns.extend(_read_block(text, block, block_sep))
            block, block_sep = ([row[1]], row[0]) if row else ([], None)
        pos += len(line) + 1
    return columns


def _read_block(text: str, rows: list[list[Cell]], sep: str | None) -> list[Column]:
    if len(rows) < 2:
        return []
    header, body = rows[0], rows[1:]
    width = len(header)
    if sep in ("  ", ",") and not all(len(r) == width for r in body):
        return []  # prose with double spaces or commas, not a table
    out = []
    for index in range(width):
        cells = [r[index] for r in body if index < len(r) and r[index].end > r[index].start]
        if not cells:
            continue
        head = text[header[index].start:header[index].end].replace("_", " ") if index < len(header) else ""
        values = [text[c.start:c.end] for c in cells]
        if A_NUMBER_HEADER.search(head) or all(A_NUMBER_CELL.match(v) for v in values if v.lower() != "none"):
            if any(A_NUMBER_CELL.match(v) for v in values):
                out.append(Column("a_numbers", tuple(c for c, v in zip(cells, values) if A_NUMBER_CELL.match(v))))
            continue
        if NAME_HEADER.search(head) or _looks_like_names(values):
            out.append(Column("names", tuple(cells)))
    return out


def _looks_like_names(values: list[str]) -> bool:
    """Most cells are one to five capitalised words, of which one at least is a name word."""
    good = 0
    for value in values:
        words = CELL_WORD.findall(value)
        if 1 <= len(words) <= 5 and all(w[0].isupper() for w in words) and any(
                word_class(w) in ("weak", "strong") for w in words):
            good += 1
    return len(values) >= 2 and good >= 0.8 * len(values)


def name_cells(text: str, column: Column) -> list[tuple[int, int]]:
    """The name words of a name column's cells, each as a span (quotes and notes left out)."""
    spans = []
    for cell in column.cells:
        for m in CELL_WORD.finditer(text, cell.start, cell.end):
            word = m.group()
            if word[0].isupper() and word_class(word) in ("weak", "strong", "place", "group", "country", "common"):
                spans.append(m.span())
    return spans
