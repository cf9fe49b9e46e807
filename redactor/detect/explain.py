"""Stage 3 of detection: explain what is public. The only stage that can make a span public.

- citations (eyecite): reporter citations with pin cites and years, statutes; their parties are
  precedent parties, unless the cited case is the document's own (caption.py);
- public numbers (`data/public_numbers.yaml`): money, percentages, times, counts and ages, pages and
  exhibits, statutes and sections, diagnosis codes, citation years, form numbers;
- the public roles the pattern recognizers assert (statute, form, citation, court term);
- role cues (`data/roles.yaml`): judges, counsel, officials, interpreters, experts, and the private
  roles that beat them (applicant, family, minor, witness, persecutor);
- the document's own case (caption.py).

Every explanation has a reason that reaches `Finding.explanation` ("kept: money")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pydantic import BaseModel, ConfigDict, field_validator

from redactor.detect.caption import OwnCase, find_own_case
from redactor.detect.cues import RoleRegion, find_role_regions
from redactor.detect.legal import Citation, find_citations
from redactor.detect.recognise import Candidate
from redactor.detect.wordlists import DATA_DIR
from redactor.spans import SpanIndex
from redactor.yamldata import load_model

PUBLIC_CANDIDATE_ROLES = ("statute", "citation", "form", "court")
PRIVATE_NUMBER_TYPES = ("A_NUMBER", "RECEIPT_NUMBER", "DOCKET", "ID_CODE", "PHONE", "ADDRESS", "EMAIL")
GENERIC_PUBLIC_NUMBERS = ("money", "percentage", "time of day", "count or measure", "age",
                          "page, paragraph or exhibit number")


class PublicNumberPattern(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str
    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        return value


class PublicNumbers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    patterns: list[PublicNumberPattern]


@cache
def _public_number_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    spec = load_model(DATA_DIR / "public_numbers.yaml", PublicNumbers)
    return tuple((p.reason, re.compile(p.regex)) for p in spec.patterns)


@dataclass(frozen=True)
class PublicSpan:
    start: int
    end: int
    reason: str
    role: str = "public"


@dataclass
class Explanations:
    citations: list[Citation]  # cited precedents and statutes (the own case's citations excluded)
    own_case: OwnCase
    regions: list[RoleRegion]
    public: list[PublicSpan]
    public_index: SpanIndex = field(init=False)
    citation_index: SpanIndex = field(init=False)

    def __post_init__(self) -> None:
        self.public_index = SpanIndex((p.start, p.end) for p in self.public)
        self.citation_index = SpanIndex((c.full_start, c.full_end) for c in self.citations)
        self._sorted = sorted(self.public, key=lambda p: (p.start, -p.end))

    def why_public(self, start: int, end: int) -> str | None:
        """The reason a span is public, if one explanation covers it whole."""
        found = self.covering(start, end)
        return found.reason if found else None

    def covering(self, start: int, end: int) -> PublicSpan | None:
        if not self.public_index.contains(start, end):
            return None
        best = None
        for p in self._sorted:
            if p.start > start:
                break
            if p.end >= end:
                best = p
        return best or PublicSpan(start, end, "public")


def public_numbers(text: str) -> list[PublicSpan]:
    spans = []
    for reason, regex in _public_number_patterns():
        for m in regex.finditer(text):
            start, end = m.span("span") if "span" in regex.groupindex else m.span()
            if end > start:
                spans.append(PublicSpan(start, end, reason))
    return spans


class EventWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_words: list[str]
    personal_words: list[str]
    professional_dates: list[str]
    window_before: int
    window_after: int


@cache
def _events() -> tuple[re.Pattern, re.Pattern, tuple[re.Pattern, ...], int, int]:
    spec = load_model(DATA_DIR / "events.yaml", EventWords)

    def words(items: list[str]) -> re.Pattern:
        ordered = sorted(items, key=len, reverse=True)
        return re.compile(r"(?i)\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + r")\b")
    return (words(spec.event_words), words(spec.personal_words),
            tuple(re.compile(p + "$") for p in spec.professional_dates), spec.window_before, spec.window_after)


CLAUSE_END = re.compile(r"[.;:!?\n]|,\s")


def public_events(text: str, candidates: list[Candidate]) -> list[PublicSpan]:
    """Dates and places of public events, and dates professionals state about themselves."""
    events, personal, professional, before_chars, after_chars = _events()
    out = []
    from redactor.detect.vocabulary import is_place

    for c in candidates:
        if c.entity_type not in ("DATE", "LOCATION") or c.role:
            continue
        value = text[c.start:c.end]
        if c.entity_type == "DATE" and (not is_dateish(value) or re.search(r"[A-Za-z]\d|\d[A-Za-z]|/[A-Z]", value)):
            continue  # "6413/FGR/CS/17" is a code the model called a date
        if c.entity_type == "LOCATION" and not is_place(value):
            continue  # only a known place can be the place of a public event
        left = text[max(0, c.start - before_chars):c.start]
        if c.entity_type == "DATE" and any(p.search(left) for p in professional):
            out.append(PublicSpan(c.start, c.end, "date a professional states about their licence",
                                  "professional"))
            continue
        cut = [m.end() for m in CLAUSE_END.finditer(left)]
        left = left[cut[-1]:] if cut else left
        right = text[c.end:c.end + after_chars]
        stop = CLAUSE_END.search(right)
        right = right[:stop.start()] if stop else right
        window = left + " " + right
        # a pronoun right by the date makes it personal (whole words only: "The" is not "he")
        near_left = left if len(left) <= 30 else re.sub(r"^\S*\s", "", left[-30:])
        near_right = right if len(right) <= 30 else re.sub(r"\s\S*$", "", right[:30])
        near = near_left + " " + near_right
        if events.search(window) and not personal.search(near):
            out.append(PublicSpan(c.start, c.end, "date or place of a public event"))
    return out


CONNECTOR = r"(?:of|for|the|and|de|del|des|du|la|le|les|et|à|al|el|y|d['’])"
ACRONYM_DEFINITION = re.compile(
    rf"((?:[A-ZÀ-Þ][\w'’-]*|{CONNECTOR})(?:[ \t]+(?:d['’])?(?:[A-ZÀ-Þ][\w'’-]*|{CONNECTOR})){{1,8}})"
    r"[ \t]*\((?:the\s+)?([A-Z]{2,8})\)")


def public_acronyms(text: str) -> list[PublicSpan]:
    """A public body defined with its acronym ("Rapid Support Forces (RSF)", "Bataillon
    d'Intervention Rapide (BIR)"): the name and every use of the acronym are public."""
    from redactor.detect.vocabulary import fold, is_public_body

    out = []
    for m in ACRONYM_DEFINITION.finditer(text):
        phrase, acronym = m.group(1), m.group(2)
        words = [w for w in re.split(r"[ \t]+|(?<=['’])", phrase) if w]
        initials = "".join(fold(w)[:1].upper() for w in words if w[:1].isupper())
        if not initials.endswith(acronym) or not is_public_body(phrase):
            continue
        start = m.start(1) + phrase.find(words[len(words) - _count_words(words, len(acronym))])
        out.append(PublicSpan(start, m.end(), "public body and its acronym"))
        for use in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            out.append(PublicSpan(use.start(), use.end(), "acronym of a public body"))
    return out


def _count_words(words: list[str], letters: int) -> int:
    """How many trailing words (connectors included) spell the last `letters` capitals."""
    count = seen = 0
    for w in reversed(words):
        count += 1
        if w[:1].isupper():
            seen += 1
            if seen == letters:
                break
    return count


def explain(text: str, candidates: list[Candidate]) -> Explanations:
    citations = find_citations(text)
    own = find_own_case(text, citations)
    cited = [c for c in citations if c not in own.citations]
    public = public_numbers(text) + public_events(text, candidates) + public_acronyms(text)
    for c in cited:
        public.append(PublicSpan(c.start, c.end, "reporter citation (eyecite)" if c.role == "citation"
                                 else "statute (eyecite)"))
        if c.full_end > c.end:  # the court and year of a cited case: "(1999)", "(9th Cir. 2010)"
            public.append(PublicSpan(c.end, c.full_end, "citation year"))
    for c in candidates:
        if c.role in PUBLIC_CANDIDATE_ROLES:
            public.append(PublicSpan(c.start, c.end, f"{c.role} ({c.recognizer})"))
    regions = [r for r in find_role_regions(text, cited) + own.regions if _names_someone(text, r)]
    return Explanations(cited, own, regions, public)


def _names_someone(text: str, region) -> bool:
    """A role region counts only where it holds a word that could be a name ("Authorities (3)" is a
    count of authorities, not a child aged three)."""
    from redactor.detect.vocabulary import word_class

    if region.source != "cue":
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", text[region.start:region.end])
    named = ("weak", "strong", "place", "initials") + (
        ("month", "common") if region.role in ("family", "private", "witness", "persecutor") else ())
    return any(word_class(w) in named for w in words) or not words


# ---- roles of the other candidates: places, organisations, contacts, dates ----------------------

MONTH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b(?:19|20)\d{2}\b|\d{1,2}/\d{1,2}"
)
DURATION = re.compile(r"(?i)\b(?:years?|months?|weeks?|days?|ago|old|annual|daily|decades?|hours?)\b")


