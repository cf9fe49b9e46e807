"""Human overrides + the policy's plan → the reviewed plan.

Every proposed decision becomes a `ReviewItem`: its key (offsets + the detector's entity id), the
policy's proposal, the decision after the reviewer's override (a mention's own override wins over
its entity's), and its status. Manual additions become items too: their text is read from the
document at their stored offsets and, by default, every occurrence of it is masked. Changed and
added decisions carry origin="reviewer" and replacements recomputed by `replacement_for`, and the
result goes through the policy's overlap resolution, so render and log get a plan of the usual
shape: preview and export come from it alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Sequence

from redactor.model import Action, Decision, Document, Finding, RedactionPlan
from redactor.operators import replacement_for
from redactor.policy.apply import decide, policy_secret, resolve_overlaps, rule_params
from redactor.policy.load import LoadedPolicy
from redactor.review.records import MentionKey, Override
from redactor.review.triage import review_flags

KEEP_RULE = "reviewer-keep"
KEEP_BASIS = "kept visible by reviewer"
MASK_RULE = "reviewer-mask"
ADD_RULE = "reviewer-add"

STATUSES = ("undecided", "accepted", "rejected", "changed", "added")


@dataclass(frozen=True)
class ReviewItem:
    key: MentionKey
    proposed: Decision | None  # the policy's decision; None for a manual addition
    decision: Decision  # after the reviewer's override
    status: str
    override: Override | None = None  # the override that decided it (mention, entity or manual)
    in_plan: bool = True  # False when an overlapping redaction absorbed it
    flags: tuple[str, ...] = ()

    @property
    def decided(self) -> bool:
        return self.status != "undecided"

    @property
    def masks(self) -> bool:
        """The span will not be readable in the output (masked, or inside a larger redaction)."""
        return self.decision.masks or not self.in_plan

    @property
    def proposal_masks(self) -> bool:
        """What the policy proposed, in the reviewer's words (a manual addition is a mask)."""
        return self.proposed is None or self.proposed.masks

    @property
    def bulk(self) -> bool:
        """Decided by a bulk decision (a whole type, or the rest accepted at sign-off)."""
        return self.override is not None and self.override.bulk and self.status == "accepted"

    @property
    def changed(self) -> bool:
        """Differs from what the policy proposed (what QC looks at)."""
        if self.proposed is None:
            return True
        p, d = self.proposed, self.decision
        return (p.action, p.finding.entity_type) != (d.action, d.finding.entity_type)


@dataclass(frozen=True)
class Reviewed:
    document_id: str
    items: tuple[ReviewItem, ...]
    plan: RedactionPlan
    unmatched: tuple[Override, ...] = ()  # decisions that match no finding under this policy

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def decided(self) -> int:
        return sum(i.decided for i in self.items)

    @property
    def undecided(self) -> list[ReviewItem]:
        return [i for i in self.items if not i.decided]

    @cached_property
    def _by_key(self) -> dict[MentionKey, ReviewItem]:
        return {i.key: i for i in self.items}

    @cached_property
    def _by_entity(self) -> dict[str, list[ReviewItem]]:
        groups: dict[str, list[ReviewItem]] = {}
        for i in self.items:
            groups.setdefault(i.key.entity_id, []).append(i)
        return groups

    def item(self, key: MentionKey) -> ReviewItem | None:
        return self._by_key.get(key)

    def mentions(self, entity_id: str) -> list[ReviewItem]:
        return list(self._by_entity.get(entity_id, ()))

    def item_at(self, start: int, end: int, entity_id: str | None = None) -> ReviewItem | None:
        """The item a click on a highlight or a box at [start, end) means: that mention, else the
        first mention inside it (a merged redaction), of that entity if one was named."""
        inside = [i for i in self.items if start <= i.key.start and i.key.end <= end] or \
                 [i for i in self.items if i.key.start < end and start < i.key.end]
        same = [i for i in inside if i.key.entity_id == entity_id]
        exact = [i for i in same or inside if (i.key.start, i.key.end) == (start, end)]
        chosen = exact or same or inside
        return chosen[0] if chosen else None


