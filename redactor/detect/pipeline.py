"""Detection, stage by stage. Each stage is one module with one public function; this module
only composes them, and every finding says which stage decided it and why:

    normalise   (normalise.py)  one clean view of the text, with an exact map back
    recognise   (recognise.py)  Presidio: spaCy NER, YAML pattern recognizers, multilingual dates
    explain     (explain.py)    what is public: citations, statutes, public numbers, role cues,
                                the document's own case (caption.py), institutional headers
    catch-all   (catchall.py)   fail closed: unexplained numbers and unknown capitalised words
    link        (names.py)      person entities: variants, initials, lowercase, roles by evidence
    finish      (here)          span edges, overlaps, consistency, entity ids, back to the original
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import Sequence

from redactor.detect.catchall import catch_names, catch_numbers, in_group_context, name_seeds
from redactor.detect.vocabulary import is_place
from redactor.detect.context import contact_blocks, header_zone, place_role
from redactor.detect.engine import get_retypes
from redactor.detect.explain import explain, explain_candidates, facility_name, is_dateish, is_us_place_phrase
from redactor.detect.names import clean_seed, link_names
from redactor.detect.normalise import View, normalise
from redactor.detect.recognise import Candidate, recognise
from redactor.detect.tables import find_columns
from redactor.detect.wordlists import looks_like_group, looks_like_name
from redactor.model import FAIL_CLOSED_PREFIX, PUBLIC_ROLES, TYPE_PRIORITY as PRIORITY, Document, Finding
from redactor.spans import SpanIndex


def detect(document: Document) -> list[Finding]:
    return detect_many([document])[0]


def detect_many(documents: Sequence[Document]) -> list[list[Finding]]:
    views = [normalise(doc.text) for doc in documents]
    candidates = recognise([v.text for v in views])
    results = []
    for view, found in zip(views, candidates):
        findings = document_pass(view.text, found)
        _warn_if_mostly_unexplained(view.text, findings)
        results.append(to_original(view, findings))
    return results


WORD = re.compile(r"\w+")
UNEXPLAINED_SHARE = 0.3


def _warn_if_mostly_unexplained(text: str, findings: list[Finding]) -> None:
    """Binary junk decoded as text, or a table of codes: the catch-alls mask most of it. Say so
    (without any of its text): a reviewer should check the document is what it seems."""
    words = sum(1 for _ in WORD.finditer(text))
    unexplained = sum(1 for f in findings if f.fail_closed or f.explanation.startswith(
        f"sources: {FAIL_CLOSED_PREFIX}"))
    if words >= 200 and unexplained > UNEXPLAINED_SHARE * words:
        logging.getLogger("redactor.detect").warning(
            "most of a document could not be explained (%d of %d words masked by the fail-closed "
            "stage): check that it is text and not binary data or a table of codes", unexplained, words)


def to_original(view: View, findings: list[Finding]) -> list[Finding]:
    if view.identity:
        return findings
    out = []
    for f in findings:
        start, end = view.to_original(f.start, f.end)
        while start < end and view.original[start].isspace():
            start += 1
        while end > start and view.original[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Finding(start, end, f.entity_type, f.entity_id, f.role, f.score, f.recognizer,
                               f.explanation))
    return out


def document_pass(text: str, candidates: list[Candidate]) -> list[Finding]:
    explained = explain(text, candidates)
    regions = explained.regions
    block_spans = SpanIndex((r.start, r.end) for r in regions if r.role in ("judge", "attorney"))

    # ---- people: model mentions, role cues, the caption, and the name catch-all ------------------
    seeds = []
    for r in candidates:
        if explained.public_index.contains(r.start, r.end) or block_spans.overlaps(r.start, r.end):
            continue
        value = text[r.start:r.end]
        if r.entity_type == "PERSON" and not looks_like_group(value):
            found = clean_seed(text, r.start, r.end, r.recognizer, r.score)
        elif r.entity_type in ("ORG", "NRP") and r.recognizer == "spacy" and looks_like_name(value):
            # the small model often calls foreign names ORG or NORP: a name-shaped one is a person
            # candidate (masked unless a public role is found), never silently kept; a place or
            # a group it called an organisation is not ("ANNANDALE, VIRGINIA", "Hawiye")
            found = [s for s in clean_seed(text, r.start, r.end, "spacy-" + r.entity_type.lower(), 0.6)
                     if not is_place(text[s.start:s.end])]
        else:
            continue
        seeds.extend(s for s in found if not in_group_context(text, s.start, s.end))
    for region in regions:
        if explained.public_index.overlaps(region.start, region.end) and region.role == "minor":
            continue  # "Anti-Terrorism Law No. (13)" is a statute, not a minor aged 13
        if region.seed:
            seeds.extend(clean_seed(text, region.start, region.end, f"cue:{region.role}", 0.8))
        elif region.source in ("cue", "caption") and region.role in PUBLIC_ROLES:
            # "Judge X", "X, Trial Attorney": the whole name, even where the model saw only part
            seeds.extend(s for s in clean_seed(text, region.start, region.end, f"cue:{region.role}", 0.8)
                         if looks_like_name(text[s.start:s.end]))
    # what a recognizer typed is not a name candidate; the model's DATE only where it is a date
    # (it calls unknown words dates: "Magday")
    typed = SpanIndex((r.start, r.end) for r in candidates
                      if r.entity_type not in ("PERSON", "ORG", "NRP", "LOCATION")
                      and not (r.entity_type == "DATE" and r.recognizer == "spacy"
                               and not is_dateish(text[r.start:r.end])))
    name_candidates = catch_names(text, explained, typed)
    seeds.extend(name_seeds(text, name_candidates))
    columns = find_columns(text)
    for column in columns:
        if column.kind == "names":
            for cell in column.cells:
                seeds.extend(clean_seed(text, cell.start, cell.end,
                                        f"{FAIL_CLOSED_PREFIX}:name column of a table", 0.6))
        elif column.kind == "a_numbers":
            candidates = candidates + [Candidate(c.start, c.end, "A_NUMBER", 0.6, "table:a_number", None)
                                       for c in column.cells]
    addresses = SpanIndex((r.start, r.end) for r in candidates if r.entity_type == "ADDRESS")
    place_names = {text[c.start:c.end] for c in name_candidates if c.kind == "place"} | {
        text[r.start:r.end] for r in candidates if r.entity_type == "LOCATION"}
    persons = [f for f in _places_taken_for_people(text, link_names(text, seeds, regions), place_names)
               # a guessed name inside an address is part of it ("Lee's Summit", "King Blvd")
               if not (f.role is None and "cue:" not in f.explanation
                       and addresses.contains(f.start, f.end))]
    persons += _attached_initials(text, persons)
    person_spans = SpanIndex((f.start, f.end) for f in persons)
    # the header and contact blocks stop at a person known to be private by real evidence (a cue,
    # the model, the caption), not at a word the catch-all could not explain
    private = [(f.start, f.end) for f in persons if f.role not in PUBLIC_ROLES and not _catch_all_only(f)]
    anchors = [(f.start, f.end) for f in persons if f.role in PUBLIC_ROLES and f.role != "precedent_party"]
    header = header_zone(text, private)
    blocks = contact_blocks(text, anchors, private)

    # ---- everything else ----------------------------------------------------------------------
    others = explain_candidates(text, candidates, explained, person_spans, header, blocks)
    others += _catch_all_places_and_orgs(text, name_candidates, persons, header, blocks,
                                         explained.citation_index, block_spans)
    others = _professional_emails(text, others, persons)
    others = _retype(text, _contacts_follow_their_role(text, others))
    others = _spread(text, others, person_spans)
    # numbers already typed, and anything public, are decided; a kept organisation or group the
    # model found around digits ("SRC" of "SRC 21 902 48816") is not
    taken = SpanIndex([(f.start, f.end) for f in persons + others
                       if f.entity_type not in ("ORG", "NRP", "LOCATION", "PERSON")])
    a_numbers = [(f.start, f.end) for f in others if f.entity_type == "A_NUMBER"]
    others += catch_numbers(text, explained, taken, a_numbers, header, blocks)
    return assign_entity_ids(text, _finish(text, _trim_edges(text, persons + others)))


ATTACHED_INITIAL = re.compile(r",[ \t]*([A-Z]\.)(?![\w.]|\s?[A-Z]\.)")


def _attached_initials(text: str, persons: list[Finding]) -> list[Finding]:
    """"Okonkwo, C.", "(Rondón, M.)": the initial after a private person's surname is theirs."""
    out = []
    for f in persons:
        if f.role in PUBLIC_ROLES:
            continue
        m = ATTACHED_INITIAL.match(text, f.end)
        if m:
            out.append(Finding(m.start(1), m.end(1), "PERSON", f.entity_id, f.role, f.score, f.recognizer,
                               f.explanation + "; initial after the surname"))
    return out


