"""A reviewer's work on one document under one policy: every state transition the app offers, each
written to the store with its audit events in one transaction. No Streamlit here."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Sequence

from redactor.errors import RedactorError
from redactor.model import Action, Decision, Document, RedactionPlan
from redactor.policy.load import LoadedPolicy
from redactor.policy.schema import ENTITY_TYPES
from redactor.review.apply import ReviewItem, Reviewed, apply_overrides, mask_action, phrase_pattern
from redactor.review.records import AuditEvent, JournalEntry, MentionKey, Override, SignOff, utc_now
from redactor.review.signoff import Concern, second_look
from redactor.review.store import ReviewStore

# what a reviewer can say about a finding: the stored verdicts, and "mask" / "keep" in the
# reviewer's words (whatever the policy proposed), which become one of them
VERDICTS = ("accept", "reject", "change", "mask", "keep")


# the last few reviews computed (per document, policy, proposal and override set), shared by the
# sessions of one process; the proposal is kept with each so that a recycled id cannot match
_REVIEWED: OrderedDict = OrderedDict()
_REVIEWED_LOCK = threading.Lock()
_REVIEWED_KEEP = 64  # a case's documents each have their own entry


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


@dataclass(frozen=True)
class CaseScope:
    """A document reviewed as part of a case (built by `redactor.case.session`): its decisions are
    kept under the case id, the case's entity decisions lie beneath its own (its own win), and
    `settle` makes the replacements the same for one entity across the case."""

    case_id: str
    inherited: tuple[Override, ...] = ()  # the case's entity decisions
    settle: Callable[[Reviewed], Reviewed] | None = None
    retype: tuple[tuple[tuple[str, str], str], ...] = ()  # (entity id, new type) → case-wide id
    manual_taken: Callable[[], Sequence[str]] | None = None  # manual ids taken anywhere in the case


class ReviewSession:
    def __init__(self, store: ReviewStore, document: Document, loaded: LoadedPolicy,
                 proposed: RedactionPlan, reviewer: str, session_id: str | None = None,
                 case: CaseScope | None = None):
        if not reviewer.strip():
            raise ReviewError("enter your name first: every decision is recorded with it")
        self.store = store
        self.document = document
        self.loaded = loaded
        self.proposed = proposed
        self.reviewer = reviewer.strip()
        self.session_id = session_id
        self.case = case
        self.case_id = case.case_id if case else None

    # ---- reading ---------------------------------------------------------------------------------
    def reviewed(self) -> Reviewed:
        return self._apply(self.own_overrides())

    def own_overrides(self) -> list[Override]:
        """This document's own decisions (in a case: those made on it within the case)."""
        return self.store.overrides(self.document.id, self.case_id)

    def review_with(self, overrides: Sequence[Override]) -> Reviewed:
        """The review with these as the document's own decisions (read once for a whole case)."""
        return self._apply(overrides)

    def from_case(self, item: ReviewItem) -> bool:
        """Decided by a decision on the case entity (made in the case's entity panel)."""
        return self.case is not None and item.override is not None and item.override in self.case.inherited

    def audit(self) -> list[AuditEvent]:
        return self.store.audit(self.document.id, self.case_id)

    def _apply(self, overrides) -> Reviewed:
        """apply_overrides, remembered for the last few override sets: a decision computes the
        review as it will be, and the run that follows reads the same set back from the store."""
        canonical = tuple(sorted(overrides, key=lambda o: o.key))
        case = self.case
        scope = (case.case_id, case.inherited, case.retype) if case else None
        key = (self.document.id, self.loaded.sha256, id(self.proposed), scope, canonical)
        with _REVIEWED_LOCK:
            hit = _REVIEWED.get(key)
            if hit is not None and hit[0] is self.proposed:
                _REVIEWED.move_to_end(key)
                return hit[1]
        if case is None:
            result = apply_overrides(self.document, self.proposed, list(canonical), self.loaded)
        else:
            # the case's entity decisions first: the document's own entity decision wins over them
            result = apply_overrides(self.document, self.proposed, list(case.inherited) + list(canonical),
                                     self.loaded, retype=dict(case.retype))
            if case.settle is not None:
                result = case.settle(result)
        with _REVIEWED_LOCK:
            _REVIEWED[key] = (self.proposed, result)
            while len(_REVIEWED) > _REVIEWED_KEEP:
                _REVIEWED.popitem(last=False)
        return result

    def signoff(self, reviewed: Reviewed | None = None) -> SignOff | None:
        """The sign-off that still holds for the current decisions under this policy, if any (a
        document of a case is signed off with its case, never alone)."""
        if self.case is not None:
            return None
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
            session_id=self.session_id,
            proposed=(describe(item.proposed) if item.proposed else "manual addition") if item else "",
            case_id=self.case_id)

    def _check(self, verdict: str, entity_type: str | None, action: Action | str | None) -> Action | None:
        if verdict not in VERDICTS:
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

    def _preview(self, overrides: list[Override], drop: list[Override]) -> Reviewed:
        """The review as it will be once these overrides are written."""
        current = {o.key: o for o in self.own_overrides()}
        for o in drop:
            current.pop(o.key, None)
        for o in overrides:
            current[o.key] = o
        return self._apply(current.values())

    def _journal(self, label: str, put: list[Override], drop: list[Override]) -> JournalEntry:
        """What undo needs: the rows written, and what the touched keys held before."""
        current = {o.key: o for o in self.own_overrides()}
        touched = tuple(dict.fromkeys([o.key for o in drop] + [o.key for o in put]))
        prior = tuple(current[k] for k in touched if k in current)
        return JournalEntry(label, tuple(put), prior, touched, self.reviewer, utc_now())

    def _write(self, before: Reviewed, put: list[Override], drop: list[Override], keys: list[MentionKey],
               scope: str, note: str, kind: str = "decision", label: str = "decision") -> Reviewed:
        after = self._preview(put, drop)
        events = []
        for key in keys:
            old, new = before.item(key), after.item(key)
            if new is None:
                continue
            events.append(self._event(kind, scope, new, f"{old.status}: {describe(old.decision)}" if old
                                      else "none", f"{new.status}: {describe(new.decision)}", note))
        self.store.record(self.document.id, put=put, delete=drop, events=events,
                          journal=self._journal(label, put, drop), case_id=self.case_id)
        return after

    def _translate(self, verdict: str, proposals: list[Decision | None], entity_type: str,
                   action: Action | None) -> tuple[str, Action | None]:
        return translate_verdict(self.loaded, verdict, proposals, entity_type, action)

    def decide_mention(self, key: MentionKey, verdict: str, entity_type: str | None = None,
                       action: Action | str | None = None, note: str = "") -> Reviewed:
        action = self._check(verdict, entity_type, action)
        before = self.reviewed()
        item = before.item(key)
        if item is None:
            raise ReviewError("that finding is not in this document's review any more")
        if item.proposed is None and verdict in ("mask", "keep"):
            # a manual addition: masking it again changes nothing; keeping it removes it
            if verdict == "keep":
                raise ReviewError("a manual redaction is kept visible by removing it")
            verdict, action = "accept", None
        verdict, action = self._translate(verdict, [item.proposed], item.decision.finding.entity_type, action)
        if verdict == "accept":  # what was accepted, so a different later proposal is not
            entity_type, action = None, item.proposed.action if item.proposed else None
        ov = Override("mention", key.start, key.end, key.entity_id, verdict, entity_type, action,
                      reviewer=self.reviewer, note=note, updated_at=utc_now())
        return self._write(before, [ov], [], [key], "mention", note, label=f"{verdict} {key.entity_id}")

    def decide_entity(self, entity_id: str, verdict: str, entity_type: str | None = None,
                      action: Action | str | None = None, note: str = "") -> Reviewed:
        """One decision for every mention of the entity; mention-level decisions on it are replaced."""
        action = self._check(verdict, entity_type, action)
        before = self.reviewed()
        mentions = before.mentions(entity_id)
        if not mentions:
            raise ReviewError(f"no finding of entity {entity_id} in this document")
        if any(m.proposed is None for m in mentions) and verdict in ("mask", "keep"):
            if verdict == "keep":
                raise ReviewError("a manual redaction is kept visible by removing it")
            verdict, action = "accept", None
        verdict, action = self._translate(verdict, [m.proposed for m in mentions],
                                          mentions[0].decision.finding.entity_type, action)
        if verdict == "accept":
            proposed = {m.proposed.action for m in mentions if m.proposed}
            entity_type, action = None, proposed.pop() if len(proposed) == 1 else None
        ov = Override("entity", -1, -1, entity_id, verdict, entity_type, action, reviewer=self.reviewer,
                      note=note, updated_at=utc_now())
        drop = [Override("mention", m.key.start, m.key.end, entity_id, "accept") for m in mentions]
        return self._write(before, [ov], drop, [m.key for m in mentions], "entity", note,
                           label=f"{verdict} all of {entity_id}")

    def decide_type(self, entity_type: str, verdict: str, note: str = "") -> Reviewed:
        """Bulk: accept (or reject) every still-undecided mention of one entity type."""
        self._check(verdict, None, None)
        if verdict not in ("accept", "reject"):
            raise ReviewError("bulk decisions are accept or reject")
        before = self.reviewed()
        targets = [i for i in before.undecided
                   if i.proposed is not None and i.proposed.finding.entity_type == entity_type]
        if not targets:
            return before
        put = [Override("mention", i.key.start, i.key.end, i.key.entity_id, verdict,
                        action=i.proposed.action if verdict == "accept" else None, reviewer=self.reviewer,
                        note=note, updated_at=utc_now(), bulk=True) for i in targets]
        return self._write(before, put, [], [i.key for i in targets], "type", note,
                           label=f"{verdict} every undecided {entity_type}")

    def add_manual(self, text: str, entity_type: str = "PERSON", action: Action | str | None = None,
                   all_occurrences: bool = True, occurrence: int = 0, note: str = "") -> tuple[str, Reviewed]:
        """Redact text the detector missed. It is looked up in the document (any case and spacing);
        only the offsets of the chosen occurrence are stored, never the text."""
        action = self._check("change", entity_type, action) if action is not None else None
        if entity_type not in ENTITY_TYPES:
            raise ReviewError(f"unknown entity type '{entity_type}'")
        rx = phrase_pattern(text)
        if rx is None:
            raise ReviewError("type the text to redact")
        found = list(rx.finditer(self.document.text))
        if not found:
            raise ReviewError("that text does not occur in this document")
        if not 0 <= occurrence < len(found):
            raise ReviewError(f"that text occurs {len(found)} time(s); choose an occurrence from 1 to {len(found)}")
        match = found[occurrence]
        if self.case is not None and self.case.manual_taken is not None:
            taken = list(self.case.manual_taken())  # numbered across the case: one id, one addition
        else:
            taken = [o.entity_id for o in self.own_overrides() if o.scope == "manual"]
        number = 1 + max((int(e.rpartition("-M")[2]) for e in taken if e.rpartition("-M")[2].isdigit()),
                         default=0)
        entity_id = f"{entity_type}-M{number}"
        ov = Override("manual", match.start(), match.end(), entity_id, "add", entity_type, action,
                      all_occurrences, reviewer=self.reviewer, note=note, updated_at=utc_now())
        after = self._preview([ov], [])
        keys = [i.key for i in after.mentions(entity_id)]
        events = [self._event("manual-add", "manual", after.item(k), "none",
                              f"added: {describe(after.item(k).decision)}", note) for k in keys]
        self.store.record(self.document.id, put=[ov], events=events,
                          journal=self._journal(f"add {entity_id}", [ov], []), case_id=self.case_id)
        return entity_id, after

    def remove_manual(self, entity_id: str, note: str = "") -> Reviewed:
        before = self.reviewed()
        rows = [o for o in self.own_overrides()
                if o.entity_id == entity_id and o.scope in ("manual", "mention", "entity")]
        if not any(o.scope == "manual" for o in rows):
            raise ReviewError(f"{entity_id} is not a manual redaction")
        events = [self._event("manual-remove", "manual", i, f"added: {describe(i.decision)}", "none", note)
                  for i in before.mentions(entity_id)]
        self.store.record(self.document.id, delete=rows, events=events,
                          journal=self._journal(f"remove {entity_id}", [], rows), case_id=self.case_id)
        return self.reviewed()

    # ---- undo and back to undecided ---------------------------------------------------------------
    def last_change(self) -> JournalEntry | None:
        """This reviewer's latest change that undo would take back."""
        return self.store.last_change(self.document.id, self.reviewer, self.case_id)

    def undo(self, note: str = "") -> tuple[JournalEntry, Reviewed]:
        """Take back this reviewer's latest change (repeatable): the touched findings get the
        overrides they had before it. Refused if someone has changed them since."""
        entry = self.last_change()
        if entry is None:
            raise ReviewError("nothing to undo: you have made no decision on this document yet")
        current = {o.key: o for o in self.own_overrides()}
        written = {o.key: o for o in entry.put}
        for key in entry.touched:
            now, then = current.get(key), written.get(key)
            if (now is None) != (then is None) or (now is not None and _essence(now) != _essence(then)):
                who = f" by {now.reviewer}" if now is not None and now.reviewer != self.reviewer else ""
                raise ReviewError(f"cannot undo '{entry.label}': those findings were decided again since{who}")
        before = self.reviewed()
        drop = [current[k] for k in entry.touched if k in current]
        after = self._preview(list(entry.prior), drop)
        keys = _affected(before, after, entry)
        events = [self._event("undo", "mention", after.item(k) or before.item(k),
                              _state(before.item(k)), _state(after.item(k)), note or f"undo: {entry.label}")
                  for k in keys]
        self.store.record(self.document.id, put=list(entry.prior), delete=drop, events=events, undone=entry.id,
                          case_id=self.case_id)
        return entry, after

    def reset_mention(self, key: MentionKey, note: str = "") -> Reviewed:
        """Put one finding back to undecided. If a decision on its whole entity covers it, the other
        mentions keep that decision as their own."""
        before = self.reviewed()
        item = before.item(key)
        if item is None:
            raise ReviewError("that finding is not in this document's review any more")
        if item.proposed is None:
            raise ReviewError("a manual redaction is undone by removing it")
        rows = {o.key: o for o in self.own_overrides()}
        drop, put = [], []
        own = rows.get(("mention", key.start, key.end, key.entity_id))
        entity = rows.get(("entity", -1, -1, key.entity_id))
        if own is not None:
            drop.append(own)
        if entity is not None:
            drop.append(entity)
            for m in before.mentions(key.entity_id):
                if m.key != key and ("mention", m.key.start, m.key.end, m.key.entity_id) not in rows:
                    put.append(Override("mention", m.key.start, m.key.end, m.key.entity_id, entity.verdict,
                                        entity.entity_type, entity.action, reviewer=entity.reviewer,
                                        note=entity.note, updated_at=entity.updated_at, bulk=entity.bulk))
        if not drop:
            return before
        return self._write(before, put, drop, [key], "mention", note, label=f"undecided {key.entity_id}")

    def reset_entity(self, entity_id: str, note: str = "") -> Reviewed:
        """Put every mention of an entity back to undecided."""
        before = self.reviewed()
        mentions = before.mentions(entity_id)
        drop = [o for o in self.own_overrides()
                if o.entity_id == entity_id and o.scope in ("mention", "entity")]
        if not drop:
            return before
        return self._write(before, [], drop, [m.key for m in mentions], "entity", note,
                           label=f"undecided all of {entity_id}")

    # ---- sign-off and export ---------------------------------------------------------------------
    def second_look(self, accept_rest: bool = False, reviewed: Reviewed | None = None) -> list[Concern]:
        """What a careful reviewer should see before signing (see redactor.review.signoff)."""
        return second_look(reviewed or self.reviewed(), accept_rest)

    def sign_off(self, accept_rest: bool = False, note: str = "", acknowledged=()) -> SignOff:
        """Sign the document off: every finding decided, or the rest explicitly accepted as proposed,
        and every group of the second look acknowledged (each tick is in the audit trail)."""
        if self.case is not None:
            raise ReviewError("a document of a case is signed off with its case, on the case's page")
        before = self.reviewed()
        rest = before.undecided
        if rest and not accept_rest:
            raise SignOffRequired(f"{len(rest)} of {before.total} findings are still undecided: decide them "
                                  "or accept the rest as proposed")
        concerns = second_look(before, bool(rest))
        missing = [c for c in concerns if c.id not in set(acknowledged)]
        if missing:
            raise SignOffRequired("look again before signing: " + "; ".join(
                f"{c.title} ({len(c.items)})" for c in missing) + " — tick each group to confirm")
        put = [Override("mention", i.key.start, i.key.end, i.key.entity_id, "accept",
                        action=i.proposed.action if i.proposed else None, reviewer=self.reviewer,
                        note="accepted as proposed at sign-off", updated_at=utc_now(), bulk=True) for i in rest]
        after = self._preview(put, []) if put else before
        events = [self._event("decision", "sign-off", after.item(i.key), f"undecided: {describe(i.decision)}",
                              f"accepted: {describe(i.decision)}", "accepted as proposed at sign-off")
                  for i in rest]
        record = SignOff(self.document.id, self.loaded.id, self.loaded.sha256, plan_digest(after.plan),
                         self.reviewer, utc_now(), bool(rest))
        for concern in concerns:
            events.append(self._event("sign-off-check", "document", None, concern.summary(), "acknowledged", note))
        events.append(self._event("sign-off", "document", None, f"{before.decided} of {before.total} decided",
                                  f"signed off ({after.total} findings)", note))
        self.store.sign_off(record, put, events)
        return record

    def record_export(self, what: str) -> None:
        self.store.append_audit([self._event("export", "document", None, "", what)])