def is_us_place_phrase(value: str) -> bool:
    """A US town, state, or "Town, ST" (with a ZIP code or not)."""
    from redactor.detect.vocabulary import is_us_place

    parts = [p.strip() for p in re.split(r",|\s\d{5}", value) if p.strip()]
    return bool(parts) and all(is_us_place(p) for p in parts)


def facility_name(value: str) -> bool:
    from redactor.detect.vocabulary import facility_words, fold

    return any(fold(w) in facility_words() for w in re.findall(r"[^\W\d_]+", value))


def is_dateish(value: str) -> bool:
    """The model's DATE is a date: a month of some language or calendar, a year, or d/m."""
    from redactor.detect.vocabulary import fold, month_words

    if MONTH.search(value):
        return True
    return any(fold(w) in month_words() for w in re.findall(r"[^\W\d_]+", value))


# a postal line: a street number and a street word, a US state and ZIP code, or a P.O. box
POSTAL_LINE = re.compile(
    r"(?m)^[ \t]*\d{1,6}[ \t]+[\w .'’-]{2,40}\b(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|"
    r"Suite|Ste\.?|Pike|Drive|Dr\.?|Lane|Ln\.?|Way|Place|Pl\.?|Plaza|Square|Sq\.?|Court|Ct\.?|Highway|Hwy\.?|"
    r"Parkway|Pkwy\.?|Floor|Fl\.?)\b|\b[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b|"
    r"\b(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
    r"Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    r"Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
    r"North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
    r"South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|"
    r"District of Columbia)[ \t]+\d{5}(?:-\d{4})?\b|\bP\.?\s?O\.?\s+Box\b")


