"""What one document says about who is who, read from its text around the detector's person
mentions: a name split over labelled form fields or written `SURNAME, Given`, an alias label
("a.k.a.", "other names used", "the Russian spelling"), a labelled relation ("my son Maksim"), and
the identifiers next to a name (an A-number, a date of birth). The graph (`redactor.case.graph`)
turns these into links between documents."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from redactor.case.naming import NameForm, canonical, name_forms
from redactor.model import PUBLIC_ROLES, Finding

RELATIONS = {
    "son": "son", "daughter": "daughter", "child": "child", "stepson": "son",
    "stepdaughter": "daughter", "wife": "spouse", "husband": "spouse", "spouse": "spouse",
    "mother": "mother", "father": "father", "brother": "brother", "sister": "sister",
    "uncle": "uncle", "aunt": "aunt", "cousin": "cousin", "nephew": "nephew", "niece": "niece",
    "grandmother": "grandmother", "grandfather": "grandfather", "grandson": "grandchild",
    "granddaughter": "grandchild", "fiancé": "partner", "fiancée": "partner", "fiance": "partner",
    "fiancee": "partner", "partner": "partner", "mother-in-law": "in-law", "father-in-law": "in-law",
    "brother-in-law": "in-law", "sister-in-law": "in-law",
}
_REL = "|".join(sorted(map(re.escape, RELATIONS), key=len, reverse=True))
RELATION_BEFORE = re.compile(
    r"(?i)\b(?:my|his|her|their|our|(?:the\s+)?(?:applicant|respondent|petitioner|declarant)['’]s)\s+"
    r"(?:(?:eldest|oldest|youngest|older|younger|elder|little|late|only|first|second|third|"
    r"[a-z0-9]+-year-old)\s+)?(" + _REL + r")\b[\s,:]*(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?$")
RELATION_AFTER = re.compile(r"(?i)^\s*\((" + _REL + r")\)")
ALIAS_LABEL = re.compile(
    r"(?i)\b(?:a\.?k\.?a\.?|also known as|also called|known as|other names?(?: used)?|aliases|alias|"
    r"n[ée]e|maiden name|spell(?:ed|s|ing)|written as|is written)\b")
# a question mark does not end an alias sentence: in forms the answer follows it on the line
SENTENCE_END = re.compile(r"[.!](?=\s+[A-Z\"“(])|\n")
INITIALS_AFTER = re.compile(r"[ \t]{1,2}((?:[A-Z]\.[ \t]?){0,2}[A-Z]\.)(?![^\W_])")
INITIALS_BEFORE = re.compile(r"(?<![^\W_])((?:[A-Z]\.[ \t]?){1,3})[ \t]{0,2}$")
PARAGRAPH = re.compile(r"\n[ \t]*\n")
FIELD_LABEL = re.compile(
    r"(?i)\b(?:(?P<last>(?:complete\s+)?(?:last|family)\s+name|surname)|(?P<first>first\s+name|"
    r"given\s+names?)|(?P<middle>middle\s+names?))\s*(?:\([^)\n]*\))?\s*:?\s*$")
STRONG_PRIVATE = ("applicant", "minor", "family", "witness", "persecutor")
TIE_WINDOW = 250  # characters between an identifier and the name it belongs to
ALIAS_WINDOW = 400


@dataclass(frozen=True)
class Mention:
    """A detector's person mention, with the document-level entity it belongs to."""

    start: int
    end: int
    local_id: str
    role: str | None
    surface: str
    initials: tuple[str, ...] = ()  # initials written next to it ("A. HRYTSEVICH")

    @property
    def forms(self) -> list[NameForm]:
        forms = name_forms(self.surface)
        if self.initials and len(forms) == 1:
            forms = [NameForm(forms[0].surface, forms[0].words, forms[0].initials + self.initials)]
        return forms

    @property
    def full(self) -> bool:
        return any(f.is_full for f in self.forms)

    @property
    def private(self) -> bool:
        return self.role not in PUBLIC_ROLES


@dataclass
class DocumentEvidence:
    """Per local entity (the detector's entity id in this document): its name forms, the ones this
    document's layout gives it, identifiers, relation labels; and alias pairs."""

    mentions: list[Mention]
    derived: dict[str, list[NameForm]] = field(default_factory=dict)  # local id → full forms
    same: list[tuple[str, str]] = field(default_factory=list)  # local ids that are one person
    aliases: list[tuple[str, str]] = field(default_factory=list)
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)  # (local id, kind, value)
    relations: dict[str, str] = field(default_factory=dict)  # local id → relation


def adjacent_initials(text: str, start: int, end: int) -> tuple[re.Match | None, re.Match | None]:
    """Initials written just before or after a name: `A. Hrytsevich`, `GRITSEVICH D.V.`."""
    return (INITIALS_BEFORE.search(text, max(0, start - 12), start), INITIALS_AFTER.match(text, end))


