"""Stage 1 of detection: one normalised view of the text, with an exact map back to the original.

Every recogniser reads `View.text`; every span is mapped back with `View.to_original` before it
leaves detection, so no stage ever handles offsets of two different texts. The view:
- applies NFKC per character (full-width digits, ligatures, non-breaking spaces) and composes
  decomposed accents (e + U+0301 → é);
- removes zero-width characters, soft hyphens, byte-order marks and bidirectional controls, and
  reads a right-to-left override the way it is displayed (reversed);
- rejoins words hyphenated at a line end ("Bala-\\nchova" → "Balachova"; a capital or a digit after
  the break keeps its hyphen: "Lopez-\\nLopez" → "Lopez-Lopez", "713-\\n555-0188" → "713-555-0188");
- collapses letter-spaced runs ("A 2 0 8 - 4 4 1" → "A208-441", "P E T R O V A" → "PETROVA");
- reads OCR confusables in context, one character for one: O/o, I/l as 0 and 1 inside digit runs
  ("A0758366S1" stays, "O75836651" → "075836651"), and digits as letters inside words
  ("ESC0BAR" → "ESCOBAR", "Ba1achova" → "Balachova", "KENlA" → "KENIA").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

# zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen, bidi embeddings/overrides/
# isolates and marks, Mongolian vowel separator, invisible operators
REMOVED = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u180e\u2061\u2062\u2063\u2064"
_REMOVED_SET = frozenset(REMOVED)
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_])|(?<=\d)-[ \t]*\r?\n[ \t]*(?=\d)")
# four or more single letters or digits (or hyphens) separated by single spaces
LETTER_SPACED = re.compile(r"(?<![^\s(\[\"“'‘])(?:[^\W_]|-)(?: (?:[^\W_]|-)){3,}(?![^\s)\].,;:\"”'’])")
RLO = re.compile("\u202e([^\u202c\n]*)\u202c?")
TOKEN = re.compile(r"[^\W_]+")
DIGIT_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
UPPER_LOOKALIKE = str.maketrans({"0": "O", "1": "I", "5": "S"})
LOWER_LOOKALIKE = str.maketrans({"0": "o", "1": "l", "5": "s"})


@dataclass(frozen=True)
class _Layer:
    """One pass's map from its output to its input: sorted segments (out_start, out_end, in_start,
    in_end); equal lengths map one to one, others map any offset inside to the whole input range."""

    out_starts: list[int]
    segments: list[tuple[int, int, int, int]]

    def back(self, start: int, end: int) -> tuple[int, int]:
        return self._point(start, False), self._point(end, True)

    def _point(self, pos: int, is_end: bool) -> int:
        probe = pos - 1 if is_end and pos > 0 else pos
        i = bisect_right(self.out_starts, probe) - 1
        if i < 0:
            return pos
        o0, o1, i0, i1 = self.segments[i]
        if probe >= o1:  # after the last edit: shifted by the total length change
            return pos - o1 + i1
        if o1 - o0 == i1 - i0:
            return i0 + (pos - o0)
        return i1 if is_end else i0


def _apply(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, _Layer | None]:
    """Replace (start, end, replacement) edits (sorted, disjoint); build the layer that maps back."""
    if not edits:
        return text, None
    pieces: list[str] = []
    out_starts: list[int] = []
    segments: list[tuple[int, int, int, int]] = []
    pos = 0
    out = 0
    for start, end, replacement in edits:
        if start > pos:
            pieces.append(text[pos:start])
            out_starts.append(out)
            segments.append((out, out + start - pos, pos, start))
            out += start - pos
        pieces.append(replacement)
        out_starts.append(out)
        segments.append((out, out + len(replacement), start, end))
        out += len(replacement)
        pos = end
    if pos < len(text):
        pieces.append(text[pos:])
        out_starts.append(out)
        segments.append((out, out + len(text) - pos, pos, len(text)))
    # an empty replacement has no offsets of its own: drop it from the lookup (its input range is
    # still covered by any span that straddles it, since both neighbours map exactly)
    keep = [k for k, s in enumerate(segments) if s[1] > s[0]]
    return "".join(pieces), _Layer([out_starts[k] for k in keep], [segments[k] for k in keep])


@dataclass(frozen=True)
class View:
    original: str
    text: str
    layers: tuple[_Layer, ...] = field(default=(), repr=False)

    @property
    def identity(self) -> bool:
        return not self.layers and self.text == self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of a view span (end exclusive); empty spans map to empty spans."""
        if start >= end:
            point = self.to_original_point(start)
            return point, point
        for layer in reversed(self.layers):
            start, end = layer.back(start, end)
        return start, end

    def to_original_point(self, pos: int) -> int:
        for layer in reversed(self.layers):
            pos = layer._point(pos, False)
        return pos


