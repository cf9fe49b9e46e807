"""Link a case: the documents' own findings → one identity graph → findings in which every entity
has its case-wide id and role, plus every mention a document's detector missed but another
document (or the profile) identifies. Public roles are respected: nothing a detector kept as a
judge, counsel, an expert or a citation, and nothing on the profile's keep list, is masked by the
case search."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from redactor.case.evidence import date_forms, parse_dates, read_evidence
from redactor.case.graph import Person, add_shared_names, link_people
from redactor.case.matcher import CaseIndex, Hit, value_key
from redactor.case.model import CaseDocument, CaseEntity
from redactor.case.naming import display_fold
from redactor.case.profile import CaseProfile
from redactor.model import PUBLIC_ROLES, Finding
from redactor.spans import SpanIndex

SPREAD_PLACES = ("LOCATION", "ORG")
SPREAD_IDENTIFIERS = ("A_NUMBER", "RECEIPT_NUMBER", "DOCKET", "ID_CODE", "PHONE", "EMAIL")
CASE_RECOGNIZER = "case"
CASE_SCORE = 0.9


@dataclass(frozen=True)
class Linked:
    """The result of linking: per document its findings with case-wide ids, and the entities."""

    findings: tuple[tuple[Finding, ...], ...]
    entities: tuple[CaseEntity, ...]
    added: tuple[int, ...]  # per document: findings the case search added
    names: dict  # case person id → the NameForm its initials follow (sensitive; never written)


def _values(documents: list[CaseDocument], profile: CaseProfile | None):
    """What besides people is searched in every document: private places and organisations,
    identifiers and dates of birth found anywhere, and the profile's own."""
    values: dict[tuple[str, str, str], None] = {}
    identifiers: dict[tuple[str, str, str], None] = {}
    for doc in documents:
        text = doc.document.text
        for f in doc.findings:
            written = text[f.start:f.end]
            if f.role in PUBLIC_ROLES:
                continue
            if f.entity_type in SPREAD_PLACES and (f.role == "private" or (
                    f.role is None and f.entity_type == "LOCATION")):
                values[(f.entity_type, value_key(f.entity_type, written), written)] = None
            elif f.entity_type in SPREAD_IDENTIFIERS and f.role in (None, "private"):
                identifiers[(f.entity_type, value_key(f.entity_type, written), written)] = None
            elif f.entity_type == "DATE_OF_BIRTH":
                for date in parse_dates(written):
                    for form in date_forms(date):
                        values[("DATE_OF_BIRTH", date.isoformat(), form)] = None
    if profile is not None:
        for identity in profile.identities:
            for place in identity.places:
                values[("LOCATION", value_key("LOCATION", place), place)] = None
            for a_number in identity.a_numbers:
                identifiers[("A_NUMBER", value_key("A_NUMBER", a_number), a_number)] = None
            for date in identity.dates_of_birth:
                for form in date_forms(date):
                    values[("DATE_OF_BIRTH", date.isoformat(), form)] = None
        for term in profile.mask:
            if term.type != "PERSON":
                target = identifiers if term.type in SPREAD_IDENTIFIERS else values
                target[(term.type, value_key(term.type, term.text), term.text)] = None
    return list(values), list(identifiers)


def places_taken_for_people(documents: list[CaseDocument], profile: CaseProfile | None) -> list[CaseDocument]:
    """A "person" some detector guessed without a role cue whose words are a place elsewhere in the
    case (a LOCATION another document found, or a place of the profile) is that place."""
    places = {display_fold(d.document.text[f.start:f.end]) for d in documents for f in d.findings
              if f.entity_type == "LOCATION"}
    if profile is not None:
        places |= {display_fold(p) for i in profile.identities for p in i.places}
    out = []
    for doc in documents:
        text = doc.document.text
        findings = tuple(
            _with(f, entity_type="LOCATION", entity_id="", explanation=_join(
                f.explanation, "case: named as a place in the case")) if (
                f.entity_type == "PERSON" and f.role is None
                and display_fold(text[f.start:f.end]) in places) else f
            for f in doc.findings)
        out.append(doc if findings == doc.findings else CaseDocument(doc.index, doc.rel, doc.document, findings))
    return out


