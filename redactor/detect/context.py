"""Where a document speaks as an institution: its header (letterhead, court caption, memo lines)
and the places named as an office's or a court's seat, a detention facility or a dateline. Places
and contact details there are public; the same words next to the applicant are not."""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict

from redactor.detect.wordlists import DATA_DIR
from redactor.spans import SpanIndex
from redactor.yamldata import load_model


class PlaceContext(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str
    before: str = ""
    after: str = ""
    us_only: bool = False  # only a US town or state ("Southern District of New York", not "of Belgorod")


class ContextSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    institution: str
    private_line: str
    header_max_lines: int
    block_max_lines: int
    prose_line_chars: int
    places: list[PlaceContext]


@cache
def _spec() -> tuple[ContextSpec, re.Pattern, re.Pattern, tuple]:
    spec = load_model(DATA_DIR / "context.yaml", ContextSpec)
    places = tuple((p.role, re.compile(p.before + r"$") if p.before else None,
                    re.compile("^" + p.after) if p.after else None, p.us_only) for p in spec.places)
    return spec, re.compile(spec.institution), re.compile(spec.private_line), places


def header_zone(text: str, private_spans: list[tuple[int, int]]) -> SpanIndex:
    """The lines of an institutional header: from the top, up to the first line that names a
    private person, reads as prose, or is too far down; only if an institution is named there.
    Lines that speak of the applicant ("Re:", "Applicant:") are never part of it."""
    spec, institution, private_line, _ = _spec()
    private = SpanIndex(private_spans)
    spans, pos, institutional = [], 0, False
    for number, line in enumerate(text.splitlines(keepends=True)):
        end = pos + len(line)
        if number >= spec.header_max_lines or len(line.strip()) > spec.prose_line_chars \
                or private.overlaps(pos, end) or len(LOWER_WORD.findall(line)) >= 4:
            break  # a sentence ends the header ("The threats came from +233 …")
        if institution.search(line):
            institutional = True
        if line.strip() and not private_line.search(line):
            spans.append((pos, end))
        pos = end
    return SpanIndex(spans if institutional else [])


def place_role(text: str, start: int, end: int) -> str | None:
    """The public role of a place from the words around it (an office's seat, a facility), if any."""
    _, _, _, places = _spec()
    before, after = text[max(0, start - 80):start], text[end:end + 80]
    for role, before_rx, after_rx, us_only in places:
        if (before_rx is None or before_rx.search(before)) and (after_rx is None or after_rx.search(after)):
            if us_only:
                from redactor.detect.vocabulary import is_us_place

                if not is_us_place(text[start:end]):
                    continue
            return role
    return None


LOWER_WORD = re.compile(r"(?<![\w@.])[a-z]{2,}\b(?![@.]\w)")


def contact_blocks(text: str, anchors: list[tuple[int, int]], private_spans: list[tuple[int, int]]) -> SpanIndex:
    """Signature and contact blocks: from a line that names a public-role person or an institution
    (an anchor), the following lines up to a blank line, a line that speaks of the applicant, or a
    line naming a private person. Contacts there are the institution's own."""
    spec, institution, private_line, _ = _spec()
    private = SpanIndex(private_spans)
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    from bisect import bisect_right

    def line_of(pos: int) -> int:
        return bisect_right(starts, pos) - 1

    def bounds(k: int) -> tuple[int, int]:
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        return starts[k], end

    def prose(line: str) -> bool:
        # a sentence, not a name, title or contact line: several lower-case words
        return len(line.strip()) > spec.prose_line_chars or len(LOWER_WORD.findall(line)) >= 4

    anchor_lines = set()
    for s, _ in anchors:
        k = line_of(s)
        ls, le = bounds(k)
        if not prose(text[ls:le]):
            anchor_lines.add(k)
    for k in range(len(starts)):
        s, e = bounds(k)
        line = text[s:e]
        if not prose(line) and institution.search(line) \
                and not private_line.search(line) and not private.overlaps(s, e):
            anchor_lines.add(k)
    spans: list[tuple[int, int]] = []
    for k in sorted(anchor_lines):
        s, e = bounds(k)
        if private_line.search(text[s:e]):
            continue
        spans.append((s, e))
        for j in range(k + 1, min(len(starts), k + 1 + spec.block_max_lines)):
            s2, e2 = bounds(j)
            line = text[s2:e2]
            if not line.strip() or private_line.search(line) or private.overlaps(s2, e2) or prose(line):
                break
            spans.append((s2, e2))
    merged: list[list[int]] = []
    for s, e in sorted(spans):  # one span per block, so that a two-line address is inside it
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return SpanIndex((s, e) for s, e in merged)
