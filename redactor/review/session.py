"""A reviewer's work on one document under one policy: every state transition the app offers, each
written to the store with its audit events in one transaction. No Streamlit here."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from redactor.errors import RedactorError
from redactor.model import Action, Decision, Document, RedactionPlan
from redactor.policy.load import LoadedPolicy
from redactor.policy.schema import ENTITY_TYPES
from redactor.review.apply import ReviewItem, Reviewed, apply_overrides
from redactor.review.records import AuditEvent, MentionKey, Override, SignOff, utc_now
from redactor.review.store import ReviewStore


class ReviewError(RedactorError):
    """A review action that cannot be done as asked (one line, never the document text)."""


class SignOffRequired(ReviewError):
    """Export before sign-off, or sign-off with findings still undecided."""


def describe(decision: Decision | None) -> str:
    """A decision for the audit trail, without any text: "PERSON-3 PERSON tag"."""
    if decision is None:
        return "none"
    f = decision.finding
    return f"{f.entity_id} {f.entity_type} {decision.action.value}"


def plan_digest(plan: RedactionPlan) -> str:
    """What a sign-off binds to: the decisions, not the (possibly per-process) pseudonyms."""
    rows = [[d.finding.start, d.finding.end, d.finding.entity_type, d.finding.entity_id, d.action.value,
             d.rule_id, d.origin] for d in plan.decisions]
    payload = json.dumps([plan.document_id, plan.policy_id, plan.policy_sha256, rows], separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    """One difference between the reviewed plan and the policy's proposal (for QC)."""

    item: ReviewItem
    before: str
    after: str
    reviewer: str
    note: str


