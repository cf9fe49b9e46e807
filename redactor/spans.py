"""Fast interval questions over a fixed set of spans (overlap, containment) for long documents."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate


class SpanIndex:
    def __init__(self, spans):
        ordered = sorted((s, e) for s, e in spans)
        self.starts = [s for s, _ in ordered]
        self.max_end = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans starting before `end`
        return i > 0 and self.max_end[i - 1] > start

    def contains(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)  # spans starting at or before `start`
        return i > 0 and self.max_end[i - 1] >= end
