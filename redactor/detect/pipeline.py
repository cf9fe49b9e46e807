"""Detection, end to end: spaCy + Presidio recognizers per chunk (batched through nlp.pipe), then a
document pass: citations, role cues, name linking, consistency of places and organisations."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from redactor.detect.chunking import chunk_text
from redactor.detect.cues import BLOCK_ROLES, find_role_regions
from redactor.detect.engine import get_analyzer, get_retypes
from redactor.detect.legal import find_citations
from redactor.detect.names import Seed, clean_seed, link_names
from redactor.detect.wordlists import countries, looks_like_group, looks_like_name, organisations
from redactor.detect.context import header_zone, place_role
from redactor.model import PUBLIC_ROLES, TYPE_PRIORITY as PRIORITY, Document, Finding
from redactor.settings import get_settings
from redactor.spans import SpanIndex

MONTH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b(?:19|20)\d{2}\b|\d{1,2}/\d{1,2}"
)
DURATION = re.compile(r"(?i)\b(?:years?|months?|weeks?|days?|ago|old|annual|daily|decades?|hours?)\b")


@dataclass(frozen=True)
class RawFinding:
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    role: str | None


# Each chunk is analysed with this much of its neighbours' text on both sides, so that a pattern
# straddling a cut (a label on one line, the number on the next) is seen whole; a result belongs to
# the chunk in which it starts.
OVERLAP = 400
GAP = re.compile(r"\n[ \t]*\n|[ \t]{3,}")


def _analyze_chunks(documents: Sequence[Document]) -> list[list[RawFinding]]:
    settings = get_settings()
    analyzer = get_analyzer(settings.spacy_model)
    pieces = []  # (document index, window offset, own start, own end, window text)
    for i, doc in enumerate(documents):
        for offset, chunk in chunk_text(doc.text, settings.chunk_chars):
            lo = max(0, offset - OVERLAP)
            hi = min(len(doc.text), offset + len(chunk) + OVERLAP)
            pieces.append((i, lo, offset, offset + len(chunk), doc.text[lo:hi]))
    raw: list[list[RawFinding]] = [[] for _ in documents]

    def doc_text(i: int) -> str:
        return documents[i].text

    batch = analyzer.nlp_engine.process_batch([p[4] for p in pieces], "en", batch_size=8)
    for (i, lo, own_start, own_end, window), (_, artifacts) in zip(pieces, batch):
        for r in analyzer.analyze(window, "en", nlp_artifacts=artifacts):
            meta = r.recognition_metadata or {}
            start, end = r.start + lo, r.end + lo
            if meta.get("recognizer_name") == "spacy":
                # the model runs over column gaps and blank lines ("March 15, 2023      Decided")
                gap = GAP.search(doc_text(i), start, end)
                if gap:
                    end = gap.start()
            while start < end and doc_text(i)[start].isspace():
                start += 1
            while end > start and doc_text(i)[end - 1].isspace():
                end -= 1
            if start == end or not own_start <= start < own_end:
                continue
            raw[i].append(RawFinding(start, end, r.entity_type, round(r.score, 3),
                                     meta.get("recognizer_name", "presidio"), meta.get("role")))
    return raw


def detect(document: Document) -> list[Finding]:
    return detect_many([document])[0]


def detect_many(documents: Sequence[Document]) -> list[list[Finding]]:
    raws = _analyze_chunks(documents)
    return [document_pass(doc.text, raw) for doc, raw in zip(documents, raws)]


def _inside(start: int, end: int, spans: SpanIndex) -> bool:
    return spans.contains(start, end)


def _overlaps(start: int, end: int, spans: SpanIndex) -> bool:
    return spans.overlaps(start, end)


def document_pass(text: str, raw: list[RawFinding]) -> list[Finding]:
    citations = find_citations(text)
    regions = find_role_regions(text, citations)
    cite_full = SpanIndex((c.full_start, c.full_end) for c in citations)
    keep_spans = SpanIndex([(c.start, c.end) for c in citations]
                           + [(r.start, r.end) for r in raw if r.role in ("statute", "citation", "form")])
    block_spans = SpanIndex((r.start, r.end) for r in regions if r.role in BLOCK_ROLES)

    # ---- people -------------------------------------------------------------------------------
    seeds: list[Seed] = []
    for r in raw:
        if _inside(r.start, r.end, keep_spans) or _overlaps(r.start, r.end, block_spans):
            continue
        value = text[r.start:r.end]
        if r.entity_type == "PERSON" and not looks_like_group(value):
            seeds.extend(clean_seed(text, r.start, r.end, r.recognizer, r.score))
        elif r.entity_type in ("ORG", "NRP") and r.recognizer == "spacy" and looks_like_name(value):
            # the small model often calls foreign names ORG or NORP: a name-shaped one is a person
            # candidate (masked unless a public role is found), never silently kept
            seeds.extend(clean_seed(text, r.start, r.end, "spacy-" + r.entity_type.lower(), 0.6))
    for region in regions:
        if region.seed:
            seeds.extend(clean_seed(text, region.start, region.end, f"cue:{region.role}", 0.8))
        elif region.source == "cue" and region.role in PUBLIC_ROLES:
            # "Judge X", "X, Trial Attorney": the whole name, even where the model saw only part
            seeds.extend(s for s in clean_seed(text, region.start, region.end, f"cue:{region.role}", 0.8)
                         if looks_like_name(text[s.start:s.end]))
    addresses = SpanIndex((r.start, r.end) for r in raw if r.entity_type == "ADDRESS")
    findings = [f for f in _places_taken_for_people(text, link_names(text, seeds, regions))
                # a guessed name inside an address is part of it ("Lee's Summit", "King Blvd")
                if not (f.role is None and "cue:" not in f.explanation and _inside(f.start, f.end, addresses))]
    person_spans = SpanIndex((f.start, f.end) for f in findings)
    header = header_zone(text, [(f.start, f.end) for f in findings if f.role not in PUBLIC_ROLES])

    # ---- everything else ----------------------------------------------------------------------
    others: list[Finding] = []
    for c in citations:
        others.append(Finding(c.start, c.end, "ID_CODE", "", c.role, 1.0, "eyecite", "legal citation"))
    public_orgs, private_orgs = organisations()
    for r in raw:
        if r.entity_type == "PERSON":
            continue
        role = r.role
        etype = r.entity_type
        if role in ("statute", "citation", "form", "court"):
            pass
        elif _overlaps(r.start, r.end, keep_spans):
            if etype != "DATE":
                continue
            role = "citation"
        elif etype == "DATE":
            value = text[r.start:r.end]
            if r.recognizer == "spacy" and (not MONTH.search(value) or DURATION.search(value)):
                continue
            if _inside(r.start, r.end, cite_full):
                role = "citation"
        elif etype == "LOCATION":
            value = text[r.start:r.end].strip()
            if _inside(r.start, r.end, cite_full):
                continue
            if value.casefold() in countries() or value.casefold().removeprefix("the ") in countries():
                role = "country"
            elif _overlaps(r.start, r.end, block_spans) or _inside(r.start, r.end, header):
                role = "professional"
            elif context_role := place_role(text, r.start, r.end):
                role = context_role
            elif any(p.search(value) for p in public_orgs):
                continue
        elif etype in ("ADDRESS", "PHONE", "EMAIL") and (
                _overlaps(r.start, r.end, block_spans) or _inside(r.start, r.end, header)):
            role = "professional"
        elif etype == "ORG":
            value = text[r.start:r.end]
            if _inside(r.start, r.end, cite_full) or any(p.search(value) for p in public_orgs):
                role = "agency"
            elif _overlaps(r.start, r.end, block_spans):
                role = "professional"
        if etype in ("ORG", "NRP", "DATE") and _overlaps(r.start, r.end, person_spans):
            continue  # a name the model also called an organisation, group or date
        if etype == "LOCATION" and _inside(r.start, r.end, person_spans):
            continue  # "Nyamagabe District" overlapping the name-like "Nyamagabe" stays a place
        others.append(Finding(r.start, r.end, etype, "", role, r.score, r.recognizer))
    for pattern in private_orgs:
        for m in pattern.finditer(text):
            if not _overlaps(m.start(), m.end(), block_spans) and not _inside(m.start(), m.end(), header):
                others.append(Finding(m.start(), m.end(), "ORG", "", "private", 0.7, "private_org"))
    agencies = SpanIndex((f.start, f.end) for f in others
                         if f.entity_type == "ORG" and f.role in ("agency", "professional"))
    others = [f for f in others
              if not (f.entity_type == "LOCATION" and f.role is None and _inside(f.start, f.end, agencies))]
    others = _retype(text, _contacts_follow_their_role(text, others))
    others = _spread(text, others, person_spans)
    return assign_entity_ids(text, _finish(text, findings + others))


def _places_taken_for_people(text: str, findings: list[Finding]) -> list[Finding]:
    """A "person" the model guessed (no cue, no role) that is named as a facility's town or a
    dateline somewhere ("the Batavia facility") is that public place, in every mention."""
    guessed = defaultdict(list)
    for f in findings:
        if f.role is None and "cue:" not in f.explanation:
            guessed[f.entity_id].append(f)
    places = {}
    for entity_id, mentions in guessed.items():
        roles = {place_role(text, f.start, f.end) for f in mentions} - {None}
        if roles:
            places[entity_id] = sorted(roles)[0]
    return [Finding(f.start, f.end, "LOCATION", "", places[f.entity_id], f.score, f.recognizer,
                    "named as a public place") if f.entity_id in places else f for f in findings]


def _contacts_follow_their_role(text: str, findings: list[Finding]) -> list[Finding]:
    """An office's phone, e-mail or address is professional wherever it is repeated
    ("questions may be directed to (816) 555-0147")."""
    contact = ("ADDRESS", "PHONE", "EMAIL")
    professional = {_normal_value(f.entity_type, text[f.start:f.end]) for f in findings
                    if f.entity_type in contact and f.role == "professional"}
    return [Finding(f.start, f.end, f.entity_type, f.entity_id, "professional", f.score, f.recognizer,
                    "same contact as the document's institutional header")
            if f.entity_type in contact and f.role is None
            and _normal_value(f.entity_type, text[f.start:f.end]) in professional else f
            for f in findings]


def _retype(text: str, findings: list[Finding]) -> list[Finding]:
    rules = get_retypes()
    out = []
    for f in findings:
        for rule in rules:
            if f.entity_type == rule.entity and f.role is None and re.search(
                rule.before, text[max(0, f.start - 80):f.start]
            ):
                f = Finding(f.start, f.end, rule.to, "", f.role, f.score, f.recognizer, "birth context")
                break
        out.append(f)
    return out


SPREAD_TYPES = {"LOCATION", "ORG"}


def _spread(text: str, findings: list[Finding], person_spans) -> list[Finding]:
    """Every occurrence of a private place or organisation found once is found everywhere."""
    taken = {(f.start, f.end) for f in findings}
    values = {
        text[f.start:f.end]
        for f in findings
        if f.entity_type in SPREAD_TYPES and f.role in (None, "private") and len(text[f.start:f.end]) >= 3
    }
    by_value = {text[f.start:f.end]: f for f in findings if text[f.start:f.end] in values}
    added = []
    if not values:
        return findings
    # one pass over the text for all values, longest first at each position
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(
        re.escape(v) for v in sorted(values, key=len, reverse=True)) + r")(?![^\W_])")
    for m in pattern.finditer(text):
        template = by_value[m.group()]
        span = (m.start(), m.end())
        if span in taken or _overlaps(*span, person_spans):
            continue
        taken.add(span)
        role = template.role
        if template.entity_type == "LOCATION":
            role = place_role(text, m.start(), m.end()) or role
        added.append(Finding(m.start(), m.end(), template.entity_type, "", role,
                             template.score, "consistency", "same text as another finding"))
    return findings + added




def _normal_value(entity_type: str, value: str) -> str:
    if entity_type in ("A_NUMBER", "RECEIPT_NUMBER", "DOCKET", "ID_CODE", "PHONE"):
        compact = re.sub(r"[^0-9A-Za-z]", "", value).upper()
        if entity_type == "A_NUMBER":  # A75836651 = A075836651; OCR's O and I/l are 0 and 1
            digits = compact.removeprefix("A").translate(str.maketrans("OIL", "011"))
            return digits.lstrip("0") or "0"
        return compact
    return " ".join(value.split()).casefold()


def _joinable(a: str | None, b: str | None) -> bool:
    return a == b or (a is None and b in SEAT_ROLES) or (b is None and a in SEAT_ROLES)


SEAT_ROLES = {"court", "public", "professional"}


def _finish(text: str, findings: list[Finding]) -> list[Finding]:
    """Drop duplicates and findings inside a same-type finding; join "City, State" into one place."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start), PRIORITY.get(f.entity_type, 9)))
    kept: list[Finding] = []
    for f in findings:
        if any(k.entity_type == f.entity_type and k.start <= f.start and f.end <= k.end for k in kept[-20:]):
            continue
        last = next((k for k in reversed(kept[-5:]) if k.entity_type == "LOCATION"), None)
        if (f.entity_type == "LOCATION" and last is not None and _joinable(last.role, f.role)
                and last.end <= f.start and re.fullmatch(r",?[ \t]*", text[last.end:f.start])):
            # "City, State": one place; an institutional seat named by either part keeps both
            kept[kept.index(last)] = Finding(last.start, f.end, "LOCATION", "", last.role or f.role,
                                             max(last.score, f.score), last.recognizer, last.explanation)
            continue
        kept.append(f)
    return kept


def assign_entity_ids(text: str, findings: list[Finding]) -> list[Finding]:
    counters: dict[str, dict[str, int]] = defaultdict(dict)
    out = []
    for f in findings:
        if f.entity_id:
            out.append(f)
            continue
        key = _normal_value(f.entity_type, text[f.start:f.end])
        ids = counters[f.entity_type]
        ids.setdefault(key, len(ids) + 1)
        out.append(Finding(f.start, f.end, f.entity_type, f"{f.entity_type}-{ids[key]}", f.role,
                           f.score, f.recognizer, f.explanation))
    return out
