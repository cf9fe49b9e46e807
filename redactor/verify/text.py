"""Reopen a text output as a stranger would and look for every masked string and its variants
(case, spacing, line breaks, hyphenation). A masked string may appear in the output only as often
as it appears in the text that was deliberately left visible (kept spans, unmasked prose) and in the
replacements; any extra occurrence is a leak."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import ahocorasick


@dataclass(frozen=True)
class Leak:
    start: int  # offsets of the masked span in the original
    end: int
    entity_type: str
    count: int


# One view of a text in which every variant of a masked string reads the same: case and accents
# folded, hyphenation at a line end undone, hyphens inside words dropped, whitespace runs collapsed,
# and letter-spaced words ("K r a s n o p e r o v") closed up. Keys are also searched without their
# spaces, for names whose words were run together or spaced letter by letter.
_HYPHENATION = re.compile(r"[-‐­]\s*\n\s*")
_INNER_HYPHEN = re.compile(r"(?<=\w)[-‐](?=\w)")
_SPACES = re.compile(r"\s+")
_LETTER_SPACED = re.compile(r"(?<!\w\w)(?<=\w) (?=\w(?!\w))")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("\u00ad", ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def spaced(text: str) -> str:
    text = _INNER_HYPHEN.sub("", _HYPHENATION.sub("", _fold(text)))
    return _LETTER_SPACED.sub("", _SPACES.sub(" ", text)).strip()


def _count(keys: set[str], texts: list[str]) -> Counter:
    """Occurrences of every key in every text (Aho-Corasick: one pass per text)."""
    counts: Counter = Counter()
    if not keys:
        return counts
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    for text in texts:
        for end, key in automaton.iter(text):
            start = end - len(key) + 1
            if ((start > 0 and text[start - 1].isalnum())
                            or (end + 1 < len(text) and text[end + 1].isalnum())):
                continue
            counts[key] += 1
    return counts


def verify_text(output: str, original: str, masked_spans: list[tuple[int, int, str]],
                replacements: list[str] | None = None) -> list[Leak]:
    """`masked_spans`: (start, end, entity_type) of every masked span in `original`. Leaks are the
    masked strings found in `output` more often than in what was left visible on purpose (the
    unmasked text and the replacements)."""
    visible_parts = []
    pos = 0
    for start, end, _ in sorted(masked_spans):
        if start >= pos:
            visible_parts.append(original[pos:start])
            pos = end
    visible_parts.append(original[pos:])
    visible_parts.extend(replacements or [])
    keys: dict[tuple[int, int], tuple[str, ...]] = {}
    for start, end, _ in masked_spans:
        value = spaced(original[start:end])
        if sum(c.isalnum() for c in value) >= 2:
            keys[(start, end)] = (value, value.replace(" ", "")) if " " in value else (value,)
    every_key = {k for variants in keys.values() for k in variants}
    in_output = _count(every_key, [spaced(output)])
    in_visible = _count(every_key, [spaced(p) for p in visible_parts])
    leaks = []
    for start, end, etype in masked_spans:
        if (start, end) not in keys:
            continue
        extra = max(in_output[k] - in_visible[k] for k in keys[(start, end)])
        if extra > 0:
            leaks.append(Leak(start, end, etype, extra))
    return leaks
