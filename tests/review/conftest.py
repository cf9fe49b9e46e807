"""A small record with hand-made findings (no spaCy), the shipped policies, and a fresh store."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from redactor.io import document_from_text
from redactor.model import Document, Finding, RedactionPlan
from redactor.policy import LoadedPolicy, apply_policy, load_policy
from redactor.review import ReviewSession, ReviewStore

TEXT = (
    "DECLARATION OF MARIA LOPEZ\n"
    "A-Number: A075-836-651\n\n"
    "I, Maria Lopez, was born on 3 March 1990 in Santa Rita. My lawyer John Smith filed my I-589.\n"
    "Rosa, my sister, still lives in Santa Rita. Rosa called on 4 May 2021.\n"
    "Lopez is my family name; Smith explained the process.\n"
)

# (surface, occurrence, type, entity id, role, score, explanation)
FINDINGS = [
    ("MARIA LOPEZ", 0, "PERSON", "PERSON-1", "applicant", 0.85, ""),
    ("A075-836-651", 0, "A_NUMBER", "A_NUMBER-1", None, 1.0, ""),
    ("Maria Lopez", 0, "PERSON", "PERSON-1", "applicant", 0.85, ""),
    ("3 March 1990", 0, "DATE_OF_BIRTH", "DATE_OF_BIRTH-1", None, 0.9, ""),
    ("Santa Rita", 0, "LOCATION", "LOCATION-1", None, 0.85, ""),
    ("John Smith", 0, "PERSON", "PERSON-2", "attorney", 0.85, ""),
    ("I-589", 0, "ID_CODE", "ID_CODE-1", "form", 1.0, ""),
    ("Santa Rita", 1, "LOCATION", "LOCATION-1", None, 0.6, ""),
    ("4 May 2021", 0, "DATE", "DATE-1", None, 0.85, ""),
    ("Lopez", 1, "PERSON", "PERSON-1", None, 0.65, "sources: spacy; shared by 2 people"),
    ("Smith", 1, "PERSON", "PERSON-2", "attorney", 0.8, ""),
]
SENSITIVE = ("MARIA", "Maria", "Lopez", "LOPEZ", "836-651", "Santa Rita", "Rosa", "1990", "4 May")


def locate(text: str, surface: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def make_findings(text: str = TEXT) -> list[Finding]:
    out = []
    for surface, occurrence, etype, eid, role, score, explanation in FINDINGS:
        start, end = locate(text, surface, occurrence)
        out.append(Finding(start, end, etype, eid, role, score, "test", explanation))
    return out


@dataclass
class Record:
    document: Document
    findings: list[Finding]
    policies: dict[str, LoadedPolicy]

    def plan(self, policy: str = "asylum-confidential") -> RedactionPlan:
        return apply_policy(self.document, self.findings, self.policies[policy])

    def key(self, surface: str, occurrence: int = 0):
        from redactor.review import MentionKey

        start, end = locate(self.document.text, surface, occurrence)
        eid = next(f.entity_id for f in self.findings if (f.start, f.end) == (start, end))
        return MentionKey(start, end, eid)


@pytest.fixture(scope="session")
def policies() -> dict[str, LoadedPolicy]:
    return {name: load_policy(name) for name in ("asylum-confidential", "court-publication", "frcp-5-2")}


@pytest.fixture
def record(policies) -> Record:
    return Record(document_from_text(TEXT, "declaration_lopez.txt"), make_findings(), policies)


@pytest.fixture
def store(tmp_path) -> ReviewStore:
    return ReviewStore(tmp_path / "data" / "review.db")


@pytest.fixture
def session(store, record):
    def make(reviewer: str = "alice", policy: str = "asylum-confidential") -> ReviewSession:
        store.put_document(record.document, reviewer)
        return ReviewSession(store, record.document, record.policies[policy], record.plan(policy), reviewer,
                             store.start_session(reviewer))

    return make


@pytest.fixture(scope="session")
def record_factory(policies) -> Record:
    """The same record, session-scoped for property tests (it is never mutated)."""
    return Record(document_from_text(TEXT, "declaration_lopez.txt"), make_findings(), policies)