def _char_edits(text: str) -> list[tuple[int, int, str]]:
    """NFKC per character cluster (a base and its combining marks, composed), invisibles removed."""
    edits: list[tuple[int, int, str]] = []
    for run in NON_ASCII.finditer(text):
        start = run.start()
        if start > 0 and unicodedata.combining(text[start]):
            start -= 1  # the ASCII base of a decomposed accent
        chunk = text[start:run.end()]
        if unicodedata.normalize("NFKC", chunk) == chunk and not (_REMOVED_SET & set(chunk)):
            continue
        j = start
        while j < run.end():
            c = text[j]
            if c in _REMOVED_SET:
                edits.append((j, j + 1, ""))
                j += 1
                continue
            k = j + 1
            while k < run.end() and unicodedata.combining(text[k]):
                k += 1
            cluster = text[j:k]
            normal = unicodedata.normalize("NFKC", cluster)
            if normal != cluster:
                edits.append((j, k, normal))
            j = k
    return edits


def _line_end_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in LINE_END_HYPHEN.finditer(text):
        joins_lowercase = text[m.end()].islower()
        edits.append((m.start(), m.end(), "" if joins_lowercase else "-"))
    return edits


def _letter_spaced_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in LETTER_SPACED.finditer(text):
        if sum(c.isalnum() for c in m.group()) < 4:
            continue
        # one deletion per space, so that every letter keeps its own offset
        edits.extend((i, i + 1, "") for i in range(m.start(), m.end()) if text[i] == " ")
    return edits


def _reversed_edits(text: str) -> list[tuple[int, int, str]]:
    """A right-to-left override shows its text reversed: read it as a reader sees it."""
    if "\u202e" not in text:
        return []
    return [(m.start(), m.end(), m.group(1)[::-1]) for m in RLO.finditer(text)]


def _confusable(text: str) -> str:
    """OCR look-alikes read in context, one character for one (offsets unchanged)."""
    out = None
    for m in TOKEN.finditer(text):
        token = m.group()
        if len(token) < 3:
            continue
        digits = sum(c.isdigit() for c in token)
        fixed = token
        if digits:
            body = token[1:] if token[0] == "A" and len(token) >= 8 else token
            lookalikes = sum(c in "OoIl" for c in body)
            if (lookalikes and len(body) >= 6 and lookalikes <= 2 and digits + lookalikes == len(body)):
                fixed = token[: len(token) - len(body)] + body.translate(DIGIT_LOOKALIKE)
            elif len(token) >= 4 and (len(token) - digits) / len(token) >= 0.75 and all(
                    c.isalpha() or c in "015" for c in token):
                letters = [c for c in token if c.isalpha()]
                if all(c.isupper() for c in letters):
                    fixed = token.translate(UPPER_LOOKALIKE)
                elif token[0].isupper() and all(c.islower() for c in letters[1:]):
                    fixed = token.translate(LOWER_LOOKALIKE)
        elif "l" in token and len(token) >= 4:
            others = [c for c in token if c != "l"]
            if others and all(c.isupper() for c in others) and sum(c.isalpha() for c in others) >= 3:
                fixed = token.replace("l", "I")
        if fixed != token:
            if out is None:
                out = list(text)
            out[m.start():m.end()] = fixed
    return text if out is None else "".join(out)


def normalise(text: str) -> View:
    layers: list[_Layer] = []
    current = text
    for edits_of in (_reversed_edits, _char_edits, _line_end_edits, _letter_spaced_edits):
        edits = edits_of(current)
        current, layer = _apply(current, edits)
        if layer is not None:
            layers.append(layer)
    current = _confusable(current)
    if not layers and current == text:
        return View(text, text)
    return View(text, current, tuple(layers))