class ReviewSession:
    def __init__(self, store: ReviewStore, document: Document, loaded: LoadedPolicy,
                 proposed: RedactionPlan, reviewer: str, session_id: str | None = None):
        if not reviewer.strip():
            raise ReviewError("enter your name first: every decision is recorded with it")
        self.store = store
        self.document = document
        self.loaded = loaded
        self.proposed = proposed
        self.reviewer = reviewer.strip()
        self.session_id = session_id

    # ---- reading ---------------------------------------------------------------------------------
    def reviewed(self) -> Reviewed:
        return apply_overrides(self.document, self.proposed, self.store.overrides(self.document.id),
                               self.loaded)

    def signoff(self, reviewed: Reviewed | None = None) -> SignOff | None:
        """The sign-off that still holds for the current decisions under this policy, if any."""
        record = self.store.signoff(self.document.id, self.loaded.sha256)
        if record is None:
            return None
        reviewed = reviewed or self.reviewed()
        return record if record.plan_sha256 == plan_digest(reviewed.plan) else None

    def changes(self, reviewed: Reviewed | None = None) -> list[Change]:
        """What the reviewers changed against the policy's proposal, in document order."""
        reviewed = reviewed or self.reviewed()
        out = []
        for item in reviewed.items:
            if item.changed:
                ov = item.override
                out.append(Change(item, describe(item.proposed), describe(item.decision),
                                  ov.reviewer if ov else "", ov.note if ov else ""))
        return out

    # ---- deciding --------------------------------------------------------------------------------
    def _event(self, kind: str, scope: str, item: ReviewItem | None, before: str, after: str,
               note: str = "") -> AuditEvent:
        f = item.decision.finding if item else None
        return AuditEvent(
            at=utc_now(), reviewer=self.reviewer, document_id=self.document.id, policy_id=self.loaded.id,
            kind=kind, scope=scope, start=item.key.start if item else None, end=item.key.end if item else None,
            entity_type=(item.proposed.finding.entity_type if item and item.proposed else
                         (f.entity_type if f else None)),
            entity_id=item.key.entity_id if item else None, before=before, after=after, note=note,
            session_id=self.session_id)

    def _check(self, verdict: str, entity_type: str | None, action: Action | str | None) -> Action | None:
        if verdict not in ("accept", "reject", "change"):
            raise ReviewError(f"unknown decision '{verdict}' (expected accept, reject or change)")
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

    def _preview(self, overrides: list[Override], drop: list[Override]) -> Reviewed:
        """The review as it will be once these overrides are written."""
        current = {o.key: o for o in self.store.overrides(self.document.id)}
        for o in drop:
            current.pop(o.key, None)
        for o in overrides:
            current[o.key] = o
        return apply_overrides(self.document, self.proposed, list(current.values()), self.loaded)

    def _write(self, before: Reviewed, put: list[Override], drop: list[Override], keys: list[MentionKey],
               scope: str, note: str, kind: str = "decision") -> Reviewed:
        after = self._preview(put, drop)
        events = []
        for key in keys:
            old, new = before.item(key), after.item(key)
            if new is None:
                continue
            events.append(self._event(kind, scope, new, f"{old.status}: {describe(old.decision)}" if old
                                      else "none", f"{new.status}: {describe(new.decision)}", note))
        self.store.record(self.document.id, put=put, delete=drop, events=events)
        return after

    def decide_mention(self, key: MentionKey, verdict: str, entity_type: str | None = None,
                       action: Action | str | None = None, note: str = "") -> Reviewed:
        action = self._check(verdict, entity_type, action)
        before = self.reviewed()
        item = before.item(key)
        if item is None:
            raise ReviewError("that finding is not in this document's review any more")
        if verdict == "accept":  # what was accepted, so a different later proposal is not
            entity_type, action = None, item.proposed.action if item.proposed else None
        ov = Override("mention", key.start, key.end, key.entity_id, verdict, entity_type, action,
                      reviewer=self.reviewer, note=note, updated_at=utc_now())
        return self._write(before, [ov], [], [key], "mention", note)

    def decide_entity(self, entity_id: str, verdict: str, entity_type: str | None = None,
                      action: Action | str | None = None, note: str = "") -> Reviewed:
        """One decision for every mention of the entity; mention-level decisions on it are replaced."""
        action = self._check(verdict, entity_type, action)
        before = self.reviewed()
        mentions = before.mentions(entity_id)
        if not mentions:
            raise ReviewError(f"no finding of entity {entity_id} in this document")
        if verdict == "accept":
            proposed = {m.proposed.action for m in mentions if m.proposed}
            entity_type, action = None, proposed.pop() if len(proposed) == 1 else None
        ov = Override("entity", -1, -1, entity_id, verdict, entity_type, action, reviewer=self.reviewer,
                      note=note, updated_at=utc_now())
        drop = [Override("mention", m.key.start, m.key.end, entity_id, "accept") for m in mentions]
        return self._write(before, [ov], drop, [m.key for m in mentions], "entity", note)

    def decide_type(self, entity_type: str, verdict: str, note: str = "") -> Reviewed:
        """Bulk: accept (or reject) every still-undecided mention of one entity type."""
        self._check(verdict, None, None)
        if verdict == "change":
            raise ReviewError("bulk decisions are accept or reject")
        before = self.reviewed()
        targets = [i for i in before.undecided
                   if i.proposed is not None and i.proposed.finding.entity_type == entity_type]
        if not targets:
            return before
        put = [Override("mention", i.key.start, i.key.end, i.key.entity_id, verdict,
                        action=i.proposed.action if verdict == "accept" else None, reviewer=self.reviewer,
                        note=note, updated_at=utc_now()) for i in targets]
        return self._write(before, put, [], [i.key for i in targets], "type", note)

    def add_manual(self, text: str, entity_type: str = "PERSON", action: Action | str | None = None,
                   all_occurrences: bool = True, occurrence: int = 0, note: str = "") -> tuple[str, Reviewed]:
        """Redact text the detector missed. It is looked up in the document (any case and spacing);
        only the offsets of the chosen occurrence are stored, never the text."""
        action = self._check("change", entity_type, action) if action is not None else None
        if entity_type not in ENTITY_TYPES:
            raise ReviewError(f"unknown entity type '{entity_type}'")
        words = text.split()
        if not words:
            raise ReviewError("type the text to redact")
        rx = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)
        found = list(rx.finditer(self.document.text))
        if not found:
            raise ReviewError("that text does not occur in this document")
        if not 0 <= occurrence < len(found):
            raise ReviewError(f"that text occurs {len(found)} time(s); choose an occurrence from 1 to {len(found)}")
        match = found[occurrence]
        taken = [o.entity_id for o in self.store.overrides(self.document.id) if o.scope == "manual"]
        number = 1 + max((int(e.rpartition("-M")[2]) for e in taken if e.rpartition("-M")[2].isdigit()),
                         default=0)
        entity_id = f"{entity_type}-M{number}"
        ov = Override("manual", match.start(), match.end(), entity_id, "add", entity_type, action,
                      all_occurrences, reviewer=self.reviewer, note=note, updated_at=utc_now())
        after = self._preview([ov], [])
        keys = [i.key for i in after.mentions(entity_id)]
        events = [self._event("manual-add", "manual", after.item(k), "none",
                              f"added: {describe(after.item(k).decision)}", note) for k in keys]
        self.store.record(self.document.id, put=[ov], events=events)
        return entity_id, after

    def remove_manual(self, entity_id: str, note: str = "") -> Reviewed:
        before = self.reviewed()
        rows = [o for o in self.store.overrides(self.document.id)
                if o.entity_id == entity_id and o.scope in ("manual", "mention", "entity")]
        if not any(o.scope == "manual" for o in rows):
            raise ReviewError(f"{entity_id} is not a manual redaction")
        events = [self._event("manual-remove", "manual", i, f"added: {describe(i.decision)}", "none", note)
                  for i in before.mentions(entity_id)]
        self.store.record(self.document.id, delete=rows, events=events)
        return self.reviewed()

    # ---- sign-off and export ---------------------------------------------------------------------
    def sign_off(self, accept_rest: bool = False, note: str = "") -> SignOff:
        """Sign the document off: every finding decided, or the rest explicitly accepted as proposed."""
        before = self.reviewed()
        rest = before.undecided
        if rest and not accept_rest:
            raise SignOffRequired(f"{len(rest)} of {before.total} findings are still undecided: decide them "
                                  "or accept the rest as proposed")
        put = [Override("mention", i.key.start, i.key.end, i.key.entity_id, "accept",
                        action=i.proposed.action if i.proposed else None, reviewer=self.reviewer,
                        note="accepted as proposed at sign-off", updated_at=utc_now()) for i in rest]
        after = self._preview(put, []) if put else before
        events = [self._event("decision", "sign-off", after.item(i.key), f"undecided: {describe(i.decision)}",
                              f"accepted: {describe(i.decision)}", "accepted as proposed at sign-off")
                  for i in rest]
        record = SignOff(self.document.id, self.loaded.id, self.loaded.sha256, plan_digest(after.plan),
                         self.reviewer, utc_now(), bool(rest))
        events.append(self._event("sign-off", "document", None, f"{before.decided} of {before.total} decided",
                                  f"signed off ({after.total} findings)", note))
        self.store.sign_off(record, put, events)
        return record

    def record_export(self, what: str) -> None:
        self.store.append_audit([self._event("export", "document", None, "", what)])



