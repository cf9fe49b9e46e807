"""Two views of a document's text in which the case's variants are searched, each with a map back
to the original offsets: the *canonical* view (names, places, dates: `naming.canonical` applied to
the whole text) and the *compact* view (identifiers: letters and digits only, upper case, so
"A212-345-678", "A 212 345 678" and "A212345678" read the same). Both are built in one pass."""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass

from redactor.case.naming import MULTI, MULTI_TO, TABLE

ALNUM = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class CanonicalView:
    text: str  # the canonical text
    # one segment per stretch copied one for one or per group collapsed to one character:
    # canonical start, original start, original length (a collapsed group is one canonical char)
    c_starts: array
    o_starts: array
    o_lengths: array
    collapsed: bytes  # 1 where the segment is a collapsed group

    def _segment(self, c: int) -> int:
        return bisect.bisect_right(self.c_starts, c) - 1

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the canonical span [start, end)."""
        i = self._segment(start)
        o_start = self.o_starts[i] + (0 if self.collapsed[i] else start - self.c_starts[i])
        j = self._segment(end - 1)
        if self.collapsed[j]:
            o_end = self.o_starts[j] + self.o_lengths[j]
        else:
            o_end = self.o_starts[j] + (end - 1 - self.c_starts[j]) + 1
        return o_start, o_end


def canonical_view(text: str) -> CanonicalView:
    one = text.translate(TABLE)  # one for one: offsets unchanged so far
    pieces: list[str] = []
    c_starts, o_starts, o_lengths = array("q"), array("q"), array("q")
    collapsed = bytearray()
    c = o = 0
    for m in MULTI.finditer(one):
        if m.start() > o:
            c_starts.append(c), o_starts.append(o), o_lengths.append(m.start() - o), collapsed.append(0)
            pieces.append(one[o:m.start()])
            c += m.start() - o
        group = m.group()
        c_starts.append(c), o_starts.append(m.start()), o_lengths.append(len(group)), collapsed.append(1)
        pieces.append(MULTI_TO.get(group, group[0]))
        c += 1
        o = m.end()
    if o < len(one) or not c_starts:
        c_starts.append(c), o_starts.append(o), o_lengths.append(len(one) - o), collapsed.append(0)
        pieces.append(one[o:])
    return CanonicalView("".join(pieces), c_starts, o_starts, o_lengths, bytes(collapsed))


@dataclass(frozen=True)
class CompactView:
    text: str  # letters and digits only, upper case
    c_starts: array  # where each run of letters and digits starts in `text`
    o_starts: array  # ... and in the original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        def one(c: int) -> int:
            w = bisect.bisect_right(self.c_starts, c) - 1
            return self.o_starts[w] + c - self.c_starts[w]

        return one(start), one(end - 1) + 1


def compact(value: str) -> str:
    return "".join(ALNUM.findall(value)).upper()


def compact_view(text: str) -> CompactView:
    pieces: list[str] = []
    c_starts, o_starts = array("q"), array("q")
    c = 0
    for m in ALNUM.finditer(text):
        word = m.group().upper()
        if len(word) != m.end() - m.start():  # a letter whose upper case is longer ("ß")
            word = m.group()
        c_starts.append(c)
        o_starts.append(m.start())
        pieces.append(word)
        c += len(word)
    return CompactView("".join(pieces), c_starts, o_starts)
