"""Search every document of a case for every variant of every private case entity, in time linear in
the text: all variants are indexed once in two Aho-Corasick automata (names, places and dates in
the canonical view; identifiers in the compact view), so one pass over each document finds them
all, however many documents and people the case has.

A hit is a candidate, then checked on the original text: whole words only; a common English word
("Grace", "Young") and any name of three letters or less only where it is capitalised (the short
ones spelt exactly); a place only where it is capitalised. Overlapping hits: the longest wins, and a
term the profile says to keep blocks every hit it overlaps. Initials written with a name are
taken in (`A. Hrytsevich`, `GRITSEVICH D.V.`, `Sasha H.`) and tell apart people who share a name.
A single name several people share (a family's surname) that neither initials nor a relation label
("her husband, Mr. X") resolve goes to the case's "shared name" entity for that word."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable

import ahocorasick

from redactor.case.evidence import RELATION_BEFORE, RELATIONS, a_number_key, adjacent_initials
from redactor.case.graph import Person
from redactor.case.naming import canonical, display_fold, fold, is_common_word
from redactor.case.views import canonical_view, compact, compact_view
from redactor.spans import SpanIndex

SHORT = 4  # canonical names shorter than this are matched exactly and only capitalised


@dataclass(frozen=True)
class Variant:
    kind: str  # name (a person's) | value (a place, date, number) | keep (the profile's keep list)
    target: object  # person key for names; (entity type, value key) for values
    entity_type: str
    capital: bool = False  # the hit must begin with a capital letter
    exact: str | None = None  # the hit must read this (folded, lower case): short names
    capital_words: tuple[bool, ...] = ()  # per word of a name: must it be capitalised?


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entity_type: str
    target: object
    kind: str
    ambiguous: bool = False


@dataclass
class _Registry:
    entries: dict[str, list[Variant]] = field(default_factory=dict)

    def add(self, key: str, variant: Variant) -> None:
        if key:
            self.entries.setdefault(key, []).append(variant)

    def automaton(self):
        if not self.entries:
            return None
        auto = ahocorasick.Automaton()
        for key, variants in self.entries.items():
            auto.add_word(key, (key, tuple(dict.fromkeys(variants))))
        auto.make_automaton()
        return auto


def _name_variant(person: Person, written: str) -> Variant:
    key = canonical(written)
    short = sum(c.isalpha() for c in key) < SHORT
    words = tuple(is_common_word(w) for w in written.split())
    return Variant("name", person.key, "PERSON", short, fold(written).lower() if short else None, words)


class CaseIndex:
    """Every searchable variant of a case, indexed once."""

    def __init__(self, persons: Iterable[Person], values: Iterable[tuple[str, str, str]] = (),
                 identifiers: Iterable[tuple[str, str, str]] = (), keep: Iterable[str] = ()):
        """`values`: (entity type, value key, text as written) for places, organisations, dates of
        birth and the profile's mask terms; `identifiers`: (entity type, value key, text)."""
        self.persons = {p.key: p for p in persons}
        names, ids = _Registry(), _Registry()
        self.by_word: dict[str, list[int]] = {}
        self.shared: dict[str, int] = {}
        for person in self.persons.values():
            if person.shared_word is not None:
                self.shared[person.shared_word] = person.key
        for person in self.persons.values():
            if person.public:
                continue
            for key, written in person.full_names.items():
                names.add(key, _name_variant(person, written))
            for key, written in person.spread_words.items():
                names.add(key, _name_variant(person, written))
                if person.shared_word is None:
                    self.by_word.setdefault(key, []).append(person.key)
        for etype, value_key, written in values:
            key = canonical(written)
            if sum(c.isalnum() for c in key) >= 4:
                names.add(key, Variant("value", (etype, value_key), etype,
                                       capital=etype in ("LOCATION", "ORG")))
        for etype, value_key, written in identifiers:
            for key in identifier_keys(etype, written):
                ids.add(key, Variant("value", (etype, value_key), etype))
        for term in keep:
            names.add(canonical(term), Variant("keep", None, ""))
        self.names = names.automaton()
        self.ids = ids.automaton()

    # ---- search ----------------------------------------------------------------------------
    def search(self, text: str) -> tuple[list[Hit], list[tuple[int, int]]]:
        """The hits in one document, and where the profile's keep terms occur in it."""
        found: list[tuple[int, int, tuple[Variant, ...]]] = []
        if self.names is not None:
            view = canonical_view(text)
            found.extend(self._candidates(text, view.text, self.names, view.to_original))
        if self.ids is not None:
            cview = compact_view(text)
            found.extend(self._candidates(text, cview.text, self.ids, cview.to_original, a_prefix=True))
        kept = [(s, e) for s, e, vs in found if any(v.kind == "keep" for v in vs)]
        blocked = SpanIndex(kept)
        hits = []
        for start, end, variants in _longest_first([h for h in found if not any(v.kind == "keep" for v in h[2])]):
            if not blocked.overlaps(start, end):
                hits.append(self._resolve(text, start, end, variants))
        return hits, kept

    def _candidates(self, text: str, view: str, automaton, to_original, a_prefix: bool = False):
        for end, (key, variants) in automaton.iter(view):
            c_start = end - len(key) + 1
            if (c_start > 0 and view[c_start - 1].isalnum() and not a_prefix) or (
                    end + 1 < len(view) and view[end + 1].isalnum() and not a_prefix):
                continue
            start, stop = to_original(c_start, end + 1)
            if a_prefix and start > 0 and text[start - 1] in "Aa" and any(
                    v.entity_type == "A_NUMBER" for v in variants) and not (
                    start > 1 and text[start - 2].isalnum()):
                start -= 1  # "A212345678": the A goes with the number
            if (start > 0 and text[start - 1].isalnum()) or (stop < len(text) and text[stop].isalnum()):
                continue
            surface = text[start:stop]
            ok = tuple(v for v in variants if _accepts(v, surface))
            if ok:
                yield start, stop, ok

    def _resolve(self, text: str, start: int, end: int, variants: tuple[Variant, ...]) -> Hit:
        names = [v for v in variants if v.kind == "name"]
        values = [v for v in variants if v.kind == "value"]
        if values and all(self.persons[v.target].role is None for v in names):
            names = []  # a place the detector found beats a "person" guessed without a cue
        if not names:
            v = values[0]
            return Hit(start, end, v.entity_type, v.target, "value")
        candidates = list(dict.fromkeys(v.target for v in names))
        shared = [c for c in candidates if self.persons[c].shared_word is not None]
        people = [c for c in candidates if c not in shared]
        before, after = adjacent_initials(text, start, end)
        letters = "".join(c.lower() for c in (before or after).group(1) if c.isalpha()) if (before or after) else ""
        ambiguous = False
        if len(people) > 1 and letters:
            people = [c for c in people if letters[0] in self.persons[c].given_initials] or people
        if len(people) > 1:
            relation = RELATION_BEFORE.search(text, max(0, start - 60), start)
            if relation:
                wanted = RELATIONS[relation.group(1).lower()]
                people = [c for c in people if self.persons[c].relation == wanted] or people
        if len(people) == 1:
            target = people[0]
        else:
            word = canonical(text[start:end])
            target = self.shared.get(word) or (shared or people)[0]
            ambiguous = True
        if letters and letters[0] in self.persons[target].initials:
            if before:
                start = before.start(1)
            else:
                end = after.end(1)
        return Hit(start, end, "PERSON", target, "name", ambiguous)


