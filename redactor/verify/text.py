"""Reopen a text output as a stranger would and look for every masked string and its variants
(case, spacing, line breaks, hyphenation). A masked string may appear in the output only as often
as it appears in the text that was deliberately left visible (kept spans, unmasked prose) and in the
replacements; any extra occurrence is a leak."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Leak:
    start: int  # offsets of the masked span in the original
    end: int
    entity_type: str
    count: int


def _variant_regex(value: str) -> re.Pattern | None:
    letters = re.findall(r"\w+", value)
    if not letters or sum(len(w) for w in letters) < 2:
        return None
    # any run of spaces, line breaks or soft hyphenation may stand between and inside the words
    joiner = r"[\s\-‐­]*"
    body = joiner.join(joiner.join(map(re.escape, word)) if len(word) <= 40 else re.escape(word)
                       for word in letters)
    return re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])", re.IGNORECASE)


def verify_text(output: str, original: str, masked_spans: list[tuple[int, int, str]],
                replacements: list[str] | None = None) -> list[Leak]:
    """`masked_spans`: (start, end, entity_type) of every masked span in `original`."""
    visible_parts = []
    pos = 0
    for start, end, _ in sorted(masked_spans):
        if start >= pos:
            visible_parts.append(original[pos:start])
            pos = end
    visible_parts.append(original[pos:])
    visible = "\n".join(visible_parts) + "\n" + "\n".join(replacements or [])
    leaks = []
    checked: dict[str, int] = {}
    for start, end, etype in masked_spans:
        value = original[start:end]
        key = " ".join(value.split()).casefold()
        if key in checked:
            extra = checked[key]
        else:
            rx = _variant_regex(value)
            extra = 0 if rx is None else len(rx.findall(output)) - len(rx.findall(visible))
            checked[key] = extra
        if extra > 0:
            leaks.append(Leak(start, end, etype, extra))
    return leaks
