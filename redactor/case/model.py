"""The types a case adds to those of `redactor.model`: the documents of a case with their own
detection, the case's entities (one per person, place or number across every document), and the
case plan that render, the logs and (later) the app consume. Frozen, like the rest."""

from __future__ import annotations

from dataclasses import dataclass, field

from redactor.model import PUBLIC_ROLES, Document, Finding, RedactionPlan


@dataclass(frozen=True)
class CaseDocument:
    index: int  # position in the case, in the order of the inputs' relative paths
    rel: str  # the input's path relative to the case folder (may carry a name: never written)
    document: Document
    findings: tuple[Finding, ...]  # the document's own detection, before linking


@dataclass(frozen=True)
class CaseEntity:
    """One person (or place, or number) across the case. `variants` hold the ways it is written:
    sensitive text, for search and `--include-text` only."""

    id: str  # "PERSON-1": the same in every document of the case
    entity_type: str
    role: str | None
    mentions: tuple[tuple[int, int], ...]  # (document index, mentions in it)
    variants: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # profile, detector, case (found by the case search), keep
    links: tuple[tuple[str, int], ...] = ()  # how its names were linked: (rule, count)
    flags: tuple[str, ...] = ()  # what a reviewer should look at, never text

    @property
    def is_public(self) -> bool:
        return self.role in PUBLIC_ROLES

    @property
    def total(self) -> int:
        return sum(n for _, n in self.mentions)


@dataclass(frozen=True)
class CasePlan:
    """Every document of a case with its plan, all under one identity graph."""

    case_id: str  # sha256 of the documents' ids: the same for the same documents
    documents: tuple[CaseDocument, ...]
    entities: tuple[CaseEntity, ...]
    plans: tuple[RedactionPlan, ...]
    policy_id: str
    policy_sha256: str
    profile_used: bool = False
    added: tuple[int, ...] = field(default_factory=tuple)  # per document: spans the case added
    # person id → the name its initials follow: sensitive, in memory only, never written
    names: dict = field(default_factory=dict, repr=False, compare=False)

    def entity(self, entity_id: str) -> CaseEntity | None:
        return next((e for e in self.entities if e.id == entity_id), None)
