"""Role cues: regions of the text where a role is stated ("Judge X", "X, for Petitioner",
"my son X"), from `data/roles.yaml`, plus the party names of eyecite's case citations."""

from __future__ import annotations

from dataclasses import dataclass

from redactor.detect.legal import Citation
from redactor.detect.wordlists import role_cues


@dataclass(frozen=True)
class RoleRegion:
    start: int
    end: int
    role: str
    seed: bool  # the region's name-like pieces are person-name seeds
    source: str  # "cue" | "citation"


BLOCK_ROLES = {"judge", "attorney"}  # regions whose other findings (places, firms) are professional


def find_role_regions(text: str, citations: list[Citation]) -> list[RoleRegion]:
    regions: list[RoleRegion] = []
    for cue in role_cues():
        for match in cue.regex.finditer(text):
            for group, value in match.groupdict().items():
                if value and group in ("name", "other"):
                    start, end = match.span(group)
                    regions.append(RoleRegion(start, end, cue.role, cue.seed, "cue"))
    for cit in citations:
        for start, end in cit.party_spans:
            regions.append(RoleRegion(start, end, "precedent_party", False, "citation"))
    return regions