WEAK_CATCH_ALL = (f"{FAIL_CLOSED_PREFIX}:unknown capitalised word", f"{FAIL_CLOSED_PREFIX}:unexplained initials")


INSTITUTIONAL_DOMAIN = re.compile(r"(?i)(?:law|legal|clinic|court|justice|immigra|rights|refugee|asylum|"
                                  r"\.gov|\.edu|\.int|\.mil|university|college|centre|center|ngo|"
                                  r"foundation|society|council|services|translation|language)")


def _professional_emails(text: str, findings: list[Finding], persons: list[Finding]) -> list[Finding]:
    """An e-mail address is the institution's or a professional's when its local part carries a
    public-role person's name ("swhitfield@…" of attorney Whitfield), or when its domain is an
    institution's and its local part names no private person."""
    from redactor.detect.vocabulary import fold

    def surnames(role_filter) -> set[str]:
        keys = set()
        for f in persons:
            if role_filter(f.role):
                for word in re.findall(r"[^\W\d_]{4,}", text[f.start:f.end]):
                    keys.add(fold(word))
        return keys

    public = surnames(lambda role: role in PUBLIC_ROLES)
    private = surnames(lambda role: role not in PUBLIC_ROLES)
    out = []
    for f in findings:
        if f.entity_type == "EMAIL" and f.role is None:
            local, _, domain = text[f.start:f.end].partition("@")
            local = fold(local)
            if not any(key in local for key in private) and (
                    any(key in local for key in public) or INSTITUTIONAL_DOMAIN.search(domain)):
                f = Finding(f.start, f.end, f.entity_type, f.entity_id, "professional", f.score,
                            f.recognizer, "kept: a professional's or an institution's e-mail")
        out.append(f)
    return out