def person_mentions(text: str, findings: list[Finding]) -> list[Mention]:
    mentions = []
    for f in findings:
        if f.entity_type != "PERSON":
            continue
        before, after = adjacent_initials(text, f.start, f.end)
        letters = tuple(c.lower() for m in (before, after) if m for c in m.group(1) if c.isalpha())
        mentions.append(Mention(f.start, f.end, f.entity_id, f.role, text[f.start:f.end], letters))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _line_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=65536)
def given_and_surname(form: NameForm) -> tuple[str, str]:
    """The canonical given name and surname of a full name; `GRITSEVICH Aleksandra Sergeevna`
    (surname first, in capitals) is read surname first."""
    keys = form.keys
    if _caps(form.words[0]) and not all(_caps(w) for w in form.words[1:]):
        return keys[1], keys[0]
    return keys[0], keys[-1]


def _comma_names(text: str, mentions: list[Mention], ev: DocumentEvidence) -> None:
    """`HRYTSEVICH, Aliaksandra`: the given name's entity gets the full name."""
    for a, b in zip(mentions, mentions[1:]):
        between = text[a.end:b.start]
        if (re.fullmatch(r",[ \t]*", between) and _caps(a.surface) and len(a.forms) == 1
                and len(b.forms) == 1 and not a.forms[0].is_full and not b.forms[0].is_full
                and a.forms[0].words and b.forms[0].words and a.private and b.private):
            words = (*b.forms[0].words, *a.forms[0].words)
            ev.derived.setdefault(b.local_id, []).append(NameForm(" ".join(words), words, ()))


def _field_names(text: str, mentions: list[Mention], ev: DocumentEvidence) -> None:
    """Form fields `Last Name: X` / `First Name: Y` / `Middle Name: Z` within a few lines of each
    other are one person's name, given to the first and middle names' entities."""
    fields: list[tuple[int, str, Mention]] = []  # (line number, kind, mention)
    for m in mentions:
        line_start, _ = _line_bounds(text, m.start)
        label = FIELD_LABEL.search(text, line_start, m.start)
        if label and m.private and len(m.forms) == 1 and not m.forms[0].is_full and m.forms[0].words:
            kind = next(k for k in ("last", "first", "middle") if label.group(k))
            fields.append((text.count("\n", 0, m.start), kind, m))
    for i, (line, kind, first) in enumerate(fields):
        if kind != "first":
            continue
        near = [(abs(other_line - line), other_kind, other) for other_line, other_kind, other
                in fields[max(0, i - 3):i + 3] if other is not first and abs(other_line - line) <= 3]
        last = min((n for n in near if n[1] == "last"), default=None, key=lambda n: n[0])
        middle = min((n for n in near if n[1] == "middle"), default=None, key=lambda n: n[0])
        if last is None:
            continue
        words = (*first.forms[0].words, *(middle[2].forms[0].words if middle else ()),
                 *last[2].forms[0].words)
        ev.derived.setdefault(first.local_id, []).append(NameForm(" ".join(words), words, ()))
        if middle is not None:
            ev.same.append((first.local_id, middle[2].local_id))


def _relations(text: str, mentions: list[Mention], ev: DocumentEvidence) -> None:
    for m in mentions:
        before = RELATION_BEFORE.search(text, max(0, m.start - 60), m.start)
        after = RELATION_AFTER.match(text, m.end, min(len(text), m.end + 20))
        hit = before or after
        if hit and m.private:
            ev.relations.setdefault(m.local_id, RELATIONS[hit.group(1).lower()])


def _aliases(text: str, mentions: list[Mention], ev: DocumentEvidence) -> None:
    """Names after an alias label in its sentence are other names of the nearest person named
    before the label in the same paragraph."""
    starts = [m.start for m in mentions]
    for label in ALIAS_LABEL.finditer(text):
        end_match = SENTENCE_END.search(text, label.end())
        sentence_end = end_match.start() if end_match else len(text)
        after = [m for m in mentions[bisect.bisect_left(starts, label.end()):]
                 if m.start < sentence_end and m.private]
        if not after:
            continue
        paragraph = max((p.end() for p in PARAGRAPH.finditer(text, 0, label.start())), default=0)
        before = [m for m in mentions[:bisect.bisect_left(starts, label.start())]
                  if m.start >= max(paragraph, label.start() - ALIAS_WINDOW) and m.private
                  and m.end <= label.start()]
        if not before:
            continue
        subject = before[-1]
        for m in after:
            if m.local_id != subject.local_id:
                ev.aliases.append((subject.local_id, m.local_id))


def _qualified(m: Mention, derived: dict[str, list[NameForm]]) -> bool:
    """A mention an identifier may be tied to: a full name, or a name with a private role cue."""
    return m.private and (m.full or m.local_id in derived or m.role in STRONG_PRIVATE)


