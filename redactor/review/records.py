"""What the review store keeps: human overrides, audit events and sign-offs. None of them carries
document text: a span is its offsets into a document identified by its content hash."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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
    bulk: bool = False  # written by a bulk decision (a whole type, or the rest accepted at sign-off)

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"unknown override scope {self.scope!r}")
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")

    @property
    def key(self) -> tuple:
        return (self.scope, self.start, self.end, self.entity_id)


def overrides_to_json(overrides) -> str:
    return json.dumps([[o.scope, o.start, o.end, o.entity_id, o.verdict, o.entity_type,
                        o.action.value if o.action else None, o.all_occurrences, o.reviewer, o.note,
                        o.updated_at, o.bulk] for o in overrides], separators=(",", ":"))


def overrides_from_json(payload: str) -> tuple[Override, ...]:
    return tuple(Override(r[0], r[1], r[2], r[3], r[4], r[5], Action(r[6]) if r[6] else None, bool(r[7]),
                          r[8], r[9], r[10], bool(r[11])) for r in json.loads(payload))


@dataclass(frozen=True)
class JournalEntry:
    """One reviewer change as the undo list keeps it: the override rows it wrote, the rows those keys
    held before (absent keys had none), and every key it touched."""

    label: str
    put: tuple[Override, ...]
    prior: tuple[Override, ...]
    touched: tuple[tuple, ...] = field(default=())
    reviewer: str = ""
    at: str = ""
    id: int | None = None


@dataclass(frozen=True)
class AuditEvent:
    """One line of the audit trail: who, when, which document and span, before → after."""

    at: str
    reviewer: str
    document_id: str
    policy_id: str
    kind: str  # decision | manual-add | manual-remove | undo | sign-off | sign-off-check | export | policy | open
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
    proposed: str = ""  # what the policy proposed for the span ("PERSON-3 PERSON keep"), for decisions
    case_id: str | None = None  # a decision made in a case (document_id "" for the case's own events)

    def to_json(self) -> dict:
        return {
            "id": self.id, "at": self.at, "reviewer": self.reviewer, "session_id": self.session_id,
            "document_id": self.document_id, "policy_id": self.policy_id, "kind": self.kind,
            "scope": self.scope, "start": self.start, "end": self.end,
            "entity_type": self.entity_type, "entity_id": self.entity_id,
            "proposed": self.proposed, "before": self.before, "after": self.after, "note": self.note,
            "case_id": self.case_id,
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


@dataclass(frozen=True)
class CaseSignOff:
    """A case signed off as a whole: every document decided, under one policy, bound to the plans."""

    case_id: str
    policy_id: str
    policy_sha256: str
    plan_sha256: str
    reviewer: str
    at: str


@dataclass(frozen=True)
class StoredCase:
    """A case's row: its documents as (relative name, document id) in case order, when read whole."""

    id: str
    name: str
    policy_id: str | None
    added_at: str
    added_by: str
    size: int  # number of documents
    signed_off: bool
    documents: tuple[tuple[str, str], ...] = ()
