"""Verification by variants: every masked entity is looked for by its whole text and by its parts,
over one normalised view in which every way of writing it reads the same.

The normalised view (`normalise`): NFKC (full-width digits and letters, ligatures, compatibility
forms), zero-width characters, bidirectional controls and soft hyphens removed (a run stored
backwards behind a right-to-left override is also read reversed), accents and other combining marks
folded, case folded, hyphenation at a line end undone, hyphens inside words dropped, whitespace runs
collapsed and letter-spaced runs ("P e t r o v a") closed up.

The keys of one masked span (`span_keys`):
- the whole text, and the whole text without its spaces (names run together or letter-spaced);
- for a PERSON, each part of the name of at least `MIN_PART` letters that is not a common English
  word (wordfreq Zipf frequency below `COMMON_ZIPF`): "Petrova" alone, "Natalia" alone;
- for any span holding at least `MIN_DIGITS` digits (A-numbers, receipts, dockets, phone and ID
  numbers, dates): its digits, found in the output with any separators between them
  ("075-836-651", "0 7 5 8 3 6 6 5 1", "A075836651") but never inside a longer number.

The rule that keeps ordinary documents exportable: a key is a leak only where the output holds it
more often than the text that was deliberately left visible — the unmasked prose, the kept spans
and the replacements. A kept judge who shares the applicant's surname is read as often as she is
named and is no leak; one more copy of the surname anywhere is. A part that is a common word
("Rose", "Young", "Grace") is not checked alone: it would only raise false alarms; the whole name
still is."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

import ahocorasick

MIN_PART = 3
COMMON_ZIPF = 4.5
MIN_DIGITS = 6
MIN_LOOSE = 5
PART_TYPES = frozenset({"PERSON"})

# zero-width characters, joiners, bidirectional marks and controls, BOM, soft hyphen, CGJ, MVS
INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0,
     *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070), *range(0xFE00, 0xFE10)],
    None)
_RLO_RUN = re.compile("[\u202e\u202b]([^\u202c\u2069\n]*)")
_HYPHENATION = re.compile(r"[-‐‑]\s*\n\s*")
_INNER_HYPHEN = re.compile(r"(?<=\w)[-‐‑](?=\w)")
_SPACES = re.compile(r"\s+")
_LETTER_SPACED = re.compile(r"(?<!\w\w)(?<=\w) (?=\w(?!\w))")
_DIGIT_GAP = re.compile(r"[^\w]{1,3}|_{1,3}")


def fold(text: str) -> str:
    """NFKC, invisible characters removed, accents folded, case folded."""
    text = unicodedata.normalize("NFKC", text.translate(INVISIBLE))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise(text: str) -> str:
    """The one view in which every variant of a masked string reads the same (see the module)."""
    reversed_runs = [m.group(1)[::-1] for m in _RLO_RUN.finditer(text)]
    if reversed_runs:
        text = text + "\n" + "\n".join(reversed_runs)
    text = _INNER_HYPHEN.sub("", _HYPHENATION.sub("", fold(text)))
    return _LETTER_SPACED.sub("", _SPACES.sub(" ", text)).strip()


@cache
def is_common_word(word: str) -> bool:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # without the word list every part is checked (more alarms, never fewer)
        return False
    return zipf_frequency(word, "en") >= COMMON_ZIPF


_NAME_LIKE = re.compile(r"[^\W\d_]+(?:[\s.'’‘-]+[^\W\d_]+)*\.?")


def name_parts(value: str) -> list[str]:
    """The parts of a name worth looking for alone (normalised); none for a span that is not
    written like a name (an e-mail address, a handle with digits)."""
    parts = []
    if not _NAME_LIKE.fullmatch(value.strip()):
        return parts
    for word in (normalise(w) for w in re.split(r"[\W_]+", value.translate(INVISIBLE))):
        letters = sum(c.isalpha() for c in word)
        if letters >= MIN_PART and not word.isdigit() and not is_common_word(word):
            parts.append(word)
    return parts


def digits_of(value: str) -> str:
    digits = "".join(c for c in unicodedata.normalize("NFKC", value) if c.isdigit())
    return digits if len(digits) >= MIN_DIGITS else ""


@dataclass(frozen=True)
class SpanKeys:
    text: tuple[str, ...]  # keys looked for in the normalised view
    digits: str  # "" when the span has too few digits


def span_keys(value: str, entity_type: str) -> SpanKeys:
    whole = normalise(value)
    keys: list[str] = []
    if sum(c.isalnum() for c in whole) >= 2:
        keys.append(whole)
        if " " in whole:
            keys.append(whole.replace(" ", ""))
    if entity_type in PART_TYPES:
        keys.extend(p for p in name_parts(value) if p not in keys)
    return SpanKeys(tuple(keys), digits_of(value))


def is_strong(key: str) -> bool:
    """A key that cannot turn up in ordinary prose by chance: it has a word of at least four
    letters that is not a common English word ("petrova", "natalia petrova"; not "the district",
    not "rose"). Digit keys are strong by their length."""
    return any(sum(c.isalpha() for c in word) >= 4 and not is_common_word(word)
               for word in re.split(r"[\W_]+", key))


def _automaton(keys):
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


def count_text_keys(keys: set[str], texts: list[str], automaton=None, bounded: bool = True) -> Counter:
    """Occurrences of every key in every (normalised) text, as whole words unless `bounded` is
    False (Aho-Corasick: one pass per text)."""
    counts: Counter = Counter()
    if not keys:
        return counts
    automaton = automaton or _automaton(keys)
    for text in texts:
        for end, key in automaton.iter(text):
            start = end - len(key) + 1
            if bounded and ((start > 0 and text[start - 1].isalnum())
                            or (end + 1 < len(text) and text[end + 1].isalnum())):
                continue
            counts[key] += 1
    return counts


def digit_view(text: str) -> tuple[str, set[int]]:
    """The digits of `text` whose runs are joined across separators (spaces, dashes, dots,
    slashes: at most three characters that are neither letters nor digits), and the positions in
    that string where a number starts or ends or a separator stood (a key must begin and end at
    such a position: "075836651" is found in "A-075-836-651" but not in "2075836651")."""
    folded = unicodedata.normalize("NFKC", text.translate(INVISIBLE))
    out: list[str] = []
    bounds: set[int] = set()
    last_end = None
    for m in re.finditer(r"\d+", folded):
        start = m.start()
        joined = last_end is not None and _DIGIT_GAP.fullmatch(folded[last_end:start]) is not None
        if not joined:
            bounds.add(len(out))
            out.append("|")
        bounds.add(len(out))
        out.extend(m.group())
        bounds.add(len(out))
        last_end = m.end()
    return "".join(out), bounds


def count_digit_keys(keys: set[str], texts: list[str], automaton=None) -> Counter:
    counts: Counter = Counter()
    if not keys:
        return counts
    automaton = automaton or _automaton(keys)
    for text in texts:
        view, bounds = digit_view(text)
        for end, key in automaton.iter(view):
            start = end - len(key) + 1
            if start in bounds and end + 1 in bounds:
                counts[key] += 1
    return counts


class MaskedTerms:
    """The keys of a set of masked strings, for scrubbing free text (alt text, link targets,
    bookmark names, PDF names and strings): `contains(text)` says whether any key occurs, `scrub`
    replaces every word or number that holds one."""

    def __init__(self, values: list[tuple[str, str]]):
        text_keys: set[str] = set()
        digit_keys: set[str] = set()
        for value, entity_type in values:
            keys = span_keys(value, entity_type)
            text_keys.update(keys.text)
            if keys.digits:
                digit_keys.add(keys.digits)
        self.text_keys = text_keys
        self.digit_keys = digit_keys
        self._text = _automaton(text_keys) if text_keys else None
        self._digits = _automaton(digit_keys) if digit_keys else None
        self._seen: dict[tuple[str, bool], bool] = {}
        self._loose = None

    def __bool__(self) -> bool:
        return bool(self.text_keys or self.digit_keys)

    def contains(self, text: str, loose: bool = False) -> bool:
        """Whether `text` holds a key as a word; with `loose`, also a strong key of at least
        `MIN_LOOSE` letters anywhere inside it, run together with other words or digits
        ("Petrovanotes", "case075836651"): for names and identifiers, where renaming more than
        needed costs nothing."""
        if not text or not self:
            return False
        key = (text, loose)
        if key not in self._seen:
            self._seen[key] = self._contains(text) or (loose and self._contains_loose(text))
        return self._seen[key]

    def _contains_loose(self, text: str) -> bool:
        if self._loose is None:
            keys = {k.replace(" ", "") for k in self.text_keys if is_strong(k)}
            keys = {k for k in keys if len(k) >= MIN_LOOSE}
            self._loose = _automaton(keys) if keys else False
        if not self._loose:
            return False
        squashed = "".join(c for c in normalise(text) if c.isalnum())
        return next(self._loose.iter(squashed), None) is not None

    def _contains(self, text: str) -> bool:
        if self._text and count_text_keys(self.text_keys, [normalise(text)], self._text):
            return True
        if self._digits and count_digit_keys(self.digit_keys, [text], self._digits):
            return True
        if not self._text:
            return False
        # run together ("NataliaPetrova", "natalia_petrova.jpg"): look again without separators
        squashed = normalise(re.sub(r"[\W_]+", " ", text))
        return bool(count_text_keys(self.text_keys, [squashed, squashed.replace(" ", "")], self._text))