def translate_verdict(loaded: LoadedPolicy, verdict: str, proposals: Sequence[Decision | None], entity_type: str,
                      action: Action | None) -> tuple[str, Action | None]:
    """"mask" and "keep" in the reviewer's words → the stored verdict: taking the proposal is an
    accept, keeping a masked proposal a reject, masking a kept one a change to the action the
    policy gives a private finding of the type."""
    if verdict not in ("mask", "keep"):
        return verdict, action
    masking = {p.action for p in proposals if p is not None and p.masks}
    keeping = any(p is not None and not p.masks for p in proposals)
    if verdict == "keep":
        return ("accept", None) if keeping and not masking else ("reject", None)
    if not keeping and len(masking) == 1:
        return "accept", None
    chosen = masking.pop() if len(masking) == 1 else mask_action(loaded, entity_type)
    return "change", chosen


def _essence(ov: Override) -> tuple:
    return (ov.key, ov.verdict, ov.entity_type, ov.action, ov.all_occurrences, ov.bulk)


def _state(item: ReviewItem | None) -> str:
    return f"{item.status}: {describe(item.decision)}" if item is not None else "none"


def _affected(before: Reviewed, after: Reviewed, entry: JournalEntry) -> list[MentionKey]:
    """The findings an undo changes: every mention of the entities the entry touched."""
    entities = {k[3] for k in entry.touched}
    keys = {i.key for i in before.items if i.key.entity_id in entities}
    keys |= {i.key for i in after.items if i.key.entity_id in entities}
    changed = [k for k in keys if _state(before.item(k)) != _state(after.item(k))]
    return sorted(changed, key=lambda k: (k.start, k.end, k.entity_id))


@dataclass(frozen=True)
class SwitchEffect:
    """What switching policy does to the decisions made so far."""

    decided: int  # decided now
    carried: int  # stay decided under the new policy
    undecided: int  # become undecided (accepted proposals the new policy changes, vanished findings)


def policy_switch_effect(current: Reviewed, document: Document, new_proposed: RedactionPlan,
                         new_loaded: LoadedPolicy, overrides: list[Override]) -> SwitchEffect:
    new = apply_overrides(document, new_proposed, overrides, new_loaded)
    decided_now = {i.key for i in current.items if i.decided}
    decided_then = {i.key for i in new.items if i.decided}
    carried = len(decided_now & decided_then)
    return SwitchEffect(len(decided_now), carried, len(decided_now) - carried)


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