def _owner(text: str, start: int, end: int, mentions: list[Mention], starts: list[int],
           derived: dict[str, list[NameForm]]) -> Mention | None:
    """The person an identifier at [start, end) belongs to: the nearest qualified name on its line
    (before it, then after it), else the nearest in its paragraph within TIE_WINDOW characters."""
    lo = bisect.bisect_left(starts, start - TIE_WINDOW)
    hi = bisect.bisect_right(starts, end + TIE_WINDOW)
    line_start, line_end = _line_bounds(text, start)
    para_start = max((p.end() for p in PARAGRAPH.finditer(text, max(0, start - TIE_WINDOW), start)),
                     default=max(0, start - TIE_WINDOW))
    gap = PARAGRAPH.search(text, end, min(len(text), end + TIE_WINDOW))
    para_end = gap.start() if gap else end + TIE_WINDOW
    near = [m for m in mentions[lo:hi] if _qualified(m, derived) and (m.end <= start or m.start >= end)]
    ranked = [
        [m for m in near if line_start <= m.start and m.end <= start][-1:],
        [m for m in near if m.start >= end and m.end <= line_end][:1],
        [m for m in near if para_start <= m.start and m.end <= start][-1:],
        [m for m in near if m.start >= end and m.start <= para_end][:1],
    ]
    return next((group[0] for group in ranked if group), None)


def _identifiers(text: str, findings: list[Finding], mentions: list[Mention], ev: DocumentEvidence) -> None:
    starts = [m.start for m in mentions]
    for f in findings:
        if f.entity_type not in ("A_NUMBER", "DATE_OF_BIRTH") or f.role in PUBLIC_ROLES:
            continue
        value = text[f.start:f.end]
        key = a_number_key(value) if f.entity_type == "A_NUMBER" else date_key(value)
        if not key:
            continue
        owner = _owner(text, f.start, f.end, mentions, starts, ev.derived)
        if owner is not None:
            ev.identifiers.append((owner.local_id, f.entity_type, key))


def read_evidence(text: str, findings: list[Finding]) -> DocumentEvidence:
    mentions = person_mentions(text, findings)
    ev = DocumentEvidence(mentions)
    _comma_names(text, mentions, ev)
    _field_names(text, mentions, ev)
    _relations(text, mentions, ev)
    _aliases(text, mentions, ev)
    _identifiers(text, findings, mentions, ev)
    return ev


# ---- identifier values -------------------------------------------------------------------------
def a_number_key(value: str) -> str | None:
    """A075836651 = A75836651 = 075-836-651: the digits without leading zeros (OCR's O, I, l read
    as digits)."""
    compact = re.sub(r"[^0-9A-Za-z]", "", value).upper().removeprefix("A")
    digits = compact.translate(str.maketrans("OIL", "011"))
    if not digits.isdigit():
        return None
    digits = digits.lstrip("0")
    return digits if 7 <= len(digits) <= 9 else None


MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}


def parse_dates(value: str) -> list[dt.date]:
    """The calendar dates a written date can mean: `03/14/1988` and `14.03.1988` are one date;
    `05/06/1990` is two (month/day or day/month). Nothing for a year or a month alone."""
    text = " ".join(value.replace(",", " ").split()).lower()
    found: set[dt.date] = set()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        found |= _valid(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        found |= _valid(year, a, b) | _valid(year, b, a)
    m = re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})", text)
    if m and _month(m[1]):
        found |= _valid(int(m[3]), _month(m[1]), int(m[2]))
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.? (\d{4})", text)
    if m and _month(m[2]):
        found |= _valid(int(m[3]), _month(m[2]), int(m[1]))
    return sorted(found)


def _month(word: str) -> int | None:
    return MONTHS.get(word) or (MONTH_ABBR.get(word) if len(word) in (3, 4) else None)


def _valid(year: int, month: int, day: int) -> set[dt.date]:
    try:
        return {dt.date(year, month, day)}
    except ValueError:
        return set()


def date_key(value: str) -> str | None:
    dates = parse_dates(value)
    return dates[0].isoformat() if len(dates) == 1 else None


def date_forms(date: dt.date) -> set[str]:
    """The ways a date of birth is commonly written, as canonical search keys."""
    month = date.strftime("%B")
    forms = {
        f"{month} {date.day}, {date.year}", f"{month} {date.day} {date.year}",
        f"{date.day} {month} {date.year}", f"{month[:3]} {date.day}, {date.year}",
        f"{month[:3]}. {date.day}, {date.year}", f"{date.day} {month[:3]} {date.year}",
        f"{date.month:02d}/{date.day:02d}/{date.year}", f"{date.month}/{date.day}/{date.year}",
        f"{date.day:02d}/{date.month:02d}/{date.year}", f"{date.day}/{date.month}/{date.year}",
        f"{date.day:02d}.{date.month:02d}.{date.year}", f"{date.day}.{date.month}.{date.year}",
        f"{date.month:02d}-{date.day:02d}-{date.year}", f"{date.day:02d}-{date.month:02d}-{date.year}",
        date.isoformat(), f"{date.day:02d} {month} {date.year}",
    }
    return {canonical(f) for f in forms}