def _accepts(variant: Variant, surface: str) -> bool:
    if variant.kind == "keep":
        return True
    if variant.capital and not surface[:1].isupper():
        return False
    if variant.exact is not None and fold(surface).lower() != variant.exact:
        return False
    if variant.capital_words:
        words = surface.split()
        if len(words) != len(variant.capital_words) or any(
                must and not w[:1].isupper() for must, w in zip(variant.capital_words, words)):
            return False
    return True


def _longest_first(found: list[tuple[int, int, tuple[Variant, ...]]]):
    """Non-overlapping hits, the longest first where they overlap (ties: the earlier)."""
    chosen: list[tuple[int, int, tuple[Variant, ...]]] = []
    taken: list[tuple[int, int]] = []
    for start, end, variants in sorted(found, key=lambda h: (-(h[1] - h[0]), h[0])):
        i = bisect.bisect_left(taken, (start, end))
        if (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end):
            continue
        taken.insert(i, (start, end))
        chosen.append((start, end, variants))
    return sorted(chosen, key=lambda h: h[0])


def identifier_keys(entity_type: str, written: str) -> set[str]:
    """Compact search keys of an identifier; an A-number with and without its leading zero."""
    if entity_type == "A_NUMBER":
        digits = a_number_key(written)
        if not digits:
            return set()
        return {digits, digits.zfill(9)}
    key = compact(written)
    if len(key) < 6 or (entity_type != "EMAIL" and sum(c.isdigit() for c in key) < 4):
        return set()
    return {key}


def value_key(entity_type: str, text: str) -> str:
    """One key for every way one value is written: the case-wide entity id hangs on it."""
    if entity_type == "A_NUMBER":
        return a_number_key(text) or compact(text)
    if entity_type in ("RECEIPT_NUMBER", "DOCKET", "ID_CODE", "PHONE", "EMAIL"):
        return compact(text)
    if entity_type == "DATE_OF_BIRTH":
        from redactor.case.evidence import date_key

        return date_key(text) or display_fold(text)
    return display_fold(text)