def header_has_postal_line(text: str, header: SpanIndex) -> bool:
    """Whether the document's header gives a postal address (a letterhead): only then are the
    contact numbers under it an institution's."""
    return bool(header.starts) and bool(POSTAL_LINE.search(text[header.starts[0]:header.max_end[-1]]))


def explain_candidates(text: str, candidates: list[Candidate], explained: Explanations,
                       person_spans: SpanIndex, header: SpanIndex, blocks: SpanIndex) -> list:
    """Findings for the non-person candidates, with the public role that explains them, if any:
    countries, an institution's seat or header, an agency, a court term, a citation year."""
    from redactor.detect.context import place_role
    from redactor.detect.cues import BLOCK_ROLES
    from redactor.detect.wordlists import organisations
    from redactor.detect.vocabulary import is_country
    from redactor.model import Finding

    block_spans = SpanIndex((r.start, r.end) for r in explained.regions if r.role in BLOCK_ROLES)
    keep_spans = explained.public_index
    cite_full = explained.citation_index
    public_orgs, private_orgs = organisations()
    others: list[Finding] = []
    for c in explained.citations:
        others.append(Finding(c.start, c.end, "ID_CODE", "", c.role, 1.0, "eyecite",
                              "kept: legal citation (eyecite)"))
    for c in explained.own_case.citations:
        others.append(Finding(c.start, c.end, "ID_CODE", "", None, 1.0, "eyecite",
                              "the document's own case citation"))
    from redactor.detect.vocabulary import (facility_words, fold, is_group_word, is_place, org_words,
                                            particles, us_state_codes, word_class)

    header_postal = header_has_postal_line(text, header) or any(
        r.entity_type == "ADDRESS" and header.contains(r.start, r.end) for r in candidates)
    for r in candidates:
        if r.entity_type == "PERSON":
            continue
        if r.entity_type in ("LOCATION", "ORG"):
            value = text[r.start:r.end]
            words = re.findall(r"[^\W\d_][\w'’-]*", value)
            if r.entity_type == "LOCATION" and r.recognizer == "spacy" and words and not is_place(value) \
                    and all(word_class(w) in ("never", "acronym") for w in words):
                continue  # the model's place made of common words or an acronym ("CAT")
            if r.entity_type == "ORG" and (is_place(value) or value in us_state_codes()):
                # "TX", "Falls Church": the model's organisation is a place
                r = Candidate(r.start, r.end, "LOCATION", r.score, r.recognizer, r.role)
            elif words and all(is_group_word(w) or fold(w) in particles() for w in words) \
                    and not (r.entity_type == "LOCATION" and is_place(value)):
                continue  # "Tamil", "Maya K'iche'", "Liberation Tigers of Tamil Eelam": groups
            digit = re.search(r"\s\d", text[r.start:r.end])
            if r.entity_type == "LOCATION" and digit:
                r = Candidate(r.start, r.start + digit.start(), r.entity_type, r.score, r.recognizer, r.role)
            last = fold(words[-1]) if words else ""
            after = re.match(r"[ \t]+([^\W\d_]+)", text[r.end:r.end + 30])
            facility = r.recognizer == "detention_facility" or any(fold(w) in facility_words() for w in words)
            if r.entity_type == "LOCATION" and not facility and (last in org_words()[0] or (
                    after and fold(after.group(1)) in org_words()[0])):
                # "Santa Teresa Station", "El Paso Sector", "ERO San Antonio": an office's name
                others.append(Finding(r.start, r.end, "ORG", "", "agency", r.score, r.recognizer,
                                      "kept: name of a public office"))
                continue
        role = r.role
        etype = r.entity_type
        why = ""
        if role in PUBLIC_CANDIDATE_ROLES:
            why = f"kept: {role}"
        elif (covering := explained.covering(r.start, r.end)) is not None and not (
                etype in PRIVATE_NUMBER_TYPES and covering.reason in GENERIC_PUBLIC_NUMBERS):
            # a statute, citation or form explains what lies under it; a generic public number
            # ("Page 66", "3 hours") does not outweigh a recognizer's labelled identifier
            # ("Register 114, Page 66")
            if etype not in ("DATE", "LOCATION"):
                continue
            role = "citation" if "citation" in covering.reason else covering.role
            why = f"kept: {covering.reason}"
        elif etype == "DATE":
            value = text[r.start:r.end]
            if r.recognizer == "spacy" and (not is_dateish(value) or DURATION.search(value)):
                continue
            if cite_full.contains(r.start, r.end):
                role, why = "citation", "kept: date inside a citation"
        elif etype == "LOCATION":
            value = text[r.start:r.end].strip()
            if cite_full.contains(r.start, r.end):
                continue
            if is_country(value):
                role, why = "country", "kept: country"
            elif (block_spans.overlaps(r.start, r.end) or header.contains(r.start, r.end)
                  or blocks.contains(r.start, r.end)) and is_us_place_phrase(value) and not facility_name(value):
                # a US court's or office's seat in its header; a foreign agency's town in its
                # letterhead ("Nasiriyah Police Directorate") tells where the person comes from
                role, why = "professional", "kept: institution's header or signature block"
            elif context_role := place_role(text, r.start, r.end):
                role, why = context_role, "kept: seat of a court or office"
            elif any(p.search(value) for p in public_orgs):
                continue
        elif etype in ("ADDRESS", "PHONE", "EMAIL") and (
                block_spans.overlaps(r.start, r.end) or (header.contains(r.start, r.end) and (
                    etype == "ADDRESS" or header_postal))):
            # a phone or e-mail at the top is the institution's when the header gives its postal
            # address too (a letterhead); under a bare heading ("NOTES OF ASYLUM INTERVIEW / Tel: …")
            # it is the person's
            role, why = "professional", "kept: institution's header or signature block"
        elif etype in ("ADDRESS", "PHONE", "EMAIL") and blocks.contains(r.start, r.end):
            role, why = "professional", "kept: contact block of a public-role person or institution"
        elif etype == "ORG":
            value = text[r.start:r.end]
            if cite_full.contains(r.start, r.end) or any(p.search(value) for p in public_orgs):
                role, why = "agency", "kept: public body"
            elif block_spans.overlaps(r.start, r.end):
                role, why = "professional", "kept: institution in a counsel or judge block"
        if etype in ("ORG", "NRP", "DATE") and person_spans.overlaps(r.start, r.end):
            continue  # a name the model also called an organisation, group or date
        if etype == "LOCATION" and person_spans.contains(r.start, r.end):
            continue  # "Nyamagabe District" overlapping the name-like "Nyamagabe" stays a place
        others.append(Finding(r.start, r.end, etype, "", role, r.score, r.recognizer, why))
    for pattern in private_orgs:
        for m in pattern.finditer(text):
            if is_place(m.group()):
                continue  # "Falls Church" is a town
            if not block_spans.overlaps(m.start(), m.end()) and not header.contains(m.start(), m.end()):
                others.append(Finding(m.start(), m.end(), "ORG", "", "private", 0.7, "private_org",
                                      "private organisation that identifies a person"))
    agencies = SpanIndex((f.start, f.end) for f in others
                         if f.entity_type == "ORG" and f.role in ("agency", "professional"))
    return [f for f in others
            if not (f.entity_type == "LOCATION" and f.role is None and agencies.contains(f.start, f.end))]
