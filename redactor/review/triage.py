"""Which findings deserve a human look first, and how a reviewer moves through them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from redactor.model import Finding

LOW_SCORE = 0.7

FILTERS = ("all", "needs review", "undecided")


def review_flags(finding: Finding) -> tuple[str, ...]:
    """Reasons a proposal is shaky: low score, a person without a role cue, a name shared by several
    people, a person kept for a guessed public role, or recognizers that disagreed on the span."""
    flags = []
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


def visible(items: Sequence, mode: str) -> list:
    if mode == "needs review":
        return [i for i in items if i.flags]
    if mode == "undecided":
        return [i for i in items if not i.decided]
    return list(items)


def next_undecided(items: Sequence, after=None, mode: str = "all"):
    """The next undecided item (in the filter) after `after` in document order, wrapping round."""
    pool = [i for i in visible(items, mode) if not i.decided]
    if not pool:
        return None
    if after is None:
        return pool[0]
    position = (after.start, after.end, after.entity_id)
    for item in pool:
        if (item.key.start, item.key.end, item.key.entity_id) > position:
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
    return pool[0]


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
        rows.append(EntityRow(
            entity_id=entity_id,
            entity_type=(first.proposed or first.decision).finding.entity_type,
            first_start=first.key.start,
            first_end=first.key.end,
            mentions=len(members),
            decided=sum(m.decided for m in members),
            actions=", ".join(f"{a} ×{n}" for a, n in sorted(counts.items())),
            flagged=any(m.flags for m in members),
        ))
    rows.sort(key=lambda r: r.first_start)
    return rows
