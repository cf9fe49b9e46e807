"""A profile alias that no detector finds is masked at every occurrence in every document."""

from __future__ import annotations

import re

from redactor.case import plan_case
from redactor.case.model import CaseDocument
from redactor.case.profile import CaseProfile, Identity
from redactor.detect import detect_many
from redactor.io import document_from_text
from redactor.policy import load_policy
from redactor.render import render_text

TEXTS = [
    "DECLARATION OF OKSANA PETROVA\n\nI, Oksana Petrova, was born in Zhytomyr. At school the other children "
    "called me {a}, and the name stayed with me.\n\nIn 2019 I began to post songs online as {a}.",
    "MEMORANDUM\n\nThe posts of the account {a} were cited by the prosecutor. The account {a} had 4,000 "
    "followers in 2020.",
    "From: counsel\nSubject: exhibits\n\nPlease print the screenshots of the {a} channel and the letter from "
    "the school.",
]
# the fail-closed detector masks any unknown capitalised word, so the alias is an online handle in
# lower case, which no detector can tell from a word
CANDIDATES = ("lanternsong", "pebblestone", "sparrowlight")


def documents_with(alias: str) -> list[CaseDocument]:
    docs = [document_from_text(t.format(a=alias), f"doc{i}.txt") for i, t in enumerate(TEXTS)]
    return [CaseDocument(i, d.source, d, tuple(f)) for i, (d, f) in enumerate(zip(docs, detect_many(docs)))]


def occurrences(text: str, alias: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(alias, text)]


def test_an_alias_no_detector_sees_is_masked_in_every_document():
    # an alias the detector does not find anywhere (checked, not assumed)
    chosen, docs = None, None
    for alias in CANDIDATES:
        docs = documents_with(alias)
        seen = any(f.start < e and s < f.end for d in docs for f in d.findings
                   for s, e in occurrences(d.document.text, alias))
        if not seen:
            chosen = alias
            break
    assert chosen is not None, "every candidate alias is now found by the detector: pick new ones"
    loaded = load_policy("asylum-confidential")
    without = plan_case(docs, loaded)
    assert any(chosen in render_text(d.document.text, p) for d, p in zip(docs, without.plans))

    profile = CaseProfile(identities=[Identity(name="Oksana Petrova", role="applicant", aliases=[chosen])])
    case = plan_case(docs, loaded, profile)
    total = 0
    for doc, plan in zip(docs, case.plans):
        for start, end in occurrences(doc.document.text, chosen):
            total += 1
            cover = [d for d in plan.masked if d.finding.start <= start and end <= d.finding.end]
            assert cover and cover[0].finding.entity_id == "PERSON-1", (doc.rel, start)
        assert chosen not in render_text(doc.document.text, plan)
    assert total == 5
