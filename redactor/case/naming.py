"""Name keys for the case graph: the one module of `redactor.case` that imports from
`redactor.detect` (accent folding, the words that are never names) and from `wordfreq`, so that a
change there is adapted here only.

A key is the *canonical* form of a name: accents off, lower case, and the spellings one name takes
when it is transliterated from Cyrillic, Arabic or Ge'ez written the same (Oksana/OXANA,
Petrova/Petrowa, Yulia/Iulia, Mohamad/Mohammad, Khalid/Halid). The same function makes the
canonical view of a document's text (`redactor.case.views`), so a key found in the view is that
name in any of those spellings, in ALL CAPS, across a line break or with its accents."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from redactor.detect.names import fold, fold_text

# Transliteration pairs that collapse to one letter, and doubled letters: applied to a key and to
# the text view alike (w→v and y→i are one-for-one and live in the translation table).
MULTI = re.compile(r"ks|kh|ou|ph|([a-z])\1+|[ \t\r\n\f\v\u00a0]{2,}")
MULTI_TO = {"ks": "x", "kh": "h", "ou": "u", "ph": "f"}
ONE_FOR_ONE = {"w": "v", "y": "i"}
INITIAL = re.compile(r"^[^\W\d_]\.?$|^(?:[^\W\d_]\.){1,3}[^\W\d_]?$")
EDGE = "\"“”‘’'`.,;:()[]{}*|<>–—-_/\\"
COMMON_ZIPF = 3.0  # wordfreq Zipf frequency from which a word is "common English"


@lru_cache(maxsize=4096)
def canonical_char(c: str) -> str:
    """One character of the canonical view: folded, lower-cased, w→v, y→i, any space → " "."""
    if c.isspace():
        return " "
    folded = fold_text(c)
    low = folded.lower()
    if len(low) != 1:
        low = folded if len(folded) == 1 else c
    return ONE_FOR_ONE.get(low, low)


class _Table(dict):
    """A `str.translate` table that fills itself: every character is mapped on first sight."""

    def __missing__(self, code: int) -> str:
        value = canonical_char(chr(code))
        self[code] = value
        return value


TABLE = _Table()


def canonical(text: str) -> str:
    """The canonical form of a short string (a name, a place, a date as written)."""
    one = text.translate(TABLE)
    return MULTI.sub(lambda m: MULTI_TO.get(m.group(), m.group()[0]), one).strip()


def is_initial(token: str) -> bool:
    """"A.", "A", "A.S.", "I.V": capitals standing for names ("Mr." is not one)."""
    letters = token.replace(".", "")
    return bool(INITIAL.match(token)) and len(letters) <= 3 and letters.isupper()


def tokens(surface: str) -> list[str]:
    """The words of a name as written, edge punctuation off ("Hrytsevich," → "Hrytsevich")."""
    out = []
    for raw in surface.split():
        word = raw.strip(EDGE.replace(".", "")).rstrip(",;:")
        word = re.sub(r"(?:['’]s|['’])$", "", word)
        if word and not is_initial(word):
            word = word.strip(".")
        if word:
            out.append(word)
    return out


@dataclass(frozen=True)
class NameForm:
    """One way a name is written, split into what the graph needs."""

    surface: str  # as written (one line)
    words: tuple[str, ...]  # its name words, initials excluded
    initials: tuple[str, ...]  # letters of its initials ("A.S." → ("a", "s"))

    @property
    def keys(self) -> tuple[str, ...]:
        return _keys(self.words)

    @property
    def is_full(self) -> bool:
        return len(self.words) >= 2


@lru_cache(maxsize=65536)
def _keys(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(canonical(w) for w in words)


def name_forms(surface: str) -> list[NameForm]:
    """A mention's surface as name forms: one per line (a name never spans a line break in which
    the second line is something else: "Aliaksandra Hrytsevich\\nTranslated")."""
    forms = []
    for line in surface.splitlines() or [surface]:
        words, initials = [], []
        for token in tokens(line):
            if is_initial(token):
                initials.extend(c.lower() for c in token if c.isalpha())
            elif name_word(token):
                words.append(token)
        if words or initials:
            forms.append(NameForm(" ".join(line.split()), tuple(words), tuple(initials)))
    return forms


@cache
def _never_names() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    from redactor.detect.wordlists import countries, not_names

    return frozenset(STOP_WORDS) | frozenset(not_names()) | frozenset(countries())


def name_word(word: str) -> bool:
    """A word that can stand for a person on its own: two letters or more, not a stop word, a
    title, a role word or a country."""
    key = fold(word)
    return sum(c.isalpha() for c in key) >= 2 and key not in _never_names()


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """A common English word ("Grace", "Young", "Telegram"): as a name on its own it is matched only
    where it is capitalised, and a detector's single guess of it is not spread to other documents."""
    from wordfreq import zipf_frequency

    return zipf_frequency(fold(word), "en") >= COMMON_ZIPF


def similar(a: str, b: str) -> bool:
    """Two canonical name words that are one spelling apart (Hrytsevich/Gritsevich,
    Hrytsevich/Hrytsevitch), for words of five letters or more."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    return bool(deletions(a) & deletions(b))


def deletions(key: str) -> frozenset[str]:
    """The key and every key one letter shorter: two keys share one exactly when they are at most
    one substitution, insertion or deletion apart (or an adjacent transposition). Indexing these
    finds similar names without comparing every pair."""
    return frozenset({key} | {key[:i] + key[i + 1:] for i in range(len(key))})


def display_fold(text: str) -> str:
    """Accent-folded, case-folded, for comparing profile terms with finding texts."""
    return " ".join(unicodedata.normalize("NFKC", fold_text(text)).casefold().split())
