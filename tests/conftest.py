"""Shared fixtures: the detector (model loaded once per session), the shipped policies, and small
helpers to look findings up by their surface text."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SHIPPED_POLICIES = ("asylum-confidential", "court-publication", "frcp-5-2")

# The suite must not depend on the developer's environment.
for _var in ("REDACTOR_POLICY_DIR", "REDACTOR_SECRET", "REDACTOR_CHUNK_CHARS", "REDACTOR_SPACY_MODEL"):
    os.environ.pop(_var, None)

settings.register_profile(
    "redactor", deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("redactor")


@dataclass
class Detected:
    """The findings of one text, with lookups by surface."""

    text: str
    findings: list

    def spans(self, entity_type: str | None = None) -> list[str]:
        return [self.text[f.start:f.end] for f in self.findings
                if entity_type is None or f.entity_type == entity_type]

    def offsets_of(self, surface: str, occurrence: int = 0) -> tuple[int, int]:
        starts = [m.start() for m in re.finditer(re.escape(surface), self.text)]
        assert len(starts) > occurrence, f"{surface!r} occurs {len(starts)} times in the text"
        start = starts[occurrence]
        return start, start + len(surface)

    def exact(self, surface: str, entity_type: str | None = None, occurrence: int = 0):
        """The finding whose span is exactly the `occurrence`-th `surface` (of that type), or None."""
        start, end = self.offsets_of(surface, occurrence)
        hits = [f for f in self.findings if (f.start, f.end) == (start, end)
                and (entity_type is None or f.entity_type == entity_type)]
        return hits[0] if hits else None

    def covering(self, surface: str, entity_type: str | None = None, occurrence: int = 0) -> list:
        """Findings (of that type) whose span covers the `occurrence`-th `surface`."""
        start, end = self.offsets_of(surface, occurrence)
        return [f for f in self.findings if f.start <= start and end <= f.end
                and (entity_type is None or f.entity_type == entity_type)]

    def touching(self, surface: str, entity_type: str | None = None, occurrence: int = 0) -> list:
        """Findings (of that type) that overlap the `occurrence`-th `surface` at all."""
        start, end = self.offsets_of(surface, occurrence)
        return [f for f in self.findings if f.start < end and start < f.end
                and (entity_type is None or f.entity_type == entity_type)]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def find():
    """`find(text) -> Detected`: runs the real detector (spaCy + Presidio + document pass) once per
    distinct text for the whole session."""
    from redactor.detect import detect
    from redactor.io import document_from_text

    cache: dict[str, Detected] = {}

    def run(text: str) -> Detected:
        if text not in cache:
            cache[text] = Detected(text, detect(document_from_text(text)))
        return cache[text]

    return run


@pytest.fixture(scope="session")
def shipped_policies():
    from redactor.policy import load_policy

    return {name: load_policy(name) for name in SHIPPED_POLICIES}


@pytest.fixture(scope="session")
def redact_text(find, shipped_policies):
    """`redact_text(text, policy_name) -> (plan, rendered)` through the real detector."""
    from redactor.io import document_from_text
    from redactor.policy import apply_policy
    from redactor.render import render_text

    def run(text: str, policy: str = "asylum-confidential"):
        document = document_from_text(text)
        plan = apply_policy(document, find(text).findings, shipped_policies[policy])
        return plan, render_text(text, plan)

    return run