def link_case(documents: list[CaseDocument], profile: CaseProfile | None = None) -> Linked:
    documents = places_taken_for_people(documents, profile)
    evidence = [read_evidence(d.document.text, list(d.findings)) for d in documents]
    persons, member_of = link_people(documents, evidence, profile)
    persons = add_shared_names(persons)
    values, identifiers = _values(documents, profile)
    index = CaseIndex(persons, values, identifiers, profile.keep if profile else ())
    by_key = {p.key: p for p in persons}

    # placeholders: ("P", person key) for people, (type, value key) for the rest
    staged: list[list[tuple[Finding, object, bool]]] = []
    for doc in documents:
        text = doc.document.text
        hits, kept = index.search(text)
        keep = SpanIndex(kept)
        out: list[tuple[Finding, object, bool]] = []
        for f in doc.findings:
            listed = keep.contains(f.start, f.end)  # on the profile's keep list
            role = "public" if listed else f.role
            explanation = _join(f.explanation, "kept: on the case profile's keep list") if listed else f.explanation
            if f.entity_type == "PERSON" and (doc.index, f.entity_id) in member_of:
                person = by_key[member_of[(doc.index, f.entity_id)]]
                role = "public" if listed else person.role
                out.append((_with(f, role=role, explanation=explanation), ("P", person.key), False))
            else:
                target = (f.entity_type, value_key(f.entity_type, text[f.start:f.end]))
                out.append((_with(f, role=role, explanation=explanation), target, False))
        out.extend(_added(doc, hits, out, keep, by_key))
        staged.append(out)
    return _number(documents, staged, persons, profile)


def _added(doc: CaseDocument, hits: list[Hit], existing, keep: SpanIndex, by_key: dict[int, Person]):
    """Hits of the case search that add something: not where a public role or the profile's keep
    list keeps the text, and not inside something the document already masks."""
    public = SpanIndex((f.start, f.end) for f, _, _ in existing if f.role in PUBLIC_ROLES)
    covering = SpanIndex((f.start, f.end) for f, _, _ in existing
                         if f.role not in PUBLIC_ROLES and not (f.entity_type in ("ORG", "NRP") and f.role is None))
    added = []
    for hit in hits:
        if public.overlaps(hit.start, hit.end) or keep.overlaps(hit.start, hit.end):
            continue
        if covering.contains(hit.start, hit.end):  # inside one finding the document masks already
            continue
        if hit.kind == "name":
            person = by_key[hit.target]
            explanation = "case: a name of this person identified in the case"
            if hit.ambiguous:
                explanation += "; shared by several people of the case"
            finding = Finding(hit.start, hit.end, "PERSON", "", person.role, CASE_SCORE, CASE_RECOGNIZER,
                              explanation)
            added.append((finding, ("P", hit.target), True))
        else:
            finding = Finding(hit.start, hit.end, hit.entity_type, "", None, CASE_SCORE, CASE_RECOGNIZER,
                              "case: a value identified in the case")
            added.append((finding, hit.target, True))
    return added


def _number(documents, staged, persons: list[Person], profile) -> Linked:
    """Case-wide ids: the profile's people first, in its order, then everyone by first mention."""
    first: dict[object, tuple] = {}
    counts: dict[object, Counter] = defaultdict(Counter)
    sources: dict[object, set[str]] = defaultdict(set)
    roles: dict[object, Counter] = defaultdict(Counter)
    texts: dict[object, dict[str, None]] = defaultdict(dict)
    for doc, items in zip(documents, staged):
        for f, target, added in items:
            counts[target][doc.index] += 1
            sources[target].add(CASE_RECOGNIZER if added else "detector")
            roles[target][f.role] += 1
            texts[target][doc.document.text[f.start:f.end]] = None
            where = (doc.index, f.start)
            if target not in first or where < first[target]:
                first[target] = where
    by_key = {p.key: p for p in persons}

    def order(target):
        if target[0] == "P":
            person = by_key[target[1]]
            return (0 if person.first[0] < 0 else 1, person.first if person.first[0] < 0 else first[target])
        return (1, first[target])

    ids: dict[object, str] = {}
    numbers: Counter = Counter()
    for target in sorted(first, key=order):
        etype = "PERSON" if target[0] == "P" else target[0]
        numbers[etype] += 1
        ids[target] = f"{etype}-{numbers[etype]}"
    findings = tuple(tuple(_with(f, entity_id=ids[target]) for f, target, _ in items) for items in staged)
    added = tuple(sum(1 for _, _, a in items if a) for items in staged)
    entities = []
    names = {}
    for target, entity_id in ids.items():
        person = by_key[target[1]] if target[0] == "P" else None
        role = person.role if person else _common_role(roles[target])
        flags = list(person.flags) if person else []
        found = counts[target]
        entities.append(CaseEntity(
            id=entity_id, entity_type="PERSON" if person else target[0], role=role,
            mentions=tuple(sorted(found.items())), variants=tuple(texts[target]),
            sources=tuple(sorted(sources[target] | (person.sources if person else set()))),
            links=tuple(sorted(person.links.items())) if person else (), flags=tuple(flags)))
        if person is not None and person.canonical_form is not None:
            names[entity_id] = person.canonical_form
    entities.sort(key=lambda e: (e.entity_type != "PERSON", e.entity_type, int(e.id.rpartition("-")[2])))
    return Linked(findings, tuple(entities), added, names)


def _common_role(roles: Counter):
    non_none = [(n, r) for r, n in roles.items() if r is not None]
    return max(non_none)[1] if non_none else None


def _with(f: Finding, **changes) -> Finding:
    from dataclasses import replace

    return replace(f, **changes)


def _join(explanation: str, more: str) -> str:
    return f"{explanation}; {more}" if explanation else more
