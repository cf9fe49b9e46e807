"""Which findings deserve a human look first, and how a reviewer moves through them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from redactor.model import Finding

LOW_SCORE = 0.7

FILTERS = ("needs review", "undecided", "all")
FAIL_CLOSED_FLAG = "fail-closed"


def review_flags(finding: Finding) -> tuple[str, ...]:
    """Reasons a proposal is shaky: detection's fail-closed net made it (with its reason), low score,
    a person without a role cue, a name shared by several people, a person kept for a guessed
    public role, or recognizers that disagreed on the span."""
    flags = []
    if finding.fail_closed:
        flags.append(f"{FAIL_CLOSED_FLAG}: {finding.explanation or 'nothing explained it'}")
    if finding.score < LOW_SCORE:
        flags.append("low score")
    if finding.entity_type == "PERSON":
        if finding.role in (None, "private"):
            flags.append("no role cue")
        elif finding.is_public:
            flags.append("public-role guess")
    if "shared by" in finding.explanation:
        flags.append("ambiguous name")
    if "merged with an overlapping finding" in finding.explanation:
        flags.append("conflicting recognizers")
    return tuple(flags)


def fail_closed(item) -> bool:
    return item.proposed is not None and item.proposed.finding.fail_closed


@dataclass(frozen=True)
class EntityRow:
    """One line of the side list: every mention of one entity."""

    entity_id: str
    entity_type: str
    first_start: int
    first_end: int
    mentions: int
    decided: int
    actions: str  # e.g. "tag ×3, keep ×1"
    flagged: bool
    masked: int = 0  # mentions that will not be readable (decided or as proposed)
    kept: int = 0  # mentions that stay visible


def _rank(mode: str):
    """Order within a view: in "needs review", fail-closed findings first, then document order."""
    if mode == "needs review":
        return lambda item: (not fail_closed(item), item.key.start, item.key.end, item.key.entity_id)
    return lambda item: (item.key.start, item.key.end, item.key.entity_id)


def visible(items: Sequence, mode: str) -> list:
    if mode == "needs review":
        # fail-closed findings always need a look, flagged or not
        return sorted((i for i in items if i.flags or fail_closed(i)), key=_rank(mode))
    if mode == "undecided":
        return [i for i in items if not i.decided]
    return list(items)


def _position(items: Sequence, key, mode: str):
    if key is None:
        return None
    item = next((i for i in items if i.key == key), None)
    if item is not None:
        return _rank(mode)(item)
    return (mode == "needs review", key.start, key.end, key.entity_id)


def next_undecided(items: Sequence, after=None, mode: str = "all"):
    """The next undecided item (in the filter and its order) after `after`, wrapping round."""
    pool = [i for i in visible(items, mode) if not i.decided]
    if not pool:
        return None
    position = _position(items, after, mode)
    if position is None:
        return pool[0]
    rank = _rank(mode)
    for item in pool:
        if rank(item) > position:
            return item
    return pool[0]


def step(items: Sequence, current, offset: int, mode: str = "all"):
    """The item `offset` places from `current` within the filter (wrapping), or None."""
    pool = visible(items, mode)
    if not pool:
        return None
    keys = [i.key for i in pool]
    if current in keys:
        return pool[(keys.index(current) + offset) % len(pool)]
    position = _position(items, current, mode)
    if position is None:
        return pool[0]
    rank = _rank(mode)
    later = [k for k, i in enumerate(pool) if rank(i) > position]
    if offset > 0:
        return pool[later[0]] if later else pool[0]
    return pool[later[0] - 1] if later else pool[-1]


def entity_rows(items: Sequence) -> list[EntityRow]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.key.entity_id, []).append(item)
    rows = []
    for entity_id, members in groups.items():
        counts: dict[str, int] = {}
        for m in members:
            counts[m.decision.action.value] = counts.get(m.decision.action.value, 0) + 1
        first = members[0]
        masked = sum(m.masks for m in members)
        rows.append(EntityRow(
            entity_id=entity_id,
            entity_type=(first.proposed or first.decision).finding.entity_type,
            first_start=first.key.start,
            first_end=first.key.end,
            mentions=len(members),
            decided=sum(m.decided for m in members),
            actions=", ".join(f"{a} ×{n}" for a, n in sorted(counts.items())),
            flagged=any(m.flags for m in members),
            masked=masked,
            kept=len(members) - masked,
        ))
    rows.sort(key=lambda r: r.first_start)
    return rows


@dataclass(frozen=True)
class TypeCount:
    """Findings of one entity type by state: the legend's and the summary table's figures."""

    entity_type: str
    findings: int
    undecided: int
    masked: int  # will not be readable, decided or as proposed
    kept: int  # stays visible, decided or as proposed

    @property
    def decided(self) -> int:
        return self.findings - self.undecided


def type_counts(items: Sequence) -> list[TypeCount]:
    tally: dict[str, Counter] = {}
    for item in items:
        entity_type = item.decision.finding.entity_type
        counter = tally.setdefault(entity_type, Counter())
        counter["findings"] += 1
        counter["undecided"] += not item.decided
        counter["masked" if item.masks else "kept"] += 1
    return [TypeCount(t, c["findings"], c["undecided"], c["masked"], c["kept"]) for t, c in sorted(tally.items())]