def _catch_all_only(finding: Finding) -> bool:
    """A person only the catch-all saw, as a word it could not explain (no title, label or run)."""
    sources = finding.explanation.removeprefix("sources: ").split("; ")[0].split(", ")
    return all(source.startswith(WEAK_CATCH_ALL) for source in sources)


def _catch_all_places_and_orgs(text: str, candidates, persons: list[Finding], header: SpanIndex,
                               blocks: SpanIndex, citations: SpanIndex, counsel: SpanIndex) -> list[Finding]:
    person_spans = SpanIndex((f.start, f.end) for f in persons)
    public_people = SpanIndex((f.start, f.end) for f in persons if f.role in PUBLIC_ROLES)
    out = []
    for c in candidates:
        if c.kind == "person" or (c.kind == "org_public" and person_spans.overlaps(c.start, c.end)):
            continue
        if c.kind == "place" and public_people.overlaps(c.start, c.end):
            continue  # "Judge Trujillo", "Garland v. Ming Dai": a name that is also a town
        if citations.contains(c.start, c.end):
            continue  # a party of a cited case ("SEC v. Chenery Corp.")
        if c.kind == "place":
            value = text[c.start:c.end]
            in_header = (header.contains(c.start, c.end) or blocks.contains(c.start, c.end)
                         or counsel.overlaps(c.start, c.end))
            role = ("professional" if in_header and is_us_place_phrase(value) and not facility_name(value)
                    else None if c.reason == "detention facility" else place_role(text, c.start, c.end))
            out.append(Finding(c.start, c.end, "LOCATION", "", role, 0.5,
                               f"{FAIL_CLOSED_PREFIX}:place", c.reason))
        elif c.kind == "group":
            out.append(Finding(c.start, c.end, "NRP", "", None, 0.5, "group_word",
                               f"kept: {c.reason} (nationality, language, faith, ethnicity or movement)"))
        elif c.kind == "org_public":
            out.append(Finding(c.start, c.end, "ORG", "", "agency", 0.5, "organisation",
                               "kept: name of a public body"))
        elif c.kind == "org_private":
            out.append(Finding(c.start, c.end, "ORG", "", "private", 0.5,
                               f"{FAIL_CLOSED_PREFIX}:organisation", "private organisation"))
    return out


