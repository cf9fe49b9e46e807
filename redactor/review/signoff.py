"""The second look before sign-off: the groups of decisions a careful reviewer should see again.

- private-role persons kept visible (the applicant's own name, rejected, must not slip through);
- entities with mixed decisions across their mentions (one masked, another readable);
- findings the detector could not explain (fail-closed) or scored low, accepted in bulk (a whole
  type at once, or the rest accepted at sign-off) rather than looked at one by one;
- manual additions (the reviewer's own redactions, of a type they chose).

Computed on the decisions as they will be signed: with `accept_rest`, every undecided finding
counts as accepted in bulk as proposed. Each group must be ticked to sign; the ticks are audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from redactor.model import PRIVATE_ROLES
from redactor.review.triage import LOW_SCORE


@dataclass(frozen=True)
class Concern:
    id: str
    title: str
    explanation: str
    items: tuple  # ReviewItems, in document order

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.key.entity_id for i in self.items))

    def summary(self) -> str:
        """For the audit trail: the group, its size and entity ids, never text."""
        shown = ", ".join(self.entities[:20]) + (" …" if len(self.entities) > 20 else "")
        return f"{self.title}: {len(self.items)} finding(s) in {len(self.entities)} entit(ies) ({shown})"


CONCERNS = {
    "private-kept": ("Private persons kept visible",
                     "People with a private role (applicant, family, witness, …) or no role cue whose name "
                     "will stay readable."),
    "mixed": ("Entities with mixed decisions",
              "The same person, number or place is masked in some mentions and readable in others."),
    "bulk-unexplained": ("Unexplained or low-confidence findings accepted in bulk",
                         "Findings the detector could not explain or scored low, accepted with a whole type or "
                         "with the rest at sign-off, not one by one."),
    "manual": ("Manual additions", "Redactions a reviewer added, with the type they chose."),
}


def _kept_visible(item) -> bool:
    return not item.masks


def _shaky(item) -> bool:
    f = item.proposed.finding if item.proposed is not None else None
    return f is not None and (f.fail_closed or f.score < LOW_SCORE)


def second_look(reviewed, accept_rest: bool = False) -> list["Concern"]:
    items: Sequence = reviewed.items
    # undecided findings are signed as proposed when the rest is accepted; otherwise they block
    # sign-off anyway, so they are counted only then
    signed = [i for i in items if i.decided or accept_rest]
    groups: dict[str, list] = {k: [] for k in CONCERNS}
    for item in signed:
        f = item.decision.finding
        if f.entity_type == "PERSON" and (f.role is None or f.role in PRIVATE_ROLES) and _kept_visible(item):
            groups["private-kept"].append(item)
        if _shaky(item) and (item.bulk or (accept_rest and not item.decided)):
            groups["bulk-unexplained"].append(item)
        if item.proposed is None:
            groups["manual"].append(item)
    by_entity: dict[str, list] = {}
    for item in signed:
        by_entity.setdefault(item.key.entity_id, []).append(item)
    for members in by_entity.values():
        if len({m.masks for m in members}) > 1:
            groups["mixed"].extend(members)
    out = []
    for key, members in groups.items():
        if members:
            title, explanation = CONCERNS[key]
            ordered = sorted(set(members), key=lambda i: (i.key.start, i.key.end, i.key.entity_id))
            out.append(Concern(key, title, explanation, tuple(ordered)))
    return out


@dataclass(frozen=True)
class CaseConcern:
    """A second-look group across a case: its findings as (document index, item)."""

    id: str
    title: str
    explanation: str
    items: tuple  # (document index, ReviewItem), in case order

    @property
    def entities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.key.entity_id for _, i in self.items))

    @property
    def documents(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(d for d, _ in self.items))

    def summary(self) -> str:
        """For the audit trail: the group, its size, documents and entity ids, never text."""
        shown = ", ".join(self.entities[:20]) + (" …" if len(self.entities) > 20 else "")
        return (f"{self.title}: {len(self.items)} finding(s) in {len(self.entities)} entit(ies) across "
                f"{len(self.documents)} document(s) ({shown})")


def case_second_look(documents: Sequence) -> list[CaseConcern]:
    """The second look over every document of a case (each `Reviewed`, in case order): the groups
    of `second_look`, and "mixed" across documents: a case entity masked in one document and
    readable in another is the leak a case review exists to catch. A manual addition's id belongs
    to its document."""
    groups: dict[str, list] = {k: [] for k in CONCERNS}
    by_entity: dict[tuple, list] = {}
    for index, reviewed in enumerate(documents):
        for concern in second_look(reviewed):
            if concern.id != "mixed":
                groups[concern.id].extend((index, item) for item in concern.items)
        for item in reviewed.items:
            if item.decided:
                key = (index, item.key.entity_id) if item.proposed is None else (None, item.key.entity_id)
                by_entity.setdefault(key, []).append((index, item))
    for members in by_entity.values():
        if len({item.masks for _, item in members}) > 1:
            groups["mixed"].extend(members)
    out = []
    for key, members in groups.items():
        if members:
            title, explanation = CONCERNS[key]
            ordered = sorted(set(members), key=lambda m: (m[0], m[1].key.start, m[1].key.end, m[1].key.entity_id))
            out.append(CaseConcern(key, title, explanation, tuple(ordered)))
    return out
