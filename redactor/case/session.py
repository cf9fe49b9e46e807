"""A reviewer's work on a case: every document of it under one identity graph, decided once per case
entity for every document, document by document where it differs, and signed off as a whole.
No Streamlit here: the app's case screens (redactor.ui.case) call these.

Where the decisions live: the review store's `case_overrides`, keyed by the case id. The case's
entity decisions have document id "" and apply in every document; a document's own decisions (a
mention, its own entity decision, a manual addition) have its id and win there. Each document is
reviewed as `apply_case_decisions` reviews it (its own `Reviewed`, replacements stable across the
case), through a `ReviewSession` scoped to the case, so everything a document can do alone (undo,
search and mask, bulk by type) it does in a case too, audited with the case id. The case's own
entity ids are never mixed with a document's stand-alone review of itself."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable, Sequence

from redactor.case.model import CaseDocument, CasePlan
from redactor.case.plan import case_id as case_id_of
from redactor.case.plan import plan_case
from redactor.case.profile import CaseProfile
from redactor.case.review import CaseDecisions, EntityDecision, MentionDecision, case_retypes, settle
from redactor.model import Action, Document, Finding
from redactor.policy.load import LoadedPolicy
from redactor.policy.schema import ENTITY_TYPES
from redactor.review.apply import ReviewItem, Reviewed
from redactor.review.records import AuditEvent, CaseSignOff, Override, StoredCase, utc_now
from redactor.review.session import (CaseScope, ReviewError, ReviewSession, SignOffRequired, SwitchEffect, describe,
                                     plan_digest, policy_switch_effect, translate_verdict)
from redactor.review.signoff import CaseConcern, case_second_look
from redactor.review.store import ReviewStore

CASE_WIDE = ""  # the document id of the case's own entity decisions


# ---- opening ------------------------------------------------------------------------------------
def open_case(store: ReviewStore, name: str, documents: Sequence[tuple[str, Document, bytes | None]],
              reviewer: str, session_id: str | None, default_policy: str,
              profile: CaseProfile | None = None) -> tuple[str, str]:
    """Put a case in the store: each document as a document is stored (once per content hash; a
    PDF's, scan's or DOCX's original bytes with it), the case by its documents' hashes, with its
    profile. Returns the case id and the policy to review it under (its last, else the default)."""
    if not documents:
        raise ReviewError("a case needs at least one document")
    ids = [doc.id for _, doc, _ in documents]
    if len(set(ids)) != len(ids):
        raise ReviewError("two files of the case have the same content; remove one")
    rels = [rel for rel, _, _ in documents]
    if len(set(rels)) != len(rels):
        raise ReviewError("two files of the case have the same name; put the case in a folder")
    ordered = sorted(documents, key=lambda d: d[0])
    for _, doc, original in ordered:
        store.put_document(doc, reviewer, original if doc.kind != "text" else None)
    case_id = case_id_of([CaseDocument(i, rel, doc, ()) for i, (rel, doc, _) in enumerate(ordered)])
    store.put_case(case_id, name, [(rel, doc.id) for rel, doc, _ in ordered], reviewer,
                   profile.model_dump_json() if profile is not None else None)
    stored = store.get_case(case_id)
    policy_id = stored.policy_id or default_policy
    event = AuditEvent(at=utc_now(), reviewer=reviewer, document_id=CASE_WIDE, policy_id=policy_id, kind="open",
                       scope="case", after=f"{len(ordered)} documents", session_id=session_id, case_id=case_id)
    if stored.policy_id is None:
        store.set_case_policy(case_id, policy_id, event)
    else:
        store.append_audit([event])
    if session_id:
        store.touch_session(session_id, None, policy_id, case_id)
    return case_id, policy_id


def reopen_case(store: ReviewStore, case_id: str, reviewer: str, session_id: str | None, default_policy: str) -> str:
    """A case from the store opened again (its documents and profile are there): the policy to
    review it under."""
    stored = store.get_case(case_id)
    policy_id = stored.policy_id or default_policy
    store.append_audit([AuditEvent(at=utc_now(), reviewer=reviewer, document_id=CASE_WIDE, policy_id=policy_id,
                                   kind="open", scope="case", after=f"{stored.size} documents",
                                   session_id=session_id, case_id=case_id)])
    if session_id:
        store.touch_session(session_id, None, policy_id, case_id)
    return policy_id


def switch_case_policy(store: ReviewStore, case_id: str, reviewer: str, session_id: str | None,
                       policy_id: str) -> None:
    """Review the case under another policy; the decisions stay (they key on the case's entities)."""
    previous = store.get_case(case_id).policy_id
    if previous == policy_id:
        return
    store.set_case_policy(case_id, policy_id, AuditEvent(
        at=utc_now(), reviewer=reviewer, document_id=CASE_WIDE, policy_id=policy_id, kind="policy", scope="case",
        before=previous or "none", after=policy_id, session_id=session_id, case_id=case_id))
    if session_id:
        store.touch_session(session_id, None, policy_id, case_id)


def stored_profile(store: ReviewStore, case_id: str) -> CaseProfile | None:
    payload = store.case_profile(case_id)
    return CaseProfile.model_validate_json(payload) if payload else None


def load_case(store: ReviewStore, case_id: str, loaded: LoadedPolicy,
              findings_of: Callable[[str], Sequence[Finding]]) -> CasePlan:
    """The stored case planned under a policy: each document's own detection (`findings_of`, which
    the app caches per document hash), linked into one identity graph."""
    stored = store.get_case(case_id)
    documents = [CaseDocument(i, rel, store.get_document(doc_id), tuple(findings_of(doc_id)))
                 for i, (rel, doc_id) in enumerate(stored.documents)]
    return plan_case(documents, loaded, stored_profile(store, case_id))


# ---- what the screens show ------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseEntityRow:
    """One case entity as the entity panel shows it: counts across every document, no text."""

    entity_id: str
    entity_type: str
    role: str | None
    first: tuple[int, int, int] | None  # (document index, start, end) of its first mention
    documents: int
    mentions: int
    undecided: int
    masked: int
    kept: int
    decision: Override | None  # the case-wide decision, if one was made
    own: int  # mentions decided otherwise in their own document
    flags: tuple[str, ...]
    actions: str

    @property
    def decided(self) -> int:
        return self.mentions - self.undecided


@dataclass(frozen=True)
class CaseReview:
    """A case's review at one moment: per document its `Reviewed`, in case order."""

    case: CasePlan
    documents: tuple[Reviewed, ...]
    rows: dict  # document id → its own decisions ("" → the case's)

    @property
    def decided_documents(self) -> int:
        return sum(not r.undecided for r in self.documents)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.documents)

    @property
    def decided(self) -> int:
        return sum(r.decided for r in self.documents)

    @cached_property
    def _mentions(self) -> dict[str, list[tuple[int, ReviewItem]]]:
        out: dict[str, list[tuple[int, ReviewItem]]] = defaultdict(list)
        for index, reviewed in enumerate(self.documents):
            for item in reviewed.items:
                if item.proposed is not None:  # a manual addition's id belongs to its document
                    out[item.key.entity_id].append((index, item))
        return out

    def mentions(self, entity_id: str) -> list[tuple[int, ReviewItem]]:
        return list(self._mentions.get(entity_id, ()))

    def plan(self) -> CasePlan:
        """The case plan as reviewed: what the export writes."""
        return replace(self.case, plans=tuple(r.plan for r in self.documents))

    def digest(self) -> str:
        """What a case sign-off binds to: every document's decisions under the policy."""
        payload = json.dumps([self.case.case_id, self.case.policy_sha256,
                              [plan_digest(r.plan) for r in self.documents]], separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()


class CaseSession:
    def __init__(self, store: ReviewStore, stored: StoredCase, case: CasePlan, loaded: LoadedPolicy,
                 reviewer: str, session_id: str | None = None):
        if not reviewer.strip():
            raise ReviewError("enter your name first: every decision is recorded with it")
        if case.case_id != stored.id:
            raise ReviewError("the case's documents differ from the stored case")
        self.store = store
        self.stored = stored
        self.case = case
        self.loaded = loaded
        self.reviewer = reviewer.strip()
        self.session_id = session_id
        self._shared = None  # (rows, inherited, retype) for the rows read last

    @property
    def case_id(self) -> str:
        return self.case.case_id

    # ---- reading ---------------------------------------------------------------------------------
    def rows(self) -> dict[str, list[Override]]:
        return self.store.case_overrides(self.case_id)

    def decisions(self, rows: dict | None = None) -> CaseDecisions:
        """The stored decisions in the case layer's own terms (what `redactor case --decisions` reads)."""
        rows = self.rows() if rows is None else rows
        return CaseDecisions(self.case_id, tuple(EntityDecision.from_override(o) for o in rows.get(CASE_WIDE, [])),
                             tuple(MentionDecision(doc_id, o) for doc_id, own in sorted(rows.items()) if doc_id
                                   for o in own))

    def _scope(self, index: int, rows: dict) -> CaseScope:
        if self._shared is None or self._shared[0] is not rows:
            every = [o for own in rows.values() for o in own]
            self._shared = (rows, tuple(rows.get(CASE_WIDE, [])), tuple(sorted(case_retypes(self.case, every).items())))
        _, inherited, retype = self._shared
        return CaseScope(self.case_id, inherited, settle(self.case, index, self.loaded), retype, self._manual_ids)

    def _manual_ids(self) -> list[str]:
        return [o.entity_id for own in self.rows().values() for o in own if o.scope == "manual"]

    def document_session(self, index: int, rows: dict | None = None) -> ReviewSession:
        """The review of one document of the case, as a document is reviewed alone, in the case."""
        rows = self.rows() if rows is None else rows
        doc = self.case.documents[index]
        return ReviewSession(self.store, doc.document, self.loaded, self.case.plans[index], self.reviewer,
                             self.session_id, self._scope(index, rows))

    def reviewed(self, rows: dict | None = None) -> CaseReview:
        rows = self.rows() if rows is None else rows
        documents = tuple(self.document_session(d.index, rows).review_with(rows.get(d.document.id, []))
                          for d in self.case.documents)
        return CaseReview(self.case, documents, rows)

    def entity_rows(self, review: CaseReview) -> list[CaseEntityRow]:
        """Every case entity with a mention under this policy, in the case's own order (people
        first, then by number)."""
        case_wide = {o.entity_id: o for o in review.rows.get(CASE_WIDE, [])}
        own_keys = {doc_id: {(o.start, o.end, o.entity_id) for o in own if o.scope == "mention"}
                    | {("entity", o.entity_id) for o in own if o.scope == "entity"}
                    for doc_id, own in review.rows.items() if doc_id}
        out = []
        for entity in self.case.entities:
            mentions = review.mentions(entity.id)
            if not mentions:
                continue
            actions = Counter(item.decision.action.value for _, item in mentions)
            own = 0
            for index, item in mentions:
                keys = own_keys.get(self.case.documents[index].document.id, set())
                own += (item.key.start, item.key.end, item.key.entity_id) in keys or ("entity", entity.id) in keys
            index, first = mentions[0]
            masked = sum(item.masks for _, item in mentions)
            out.append(CaseEntityRow(
                entity.id, entity.entity_type, entity.role, (index, first.key.start, first.key.end),
                len({i for i, _ in mentions}), len(mentions), sum(not item.decided for _, item in mentions),
                masked, len(mentions) - masked, case_wide.get(entity.id), own, entity.flags,
                ", ".join(f"{a} ×{n}" for a, n in sorted(actions.items()))))
        return out

    def policy_switch_effect(self, review: CaseReview, new_case: CasePlan, new_loaded: LoadedPolicy) -> SwitchEffect:
        """What switching the case to another policy does to its decisions, summed over its documents."""
        decided = carried = 0
        for doc, reviewed in zip(self.case.documents, review.documents):
            overrides = review.rows.get(CASE_WIDE, []) + review.rows.get(doc.document.id, [])
            effect = policy_switch_effect(reviewed, doc.document, new_case.plans[doc.index], new_loaded, overrides)
            decided, carried = decided + effect.decided, carried + effect.carried
        return SwitchEffect(decided, carried, decided - carried)

    # ---- deciding --------------------------------------------------------------------------------
    def _event(self, index: int | None, item: ReviewItem | None, kind: str, scope: str, before: str, after: str,
               note: str = "") -> AuditEvent:
        f = item.decision.finding if item else None
        return AuditEvent(
            at=utc_now(), reviewer=self.reviewer,
            document_id=self.case.documents[index].document.id if index is not None else CASE_WIDE,
            policy_id=self.loaded.id, kind=kind, scope=scope, start=item.key.start if item else None,
            end=item.key.end if item else None,
            entity_type=(item.proposed.finding.entity_type if item and item.proposed else (f.entity_type if f else None)),
            entity_id=item.key.entity_id if item else None, before=before, after=after, note=note,
            session_id=self.session_id, proposed=describe(item.proposed) if item and item.proposed else "",
            case_id=self.case_id)

    def _write(self, before: CaseReview, put: list[Override], drop: list[Override], entity_ids: set[str],
               note: str, label: str) -> CaseReview:
        """Case-wide decisions written with one audit event per mention they change, in every document."""
        rows = {k: list(v) for k, v in before.rows.items()}
        keys = {o.key for o in put} | {o.key for o in drop}
        rows[CASE_WIDE] = [o for o in rows.get(CASE_WIDE, []) if o.key not in keys] + put
        after = self.reviewed(rows)
        events = []
        for entity_id in sorted(entity_ids):
            for (index, old), (_, new) in zip(before.mentions(entity_id), after.mentions(entity_id)):
                old_state, new_state = f"{old.status}: {describe(old.decision)}", f"{new.status}: {describe(new.decision)}"
                if old_state != new_state:
                    events.append(self._event(index, new, "decision", "case", old_state, new_state, note or label))
        self.store.record_case(self.case_id, put=[(CASE_WIDE, o) for o in put], delete=[(CASE_WIDE, o) for o in drop],
                               events=events)
        return after

    def _check(self, verdict: str, entity_type: str | None, action) -> Action | None:
        if verdict not in ("accept", "reject", "change", "mask", "keep"):
            raise ReviewError(f"unknown decision '{verdict}' (expected mask, keep, accept, reject or change)")
        if entity_type is not None and entity_type not in ENTITY_TYPES:
            raise ReviewError(f"unknown entity type '{entity_type}'")
        if action is not None and not isinstance(action, Action):
            try:
                action = Action(action)
            except ValueError:
                raise ReviewError(f"unknown action '{action}'") from None
        if verdict == "change" and entity_type is None and action is None:
            raise ReviewError("a change needs a new entity type or a new action")
        return action

    def _entity_decision(self, before: CaseReview, entity_id: str, verdict: str, entity_type: str | None,
                         action: Action | None, note: str, bulk: bool = False) -> Override:
        mentions = before.mentions(entity_id)
        if not mentions:
            raise ReviewError(f"no finding of {entity_id} in this case")
        proposals = [item.proposed for _, item in mentions]
        verdict, action = translate_verdict(self.loaded, verdict, proposals, mentions[0][1].proposed.finding.entity_type,
                                            action)
        if verdict == "accept":
            proposed = {p.action for p in proposals if p is not None}
            entity_type, action = None, proposed.pop() if len(proposed) == 1 else None
        return Override("entity", -1, -1, entity_id, verdict, entity_type, action, reviewer=self.reviewer, note=note,
                        updated_at=utc_now(), bulk=bulk)

    def decide_entity(self, entity_id: str, verdict: str, entity_type: str | None = None,
                      action: Action | str | None = None, note: str = "") -> CaseReview:
        """One decision for every mention of a case entity in every document. A document's own
        decision on a mention (or on the entity in that document) still wins there."""
        action = self._check(verdict, entity_type, action)
        before = self.reviewed()
        ov = self._entity_decision(before, entity_id, verdict, entity_type, action, note)
        return self._write(before, [ov], [], {entity_id}, note, f"{ov.verdict} {entity_id} in every document")

    def reset_entity(self, entity_id: str, note: str = "") -> CaseReview:
        """Take back the case-wide decision on an entity (documents' own decisions stay)."""
        before = self.reviewed()
        drop = [o for o in before.rows.get(CASE_WIDE, []) if o.entity_id == entity_id]
        if not drop:
            return before
        return self._write(before, [], drop, {entity_id}, note, f"undecided {entity_id} in every document")

    def decide_type(self, entity_type: str, verdict: str, note: str = "") -> CaseReview:
        """Bulk: take the proposal for (or keep visible) every entity of one type that still has an
        undecided mention anywhere in the case and no case-wide decision."""
        if verdict not in ("accept", "reject"):
            raise ReviewError("bulk decisions are accept or reject")
        before = self.reviewed()
        decided = {o.entity_id for o in before.rows.get(CASE_WIDE, [])}
        targets = sorted({item.key.entity_id for r in before.documents for item in r.undecided
                          if item.proposed is not None and item.proposed.finding.entity_type == entity_type
                          and item.key.entity_id not in decided})
        if not targets:
            return before
        put = [self._entity_decision(before, entity_id, verdict, None, None, note, bulk=True) for entity_id in targets]
        return self._write(before, put, [], set(targets), note, f"{verdict} every undecided {entity_type}")

    # ---- sign-off and export ---------------------------------------------------------------------
    def second_look(self, review: CaseReview | None = None) -> list[CaseConcern]:
        return case_second_look((review or self.reviewed()).documents)

    def signoff(self, review: CaseReview | None = None) -> CaseSignOff | None:
        """The case sign-off that still holds for the current decisions under this policy, if any."""
        record = self.store.case_signoff(self.case_id, self.loaded.sha256)
        if record is None:
            return None
        return record if record.plan_sha256 == (review or self.reviewed()).digest() else None

    def sign_off(self, note: str = "", acknowledged=()) -> CaseSignOff:
        """Sign the case off: every finding of every document decided, and every group of the second
        look (across the case) acknowledged; each tick is in the audit trail."""
        review = self.reviewed()
        count = len(review.documents)
        if review.decided_documents < count:
            raise SignOffRequired(f"{review.decided_documents} of {count} documents decided: decide every finding "
                                  f"of every document first ({review.total - review.decided} undecided)")
        concerns = self.second_look(review)
        missing = [c for c in concerns if c.id not in set(acknowledged)]
        if missing:
            raise SignOffRequired("look again before signing: " + "; ".join(
                f"{c.title} ({len(c.items)})" for c in missing) + " — tick each group to confirm")
        record = CaseSignOff(self.case_id, self.loaded.id, self.loaded.sha256, review.digest(), self.reviewer, utc_now())
        events = [self._event(None, None, "sign-off-check", "case", c.summary(), "acknowledged", note) for c in concerns]
        events.append(self._event(None, None, "sign-off", "case", f"{count} of {count} documents decided",
                                  f"signed off ({review.total} findings in {count} documents)", note))
        self.store.sign_off_case(record, events)
        return record

    def record_export(self, what: str) -> None:
        self.store.append_audit([self._event(None, None, "export", "case", "", what)])