def _places_taken_for_people(text: str, findings: list[Finding], place_names: set[str]) -> list[Finding]:
    """A "person" only guessed (no cue, no role) that is named as a place somewhere is that place,
    in every mention: a public one where it is a facility's town or a dateline ("the Batavia
    facility"), a masked one where a place cue or the model says so ("the village of Deh-e Naw")."""
    guessed = defaultdict(list)
    for f in findings:
        if f.role is None and "cue:" not in f.explanation:
            guessed[f.entity_id].append(f)
    places: dict[str, str | None] = {}
    for entity_id, mentions in guessed.items():
        roles = {place_role(text, f.start, f.end) for f in mentions} - {None}
        if roles and any(is_place(text[f.start:f.end]) for f in mentions):
            places[entity_id] = sorted(roles)[0]
        elif any(text[f.start:f.end] in place_names for f in mentions) and all(
                "spacy" not in f.explanation for f in mentions):
            places[entity_id] = None
    return [Finding(f.start, f.end, "LOCATION", "", places[f.entity_id], f.score, f.recognizer,
                    "named as a place") if f.entity_id in places else f for f in findings]


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
    """Every occurrence of a private place or organisation found once is found everywhere, also
    inside a longer name ("[Nasiriyah] Investigation Court"): one Aho-Corasick pass, all matches."""
    import ahocorasick

    taken = {(f.start, f.end) for f in findings}
    templates: dict[str, Finding] = {}
    for f in findings:
        value = text[f.start:f.end]
        if len(value) < 3 or f.entity_type not in SPREAD_TYPES:
            continue
        if (f.entity_type == "LOCATION" and f.role is None) or f.role == "private":
            key = value.lower()
            if len(key) == len(value):
                templates.setdefault(key, f)
    if not templates:
        return findings
    automaton = ahocorasick.Automaton()
    for key in templates:
        automaton.add_word(key, key)
    automaton.make_automaton()
    added = []
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lowers to two characters: keep offsets one for one
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for last, key in automaton.iter(lowered):
        start, end = last - len(key) + 1, last + 1
        if (start > 0 and (text[start - 1].isalnum())) or (end < len(text) and text[end].isalnum()):
            continue
        if (start, end) in taken or person_spans.overlaps(start, end):
            continue
        template = templates[key]
        value = text[start:end]
        if value != text[template.start:template.end] and not value.isupper() and value[:1].islower():
            continue  # a place name met in lower case is a word ("Reading", "Mobile")
        taken.add((start, end))
        role = template.role
        if template.entity_type == "LOCATION":
            role = place_role(text, start, end) or role
        added.append(Finding(start, end, template.entity_type, "", role,
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


# A finding never starts or ends on a function word ("Even if Krasnoperov", "an April 30, 2007"),
# and a legal abbreviation or signal is never an entity ("Id.", "Esq.", "et al.").
EDGE_WORDS = frozenset({"if", "an", "a", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by",
                        "with", "from", "as", "but", "even", "that", "this", "these", "those", "then",
                        "when", "where", "while", "is", "was", "be", "than", "also"})
EDGE_TYPES = ("PERSON", "LOCATION", "ORG", "NRP", "DATE", "DATE_OF_BIRTH")
EDGE_TOKEN = re.compile(r"[^\W\d_]+")


def _trim_edges(text: str, findings: list[Finding]) -> list[Finding]:
    from redactor.detect.vocabulary import fold, never_names

    out = []
    for f in findings:
        if f.entity_type not in EDGE_TYPES:
            out.append(f)
            continue
        start, end = f.start, f.end
        while True:
            m = EDGE_TOKEN.match(text, start, end)
            word = m.group() if m else ""
            if m and word.lower() in EDGE_WORDS and (word.islower() or f.entity_type == "PERSON") \
                    and m.end() < end and not text[m.end()].isalnum() and text[m.end()] != ".":
                start = m.end()
                while start < end and not text[start].isalnum():
                    start += 1
                continue
            break
        while True:
            m = re.search(r"([^\W\d_]+)[^\w]*$", text[start:end])
            if m and start + m.start(1) > start and m.group(1).lower() in EDGE_WORDS and m.group(1).islower():
                end = start + m.start(1)
                while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".)'’":
                    end -= 1
                continue
            break
        if f.entity_type == "PERSON":
            end = _trim_case_break(text, start, end)
        if start >= end:
            continue
        words = EDGE_TOKEN.findall(text[start:end])
        if f.entity_type not in ("DATE", "DATE_OF_BIRTH") and words and all(fold(w) in never_names() for w in words) \
                and f.role is None:
            continue  # "Id.", "Esq.", "et al.", "REMANDED": never an entity
        out.append(f if (start, end) == (f.start, f.end) else
                   Finding(start, end, f.entity_type, f.entity_id, f.role, f.score, f.recognizer, f.explanation))
    return out


def _trim_case_break(text: str, start: int, end: int) -> int:
    """A name does not end in a common word that starts a label: "TARIQ HADDAD [Receipt] EAC…"
    (a name in capitals does not go on in title case), "Tariq Haddad [Receipt] EAC…" (the common
    word is followed by its value). The model reads the next label as part of the name."""
    from redactor.detect.vocabulary import word_class

    words = list(re.finditer(r"[^\W\d_][\w'’.-]*", text[start:end]))
    if len(words) < 2 or not words[-1].group().istitle() or word_class(words[-1].group()) not in ("common", "never"):
        return end
    capitals = len(words) >= 3 and all(w.group().isupper() for w in words[:-1])
    # or a label: the common word is followed by its value ("Tariq Haddad [Receipt] EAC2190012345")
    label = re.match(r"[ \t]*(?:[:#]|No\.?)?[ \t]*[A-Z]{0,4}[-\s]?\d", text[end:end + 12]) is not None
    if capitals or label:
        cut = start + words[-1].start()
        while cut > start and not text[cut - 1].isalnum():
            cut -= 1
        return cut
    return end


def _masked(f: Finding) -> bool:
    """Whether the shipped policies mask a finding: not a public role, and not an organisation or
    group without a private role (those are kept)."""
    return f.role not in PUBLIC_ROLES and not (f.entity_type in ("ORG", "NRP") and f.role != "private")


def _finish(text: str, findings: list[Finding]) -> list[Finding]:
    """Drop duplicates and findings inside a same-type finding; join "City, State" into one place."""
    # at one span, a masked reading before a kept one: a kept container never swallows a private part
    findings.sort(key=lambda f: (f.start, -(f.end - f.start), PRIORITY.get(f.entity_type, 9),
                                 f.role in PUBLIC_ROLES, f.role is None))
    kept: list[Finding] = []
    for f in findings:
        if any(k.entity_type == f.entity_type and k.start <= f.start and f.end <= k.end
               and (_masked(k) or not _masked(f)) for k in kept[-20:]):
            continue
        last = next((k for k in reversed(kept[-5:]) if k.entity_type == "LOCATION"), None)
        if (f.entity_type == "LOCATION" and last is not None and _joinable(last.role, f.role)
                and last.end <= f.start and re.fullmatch(r",?[ \t]?", text[last.end:f.start])):
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
