"""The types that cross layer boundaries: Document → Finding → Decision → RedactionPlan → RedactionLog.

Frozen dataclasses: no Presidio or spaCy object ever crosses a layer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import Enum


class Action(str, Enum):
    REDACT = "redact"
    TAG = "tag"
    PSEUDONYM = "pseudonym"
    INITIALS = "initials"
    PARTIAL = "partial"
    GENERALIZE = "generalize"
    KEEP = "keep"


PUBLIC_ROLES = frozenset(
    {
        "judge",
        "attorney",
        "official",
        "interpreter",
        "expert",
        "precedent_party",
        "agency",
        "statute",
        "citation",
        "form",
        "country",
        "court",
        "public",
        "professional",
    }
)
# Which finding wins where two overlap: identifying numbers first, groups last.
TYPE_PRIORITY = {
    "A_NUMBER": 0, "RECEIPT_NUMBER": 0, "DOCKET": 1, "ID_CODE": 1, "EMAIL": 1, "PHONE": 2,
    "ADDRESS": 2, "DATE_OF_BIRTH": 3, "PERSON": 4, "DATE": 5, "LOCATION": 6, "ORG": 7, "NRP": 8,
}
PRIVATE_ROLES = frozenset({"applicant", "family", "minor", "witness", "persecutor", "private"})
# Findings made by detection's fail-closed stage (redactor.detect.catchall) carry a recognizer name
# with this prefix: nothing positively identified them, nothing explained them as public, so they are
# masked and always shown to the reviewer first, with the reason in `Finding.explanation`.
FAIL_CLOSED_PREFIX = "catch-all"


@dataclass(frozen=True, eq=False)
class Document:
    id: str  # sha256 of the text's UTF-8 bytes
    source: str
    text: str
    kind: str = "text"  # text | pdf | image | docx
    encoding: str = "utf-8"
    # char → page and box (PDF, scans: redactor.io.layout.PageLayout) or → DOCX run
    # (redactor.io.docx.DocxLayout); None for plain text
    layout: object = None


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    entity_type: str
    entity_id: str
    role: str | None
    score: float
    recognizer: str
    explanation: str = ""

    @property
    def is_public(self) -> bool:
        return self.role in PUBLIC_ROLES

    @property
    def fail_closed(self) -> bool:
        """Masked because nothing explained it ("unexplained number", "unknown capitalised word")."""
        return self.recognizer.startswith(FAIL_CLOSED_PREFIX)


@dataclass(frozen=True)
class Decision:
    finding: Finding
    action: Action
    replacement: str | None  # the text that stands in the output; None for keep
    rule_id: str
    basis: str
    origin: str = "policy"  # policy | reviewer

    @property
    def masks(self) -> bool:
        return self.action is not Action.KEEP

    def with_action(self, action: Action, replacement: str | None, origin: str) -> "Decision":
        return replace(self, action=action, replacement=replacement, origin=origin)


@dataclass(frozen=True)
class RedactionPlan:
    document_id: str
    policy_id: str
    policy_sha256: str
    decisions: tuple[Decision, ...] = field(default_factory=tuple)

    @property
    def masked(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.masks)


@dataclass(frozen=True)
class LogSpan:
    start: int
    end: int
    entity_type: str
    entity_id: str
    role: str | None
    action: str
    replacement: str | None
    rule_id: str
    basis: str
    recognizer: str
    score: float
    origin: str
    reason: str = ""  # why detection found (or kept) the span; never document text
    text: str | None = None  # only with --include-text

    def to_json(self) -> dict:
        row = asdict(self)
        if self.text is None:
            del row["text"]
        return row


@dataclass(frozen=True)
class RedactionLog:
    document: dict
    policy: dict
    spans: tuple[LogSpan, ...]

    def to_json(self) -> dict:
        return {
            "document": self.document,
            "policy": self.policy,
            "spans": [s.to_json() for s in self.spans],
        }