def phrase_pattern(phrase: str) -> re.Pattern | None:
    """A phrase as a whole word (or words), in any case and with any spacing or line break between
    its words: how search, manual additions and "every occurrence" find text."""
    words = phrase.split()
    if not words:
        return None
    body = r"\s+".join(map(re.escape, words))
    return re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])", re.IGNORECASE)


def occurrences(text: str, start: int, end: int, every: bool) -> list[tuple[int, int]]:
    """Where the text at [start, end) occurs: just there, or everywhere in the document as a whole
    word, in any case and with any spacing or line break between its words."""
    if not every:
        return [(start, end)]
    rx = phrase_pattern(text[start:end])
    if rx is None:
        return [(start, end)]
    found = {(m.start(), m.end()) for m in rx.finditer(text)}
    found.add((start, end))
    return sorted(found)


def _params(loaded: LoadedPolicy, rule_id: str, finding: Finding, document: Document, secret: str) -> dict:
    params = rule_params(loaded, rule_id)
    params.update(entity_id=finding.entity_id, entity_type=finding.entity_type,
                  document_id=document.id, secret=secret)
    return params


def _mask_rule(loaded: LoadedPolicy, entity_type: str):
    """The rule the policy applies to a private finding of this type (its default if that keeps)."""
    rule = loaded.policy.rule_for(entity_type, "private")
    return rule if rule.action is not Action.KEEP else loaded.policy.default


def mask_action(loaded: LoadedPolicy, entity_type: str) -> Action:
    """How the policy masks a private finding of this type: what "Mask" means on a keep proposal."""
    action = _mask_rule(loaded, entity_type).action
    return action if action is not Action.KEEP else Action.REDACT


def _kept(decision: Decision) -> Decision:
    return Decision(decision.finding, Action.KEEP, None, KEEP_RULE, KEEP_BASIS, "reviewer")


def _with_action(document: Document, base: Decision, action: Action, loaded: LoadedPolicy,
                 secret: str, same_finding: bool) -> Decision:
    f = base.finding
    if action is Action.KEEP:
        return _kept(base)
    if action is base.action and same_finding:
        return replace(base, origin="reviewer")
    rule_id, basis = base.rule_id, base.basis
    if not base.masks:  # the policy kept it; mask it on the basis it gives private findings
        rule = _mask_rule(loaded, f.entity_type)
        rule_id, basis = MASK_RULE, rule.basis
        params = _params(loaded, rule.id, f, document, secret)
    else:
        params = _params(loaded, rule_id, f, document, secret)
    text = document.text[f.start:f.end]
    return Decision(f, action, replacement_for(action, text, params), rule_id, basis, "reviewer")


def _manual(document: Document, finding: Finding, action: Action | None, loaded: LoadedPolicy,
            secret: str) -> Decision:
    rule = _mask_rule(loaded, finding.entity_type)
    chosen = action if action not in (None, Action.KEEP) else rule.action
    if chosen is Action.KEEP:
        chosen = Action.REDACT
    params = _params(loaded, rule.id, finding, document, secret)
    text = document.text[finding.start:finding.end]
    return Decision(finding, chosen, replacement_for(chosen, text, params), ADD_RULE, rule.basis, "reviewer")


class _RetypedIds:
    """An entity the reviewer moves to another type gets that type's next free number, so tags stay
    of the form [PERSON-7]; every mention of the same entity moved to the same type shares it."""

    def __init__(self, decisions: Sequence[Decision], fixed: dict[tuple[str, str], str] | None = None):
        self.fixed = fixed or {}  # a case's ids for its retyped entities, the same in every document
        self.highest: dict[str, int] = {}
        for d in decisions:
            kind, _, number = d.finding.entity_id.rpartition("-")
            if number.isdigit():
                self.highest[kind] = max(self.highest.get(kind, 0), int(number))
        self.assigned: dict[tuple[str, str], str] = {}

    def __call__(self, entity_id: str, new_type: str) -> str:
        if (entity_id, new_type) in self.fixed:
            return self.fixed[(entity_id, new_type)]
        if (entity_id, new_type) not in self.assigned:
            self.highest[new_type] = self.highest.get(new_type, 0) + 1
            self.assigned[(entity_id, new_type)] = f"{new_type}-{self.highest[new_type]}"
        return self.assigned[(entity_id, new_type)]