def open_document(store: ReviewStore, document: Document, reviewer: str, session_id: str | None,
                  default_policy: str, original: bytes | None = None) -> str:
    """Put a document in the store (once per content hash), note that this reviewer opened it, and
    return the policy to review it under: the one chosen for it last, else the default."""
    store.put_document(document, reviewer, original if document.kind != "text" else None)
    policy_id = store.document_policy(document.id)
    event = AuditEvent(at=utc_now(), reviewer=reviewer, document_id=document.id,
                       policy_id=policy_id or default_policy, kind="open", scope="document",
                       session_id=session_id)
    if policy_id is None:
        policy_id = default_policy
        store.set_document_policy(document.id, policy_id, event)
    else:
        store.append_audit([event])
    if session_id:
        store.touch_session(session_id, document.id, policy_id)
    return policy_id


def switch_policy(store: ReviewStore, document_id: str, reviewer: str, session_id: str | None,
                  policy_id: str) -> None:
    """Review the document under another policy; human decisions stay (they key on the span)."""
    previous = store.document_policy(document_id)
    if previous == policy_id:
        return
    store.set_document_policy(document_id, policy_id, AuditEvent(
        at=utc_now(), reviewer=reviewer, document_id=document_id, policy_id=policy_id, kind="policy",
        scope="document", before=previous or "none", after=policy_id, session_id=session_id))
    if session_id:
        store.touch_session(session_id, document_id, policy_id)
