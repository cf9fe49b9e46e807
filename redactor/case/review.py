"""A reviewer's decisions for a whole case: one decision per case entity ("PERSON-4: keep, expert")
applies in every document of the case, and a decision on one mention of one document overrides it
there. They are applied to each document's plan by `redactor.review.apply.apply_overrides` (an
entity decision becomes that document's entity-scope override), then the case's replacements are
made stable again, so the reviewed plans go to render like any other.

Stored as JSON (`CaseDecisions.save`/`load`, written atomically): case id, entity ids, verdicts,
actions, document hashes and offsets; never document text. The app will keep the same records
in its review store."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable

from redactor.case.model import CasePlan
from redactor.case.plan import stabilise
from redactor.errors import ConfigError
from redactor.files import write_atomic
from redactor.model import Action
from redactor.policy import LoadedPolicy
from redactor.policy.apply import policy_secret
from redactor.review.apply import Reviewed, apply_overrides
from redactor.review.records import VERDICTS, Override


@dataclass(frozen=True)
class EntityDecision:
    """Decides every mention of a case entity, in every document."""

    entity_id: str  # the case-wide id: "PERSON-4"
    verdict: str  # accept | reject (keep visible) | change
    action: Action | None = None  # for change
    entity_type: str | None = None  # for change: another type
    reviewer: str = ""
    note: str = ""
    updated_at: str = ""
    bulk: bool = False  # taken with every entity of its type (the sign-off's second look lists it)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS or self.verdict == "add":
            raise ValueError(f"unknown entity verdict {self.verdict!r}")

    def as_override(self) -> Override:
        return Override("entity", -1, -1, self.entity_id, self.verdict, self.entity_type, self.action,
                        reviewer=self.reviewer, note=self.note, updated_at=self.updated_at, bulk=self.bulk)

    @classmethod
    def from_override(cls, ov: Override) -> "EntityDecision":
        return cls(ov.entity_id, ov.verdict, ov.action, ov.entity_type, ov.reviewer, ov.note, ov.updated_at, ov.bulk)


@dataclass(frozen=True)
class MentionDecision:
    """Overrides the entity decision for one mention (or adds a redaction) in one document."""

    document_id: str  # the document's content hash
    override: Override


@dataclass(frozen=True)
class CaseDecisions:
    case_id: str
    entities: tuple[EntityDecision, ...] = ()
    mentions: tuple[MentionDecision, ...] = field(default_factory=tuple)

    def decide(self, decision: EntityDecision) -> "CaseDecisions":
        """The same decisions with this one for its entity (replacing an earlier one)."""
        kept = tuple(d for d in self.entities if d.entity_id != decision.entity_id)
        return replace(self, entities=kept + (decision,))

    def for_document(self, document_id: str) -> list[Override]:
        return ([d.as_override() for d in self.entities]
                + [m.override for m in self.mentions if m.document_id == document_id])

    def retypes(self, case: CasePlan) -> dict[tuple[str, str], str]:
        return case_retypes(case, [d.as_override() for d in self.entities] + [m.override for m in self.mentions])

    # ---- storage ------------------------------------------------------------------------------
    def to_json(self) -> dict:
        def entity(d: EntityDecision) -> dict:
            row = asdict(d)
            row["action"] = d.action.value if d.action else None
            return row

        def mention(m: MentionDecision) -> dict:
            row = asdict(m.override)
            row["action"] = m.override.action.value if m.override.action else None
            return {"document_id": m.document_id, **row}

        return {"case_id": self.case_id, "entities": [entity(d) for d in self.entities],
                "mentions": [mention(m) for m in self.mentions]}

    def save(self, path: Path) -> None:
        write_atomic(Path(path), json.dumps(self.to_json(), indent=1) + "\n")

    @classmethod
    def load(cls, path: Path) -> "CaseDecisions":
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entities = tuple(EntityDecision(**{**d, "action": Action(d["action"]) if d.get("action") else None})
                             for d in data.get("entities", []))
            mentions = []
            for row in data.get("mentions", []):
                row = dict(row)
                document_id = row.pop("document_id")
                row["action"] = Action(row["action"]) if row.get("action") else None
                mentions.append(MentionDecision(document_id, Override(**row)))
            return cls(str(data["case_id"]), entities, tuple(mentions))
        except FileNotFoundError:
            raise ConfigError(f"{path}: file not found") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}: not a case decisions file ({exc.__class__.__name__})") from None


@dataclass(frozen=True)
class CaseReviewed:
    plan: CasePlan  # the plans after the decisions
    documents: tuple[Reviewed, ...]  # per document: items, statuses, what stayed unmatched

    @property
    def undecided(self) -> int:
        return sum(len(r.undecided) for r in self.documents)

    @property
    def unmatched_entities(self) -> tuple[str, ...]:
        """Entity decisions that match no mention in any document (the case changed)."""
        per_document = [{o.entity_id for o in r.unmatched if o.scope == "entity"} for r in self.documents]
        return tuple(sorted(set.intersection(*per_document))) if per_document else ()


def case_retypes(case: CasePlan, overrides) -> dict[tuple[str, str], str]:
    """(entity id, new type) → one case-wide id for every entity a reviewer moved to another type,
    after the highest id of that type in the case (in the order the decisions were made), so an
    entity retyped in two documents has one tag and never takes another entity's."""
    highest: dict[str, int] = {}
    for e in case.entities:
        kind, _, number = e.id.rpartition("-")
        if number.isdigit():
            highest[kind] = max(highest.get(kind, 0), int(number))
    first: dict[tuple[str, str], tuple] = {}
    for ov in overrides:
        if ov.verdict in ("change", "add") and ov.entity_type and ov.entity_type != ov.entity_id.rpartition("-")[0]:
            pair = (ov.entity_id, ov.entity_type)
            first[pair] = min(first.get(pair, (ov.updated_at, ov.entity_id)), (ov.updated_at, ov.entity_id))
    out = {}
    for pair in sorted(first, key=lambda p: (p[1], first[p])):
        highest[pair[1]] = highest.get(pair[1], 0) + 1
        out[pair] = f"{pair[1]}-{highest[pair[1]]}"
    return out


def settle(case: CasePlan, index: int, loaded: LoadedPolicy) -> Callable[[Reviewed], Reviewed]:
    """What makes one document's review part of its case: replacements stable across the case."""
    doc = case.documents[index].document
    secret = policy_secret(loaded)

    def stable(result: Reviewed) -> Reviewed:
        return replace(result, plan=stabilise(doc, result.plan, case.case_id, secret, case.names))
    return stable


def apply_case_decisions(case: CasePlan, decisions: CaseDecisions, loaded: LoadedPolicy) -> CaseReviewed:
    """Every document's plan with the case's decisions applied; the replacements stay the same for
    one entity across the case. Decisions made for another case (other documents) are refused."""
    if decisions.case_id != case.case_id:
        raise ConfigError("the decisions were made for another case (its documents differ)")
    retype = decisions.retypes(case)
    reviewed = []
    for doc, plan in zip(case.documents, case.plans):
        result = apply_overrides(doc.document, plan, decisions.for_document(doc.document.id), loaded, retype)
        reviewed.append(settle(case, doc.index, loaded)(result))
    return CaseReviewed(replace(case, plans=tuple(r.plan for r in reviewed)), tuple(reviewed))
