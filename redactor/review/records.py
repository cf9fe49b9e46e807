"""What the review store keeps: human overrides, audit events and sign-offs. None of them carries
document text: a span is its offsets into a document identified by its content hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from redactor.model import Action

VERDICTS = ("accept", "reject", "change", "add")
SCOPES = ("mention", "entity", "manual")


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class MentionKey:
    """One mention as the detector proposed it: offsets and the detector's entity id."""

    start: int
    end: int
    entity_id: str


@dataclass(frozen=True)
class Override:
    """A reviewer's decision. `mention` rows key on (start, end, entity_id); `entity` rows on the
    entity id alone (start = end = -1) and cover every mention; `manual` rows are redactions the
    detector missed: the offsets of one occurrence, from which the text is derived when needed."""

    scope: str
    start: int
    end: int
    entity_id: str
    verdict: str
    entity_type: str | None = None
    action: Action | None = None
    all_occurrences: bool = False
    reviewer: str = ""
    note: str = ""
    updated_at: str = ""

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"unknown override scope {self.scope!r}")
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")

    @property
    def key(self) -> tuple:
        return (self.scope, self.start, self.end, self.entity_id)


@dataclass(frozen=True)
class AuditEvent:
    """One line of the audit trail: who, when, which document and span, before → after."""

    at: str
    reviewer: str
    document_id: str
    policy_id: str
    kind: str  # decision | manual-add | sign-off | export | policy | open
    scope: str  # mention | entity | type | manual | document
    start: int | None = None
    end: int | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    before: str = ""
    after: str = ""
    note: str = ""
    session_id: str | None = None
    id: int | None = None

    def to_json(self) -> dict:
        return {
            "id": self.id, "at": self.at, "reviewer": self.reviewer, "session_id": self.session_id,
            "document_id": self.document_id, "policy_id": self.policy_id, "kind": self.kind,
            "scope": self.scope, "start": self.start, "end": self.end,
            "entity_type": self.entity_type, "entity_id": self.entity_id,
            "before": self.before, "after": self.after, "note": self.note,
        }


@dataclass(frozen=True)
class SignOff:
    document_id: str
    policy_id: str
    policy_sha256: str
    plan_sha256: str
    reviewer: str
    at: str
    accepted_rest: bool


@dataclass(frozen=True)
class StoredDocument:
    """A document's row without its text: what lists and pickers show."""

    id: str
    source: str
    kind: str
    chars: int
    policy_id: str | None
    added_at: str
    added_by: str
    signed_off: bool