def apply_overrides(document: Document, proposed: RedactionPlan, overrides: Sequence[Override],
                    loaded: LoadedPolicy, retype: dict[tuple[str, str], str] | None = None) -> Reviewed:
    """`retype`: (entity id, new type) → the id a retyped entity takes (a case numbers them across
    its documents); others take their type's next free number in this document."""
    secret = policy_secret(loaded)
    by_mention = {(o.start, o.end, o.entity_id): o for o in overrides if o.scope == "mention"}
    by_entity = {o.entity_id: o for o in overrides if o.scope == "entity"}  # the last one wins
    retyped = _RetypedIds(proposed.decisions, retype)

    bases: list[tuple[MentionKey, Decision | None, Decision, Override | None]] = []
    for d in proposed.decisions:
        f = d.finding
        bases.append((MentionKey(f.start, f.end, f.entity_id), d, d, None))
    for m in (o for o in overrides if o.scope == "manual"):
        if not (0 <= m.start < m.end <= len(document.text)):
            continue
        for start, end in occurrences(document.text, m.start, m.end, m.all_occurrences):
            f = Finding(start, end, m.entity_type or "PERSON", m.entity_id, "private", 1.0, "reviewer",
                        "added by reviewer")
            bases.append((MentionKey(start, end, m.entity_id), None, _manual(document, f, m.action, loaded,
                                                                               secret), m))
    bases.sort(key=lambda b: (b[0].start, b[0].end, b[0].entity_id))

    items: list[ReviewItem] = []
    used: set[tuple] = set()
    for key, proposal, base, manual in bases:
        ov = by_mention.get((key.start, key.end, key.entity_id)) or by_entity.get(key.entity_id)
        flags = review_flags(proposal.finding) if proposal is not None else ()
        if ov is None:
            status = "added" if manual else "undecided"
            items.append(ReviewItem(key, proposal, base, status, manual, flags=flags))
            continue
        used.add(ov.key)
        if ov.verdict == "accept" and manual is None and ov.action not in (None, base.action):
            # accepted when the policy proposed something else (another policy, or a policy edit):
            # the reviewer has not seen this proposal, so it is undecided again
            items.append(ReviewItem(key, proposal, base, "undecided", None,
                                    flags=flags + ("proposal changed since accepted",)))
            continue
        if ov.verdict == "accept":
            decision, status = base, ("added" if manual else "accepted")
        elif ov.verdict == "reject":
            decision, status = _kept(base), "rejected"
        else:
            decision, status = _changed(document, base, ov, loaded, secret, retyped, manual), "changed"
        items.append(ReviewItem(key, proposal, decision, status, ov, flags=flags))

    final = resolve_overlaps(document, [i.decision for i in items], secret, loaded)
    planned = {(d.finding.start, d.finding.end, d.finding.entity_id, d.action) for d in final}
    items = [
        i if (i.decision.finding.start, i.decision.finding.end, i.decision.finding.entity_id,
              i.decision.action) in planned else replace(i, in_plan=False)
        for i in items
    ]
    plan = RedactionPlan(proposed.document_id, proposed.policy_id, proposed.policy_sha256, tuple(final))
    unmatched = tuple(o for o in overrides if o.scope != "manual" and o.key not in used)
    return Reviewed(document.id, tuple(items), plan, unmatched)


def _changed(document: Document, base: Decision, ov: Override, loaded: LoadedPolicy, secret: str,
             retyped: _RetypedIds, manual: Override | None) -> Decision:
    f = base.finding
    same_finding = True
    if ov.entity_type and ov.entity_type != f.entity_type:
        f = replace(f, entity_type=ov.entity_type, entity_id=retyped(f.entity_id, ov.entity_type))
        same_finding = False
        # what the policy does with a finding of the new type (allow list, thresholds, role rules)
        base = _manual(document, f, manual.action, loaded, secret) if manual else decide(
            document, f, loaded, secret)
    action = ov.action or base.action
    return _with_action(document, base, action, loaded, secret, same_finding)
