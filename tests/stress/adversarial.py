"""Adversarial spellings of names and numbers: the same mention written with invisible or look-alike
characters. The detector normalises these (detect/normalise.py); what it masks must then cover
every character of the original, invisible ones included.

Each case is measured twice, plainly written and in its variant, in otherwise identical documents,
so a variant that fails where the plain text passes is a failure of normalisation or of the map
back to the original text, not of recognition."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from tests.stress.corpus import Corpus, Span
from tests.stress.names import COUNTRIES, NamePool
from tests.stress import numbers

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
SOFT_HYPHEN = "\u00ad"
NBSP = "\u00a0"
# Latin letters and the Cyrillic letters drawn the same
HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "A": "А", "E": "Е", "O": "О",
              "P": "Р", "C": "С", "H": "Н", "K": "К", "M": "М", "T": "Т"}

NAME_CONTEXTS = (
    "My brother {X} was arrested by the police and has not been seen since.",
    "The respondent, {X}, testified credibly about the attack.",
    "Name: {X}\nRelationship to applicant: cousin",
)
NUMBER_CONTEXTS = {
    "a_number": ("A-Number: {X}", "The respondent ({X}) appeared with counsel."),
    "receipt": ("Receipt Number: {X}",),
    "passport": ("Passport No. {X}",),
    "phone": ("Tel: {X}",),
    "national_id": ("NIN: {X}",),
}


def _inside(rng: random.Random, word: str) -> int:
    """A position strictly inside a word (never before its first or after its last character)."""
    return rng.randint(1, len(word) - 1)


def _insert_in_longest(rng: random.Random, value: str, piece: str) -> str:
    words = value.split(" ")
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    at = _inside(rng, w)
    words[i] = w[:at] + piece + w[at:]
    return " ".join(words)


def zero_width(rng, value, kind):
    return _insert_in_longest(rng, value, rng.choice(ZERO_WIDTH))


def soft_hyphen(rng, value, kind):
    return _insert_in_longest(rng, value, SOFT_HYPHEN)


def fullwidth(rng, value, kind):
    """Full-width forms of ASCII letters and digits (what some East Asian keyboards and OCR emit)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in value)


def decomposed(rng, value, kind):
    return unicodedata.normalize("NFD", value)


def line_end_hyphen(rng, value, kind):
    """A word hyphenated at the end of a line: "Bala-\\nchova". An identifier is never hyphenated
    by a writer: it wraps at one of its own separators ("A-075-836-\\n651", "LIN 21 904\\n51234")."""
    if kind == "name":
        return _insert_in_longest(rng, value, "-\n")
    i = rng.choice([i for i, c in enumerate(value) if c in "- " and 0 < i < len(value) - 1])
    return value[:i + 1] + "\n" + value[i + 1:] if value[i] == "-" else value[:i] + "\n" + value[i + 1:]


def no_break_space(rng, value, kind):
    """No-break spaces where the writer put spaces."""
    return value.replace(" ", NBSP)


def homoglyph(rng, value, kind):
    spots = [i for i, c in enumerate(value) if c in HOMOGLYPHS]
    if not spots:
        return value
    i = rng.choice(spots)
    return value[:i] + HOMOGLYPHS[value[i]] + value[i + 1:]


# asserted in the suite: what the normaliser claims to handle
VARIANTS = {"zero_width": zero_width, "soft_hyphen": soft_hyphen, "fullwidth": fullwidth,
            "decomposed": decomposed, "line_end_hyphen": line_end_hyphen, "no_break_space": no_break_space}
# reported by the bench only: nothing claims to handle these
EXTRA_VARIANTS = {"homoglyph": homoglyph}


@dataclass(frozen=True)
class Case:
    kind: str  # name | a_number | receipt | ...
    variant: str
    context: str
    plain: str
    written: str


def _accented(word: str) -> bool:
    return unicodedata.normalize("NFD", word) != word


def name_cases(pool: NamePool, rng: random.Random, per_variant: int, variants: dict) -> list[Case]:
    countries = [c for c in COUNTRIES if (c, "given") in pool.words and (c, "surname") in pool.words]
    accented = [(c, k, w) for (c, k), words in sorted(pool.words.items()) if c in countries
                for _, w in words[:3000] if _accented(w)]
    cases = []
    for variant, change in variants.items():
        for _ in range(per_variant):
            country = rng.choice(countries)
            person = pool.draw_person(rng, country, set())
            given, surname = person.given.word, person.surname.word
            for _ in range(20):  # a surname long enough to break, as line-end hyphens need
                if len(surname) >= 5:
                    break
                surname = pool.draw_word(rng, country, "surname").word
            if variant == "decomposed":  # only an accented name can be decomposed
                c, kind, word = rng.choice(accented)
                if kind == "given":
                    given = word
                else:
                    surname = word
            plain = f"{given} {surname}"
            cases.append(Case("name", variant, rng.choice(NAME_CONTEXTS), plain, change(rng, plain, "name")))
    return cases


NUMBER_MAKERS = {
    "a_number": (numbers.a_compact, numbers.a_hyphen, numbers.a_space),
    "receipt": (numbers.receipt_compact, numbers.receipt_spaced),
    "passport": (numbers.passport,),
    "phone": (numbers.phone_us,),
    "national_id": (numbers.ng_nin, numbers.in_aadhaar, numbers.gt_cui),
}
# variants that act on a writer's separators need identifiers that have them
NEEDS_SEPARATOR = {"line_end_hyphen": "- ", "no_break_space": " "}


def number_cases(rng: random.Random, per_variant: int, variants: dict) -> list[Case]:
    cases = []
    for variant, change in variants.items():
        if variant == "decomposed":
            continue  # no accents in identifiers
        while sum(c.variant == variant for c in cases) < per_variant:
            kind = rng.choice(sorted(NUMBER_MAKERS))
            plain = rng.choice(NUMBER_MAKERS[kind])(rng)
            separators = NEEDS_SEPARATOR.get(variant)
            if separators and not any(c in separators for c in plain[1:-1]):
                continue
            cases.append(Case(kind, variant, rng.choice(NUMBER_CONTEXTS[kind]), plain, change(rng, plain, kind)))
    return cases


def corpora(cases: list[Case], heading: str = "NOTES OF ASYLUM INTERVIEW") -> tuple[Corpus, Corpus]:
    """Two aligned corpora, one document per case: plainly written, and as the variant writes it."""
    out = []
    for attr in ("plain", "written"):
        corpus = Corpus()
        for i, case in enumerate(cases):
            value = getattr(case, attr)
            before, after = case.context.split("{X}")
            text = f"{heading}\n\n{before}{value}{after}\n"
            start = len(heading) + 2 + len(before)
            corpus.texts.append(text)
            corpus.spans.append(Span(i, ((start, start + len(value)),), True, case.variant, case.kind,
                                     form=case.plain))
        out.append(corpus)
    return out[0], out[1]
