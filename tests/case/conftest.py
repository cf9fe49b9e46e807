"""Case fixtures: documents with hand-made findings (no model) for the graph and the search, and the
sample bundle `sample_docs/case_hrytsevich` detected once per session for the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.case.model import CaseDocument
from redactor.io import document_from_text
from redactor.model import Finding

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "sample_docs" / "case_hrytsevich"


def locate(text: str, surface: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def case_document(index: int, text: str, findings: list[tuple], name: str | None = None) -> CaseDocument:
    """`findings`: (surface, occurrence, type, detector entity id, role)."""
    made = []
    for surface, occurrence, etype, entity_id, role in findings:
        start, end = locate(text, surface, occurrence)
        made.append(Finding(start, end, etype, entity_id, role, 0.85, "test"))
    document = document_from_text(text, name or f"doc{index}.txt")
    return CaseDocument(index, name or f"doc{index}.txt", document, tuple(sorted(made, key=lambda f: f.start)))


@pytest.fixture(scope="session")
def bundle_documents():
    """The sample bundle, detected by the real detector once."""
    from redactor.case import case_inputs, detect_case

    return detect_case(case_inputs([BUNDLE]))


@pytest.fixture(scope="session")
def bundle_golds():
    from redactor.gold import load_gold

    return {p.name.removesuffix(".gold.json"): load_gold(p) for p in sorted(BUNDLE.glob("*.gold.json"))}


@pytest.fixture(scope="session")
def bundle_profile():
    from redactor.case import load_profile

    return load_profile(BUNDLE / "case.yaml")
